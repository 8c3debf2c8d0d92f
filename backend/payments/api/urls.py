from django.urls import path

from payments.api import views

urlpatterns = [
    path("payments/razorpay/create/", views.RazorpayCreateView.as_view(), name="razorpay-create"),
    path("payments/razorpay/verify/", views.RazorpayVerifyView.as_view(), name="razorpay-verify"),
    path("payments/razorpay/webhook/", views.RazorpayWebhookView.as_view(), name="razorpay-webhook"),
    path("payments/stripe/create/", views.StripeCreateView.as_view(), name="stripe-create"),
    path("payments/stripe/quote/", views.StripeQuoteView.as_view(), name="stripe-quote"),
    path("payments/stripe/webhook/", views.StripeWebhookView.as_view(), name="stripe-webhook"),
    path("payments/dev/confirm/", views.DevConfirmView.as_view(), name="dev-confirm"),
    path("orders/<int:pk>/cod/confirm/", views.CodConfirmView.as_view(), name="cod-confirm"),
    path("orders/<int:pk>/cod/resend/", views.CodResendView.as_view(), name="cod-resend"),
]
