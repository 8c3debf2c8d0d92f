from payments.tests.conftest import razorpay, stripe_api  # noqa: F401  the gateways' stand-ins
