from django.urls import path

from staff.api import cod_views, coupon_views, report_views, returns, views

urlpatterns = [
    path("staff/variants/", views.VariantListView.as_view(), name="staff-variant-list"),
    path("staff/variants/<int:pk>/", views.VariantDetailView.as_view(), name="staff-variant-detail"),
    path("staff/orders/", views.OrderListView.as_view(), name="staff-order-list"),
    path("staff/orders/<int:pk>/", views.OrderDetailView.as_view(), name="staff-order-detail"),
    path("staff/orders/<int:pk>/transition/", views.OrderMoveView.as_view(), name="staff-order-transition"),
    path("staff/orders/<int:pk>/shipment/", views.OrderShipmentView.as_view(), name="staff-order-shipment"),
    path("staff/orders/<int:pk>/refund/", views.OrderRefundView.as_view(), name="staff-order-refund"),
    path("staff/orders/<int:pk>/units/", views.OrderUnitsView.as_view(), name="staff-order-units"),
    path("staff/units/", views.UnitLookupView.as_view(), name="staff-unit-lookup"),
    path("staff/returns/", returns.StaffReturnListView.as_view(), name="staff-return-list"),
    path("staff/returns/<int:pk>/", returns.StaffReturnDetailView.as_view(), name="staff-return-detail"),
    path("staff/returns/<int:pk>/<str:step>/", returns.StaffReturnStepView.as_view(), name="staff-return-step"),
    path("staff/audit/", views.AuditLogListView.as_view(), name="staff-audit-list"),
    path("staff/users/<int:pk>/role/", views.UserRoleView.as_view(), name="staff-user-role"),
    path("staff/reports/gstr1/", views.Gstr1View.as_view(), name="staff-report-gstr1"),
    path("staff/reports/dashboard/", report_views.DashboardView.as_view(), name="staff-report-dashboard"),
    path("staff/cod/customers/<int:pk>/unblock/", cod_views.CodUnblockView.as_view(), name="staff-cod-unblock"),
    path("staff/cod/remittances/", cod_views.CodRemittanceView.as_view(), name="staff-cod-remittances"),
    path("staff/cod/outstanding/", cod_views.CodOutstandingView.as_view(), name="staff-cod-outstanding"),
    path("staff/coupons/", coupon_views.CouponListView.as_view(), name="staff-coupon-list"),
    path("staff/coupons/<int:pk>/", coupon_views.CouponDetailView.as_view(), name="staff-coupon-detail"),
    path("staff/variants/bulk/", views.VariantBulkView.as_view(), name="staff-variant-bulk"),
    path("staff/catalog/export/", views.CatalogExportView.as_view(), name="staff-catalog-export"),
    path("staff/catalog/import/", views.CatalogImportView.as_view(), name="staff-catalog-import"),
]
