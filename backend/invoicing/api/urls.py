from django.urls import path

from invoicing.api import views

urlpatterns = [
    path("orders/<int:pk>/invoice/", views.InvoicePdfView.as_view(), name="order-invoice"),
    path("orders/<int:pk>/credit-notes/<int:note_id>/", views.CreditNotePdfView.as_view(), name="order-credit-note"),
]
