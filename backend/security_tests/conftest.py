"""The schemathesis run pays through Razorpay and Stripe configured against their local fakes (payments' fixtures)."""

from payments.tests.conftest import razorpay, stripe_api

__all__ = ["razorpay", "stripe_api"]
