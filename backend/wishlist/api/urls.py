from django.urls import path

from wishlist.api import views

urlpatterns = [
    path("wishlist/", views.WishlistView.as_view(), name="wishlist"),
    path("wishlist/merge/", views.WishlistMergeView.as_view(), name="wishlist-merge"),
    path("wishlist/<int:product_id>/", views.WishlistItemView.as_view(), name="wishlist-item"),
    path("alerts/", views.AlertsView.as_view(), name="alerts"),
    path("alerts/unsubscribe/", views.UnsubscribeView.as_view(), name="alerts-unsubscribe"),
    path("alerts/<int:pk>/", views.AlertView.as_view(), name="alert"),
]
