"""Payment gateways (dev, Razorpay, Stripe) and exchange rates (payments and currency apps). A gateway is
offered only when configured."""

from config.env import env_bool, env_decimal, env_int, env_list, env_str
from config.settings.base import DEBUG

# The dev gateway ("Test payment, no money moves"): with DEBUG off it fails the system check payments.E001.
PAYMENTS_DEV_GATEWAY = env_bool("PAYMENTS_DEV_GATEWAY", DEBUG)

RAZORPAY_KEY_ID = env_str("RAZORPAY_KEY_ID")
RAZORPAY_KEY_SECRET = env_str("RAZORPAY_KEY_SECRET")
RAZORPAY_WEBHOOK_SECRET = env_str("RAZORPAY_WEBHOOK_SECRET")
RAZORPAY_API_BASE = env_str("RAZORPAY_API_BASE", "https://api.razorpay.com").rstrip("/")
RAZORPAY_TIMEOUT_SECONDS = env_int("RAZORPAY_TIMEOUT_SECONDS", 10)

# Stripe is offered only when both keys are set; its webhooks need the endpoint's whsec_ secret.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env_str("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
STRIPE_CURRENCIES = [code.upper() for code in env_list("STRIPE_CURRENCIES", ["INR", "USD", "EUR", "GBP", "AED", "SGD"])]
STRIPE_API_BASE = env_str("STRIPE_API_BASE", "https://api.stripe.com").rstrip("/")
STRIPE_TIMEOUT_SECONDS = env_int("STRIPE_TIMEOUT_SECONDS", 10)
STRIPE_MAX_NETWORK_RETRIES = env_int("STRIPE_MAX_NETWORK_RETRIES", 2)
STRIPE_MIN_CHARGE_USD = env_decimal("STRIPE_MIN_CHARGE_USD", "0.50")

# Exchange rates (units per 1 INR) are kept by staff; older ones are refused, never charged at.
EXCHANGE_RATE_MAX_AGE_HOURS = env_int("EXCHANGE_RATE_MAX_AGE_HOURS", 48)
EXCHANGE_RATE_MARKUP_PERCENT = env_decimal("EXCHANGE_RATE_MARKUP_PERCENT", "0")

# Cash on delivery (payments/cod_services.py): offered at checkout for an order up to COD_MAX_ORDER_VALUE (the
# amount the courier collects, COD_FEE included) to a pincode where the carrier collects cash, to a shopper not
# blocked after COD_MAX_RTO parcels refused. The shopper confirms a COD order with a code within
# COD_CONFIRM_MINUTES, else it is cancelled and its stock released. COD_FEE is a line of its own, taxed like shipping.
COD_ENABLED = env_bool("COD_ENABLED", True)
COD_MAX_ORDER_VALUE = env_decimal("COD_MAX_ORDER_VALUE", "50000")
COD_FEE = env_decimal("COD_FEE", "0")
COD_CONFIRM_MINUTES = env_int("COD_CONFIRM_MINUTES", 30)
COD_MAX_RTO = env_int("COD_MAX_RTO", 2)

# Contributions gathered in config/settings/__init__.py (lowercase: not settings themselves).
beat_schedule = {
    "retry-pending-refunds": {"task": "payments.tasks.retry_pending_refunds", "schedule": 10 * 60},
}
enum_name_overrides = {"PaymentStatusEnum": "payments.models.PaymentStatus"}
