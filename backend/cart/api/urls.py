from django.urls import path

from cart.api import views

urlpatterns = [
    path("cart/", views.CartView.as_view(), name="cart"),
    path("cart/items/", views.CartItemsView.as_view(), name="cart-items"),
    path("cart/items/<int:pk>/", views.CartItemView.as_view(), name="cart-item"),
    path("cart/coupon/", views.CartCouponView.as_view(), name="cart-coupon"),
    path("cart/merge/", views.CartMergeView.as_view(), name="cart-merge"),
]
