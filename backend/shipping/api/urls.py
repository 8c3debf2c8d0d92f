from django.urls import path

from shipping.api import views

urlpatterns = [
    path("shipping/estimate/", views.EstimateView.as_view(), name="shipping-estimate"),
    path("shipping/webhook/", views.ShippingWebhookView.as_view(), name="shipping-webhook"),
    path("orders/<int:pk>/tracking/", views.OrderTrackingView.as_view(), name="order-tracking"),
]
