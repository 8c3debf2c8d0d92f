"""Shipping (Shiprocket or the mock provider), order emails, and the storefront's URLs (shipping and
notifications apps, catalog's revalidation). README "Shipping" config rows."""

from config.env import env_bool, env_int, env_str
from config.settings.base import DEBUG, STORE_NAME

# Shiprocket is used when an API user's email and password are set, the mock provider otherwise.
# The plan's SHIPROCKET_API_KEY / SHIPROCKET_API_SECRET are accepted as aliases for the same pair.
SHIPROCKET_EMAIL = env_str("SHIPROCKET_EMAIL") or env_str("SHIPROCKET_API_KEY")
SHIPROCKET_PASSWORD = env_str("SHIPROCKET_PASSWORD") or env_str("SHIPROCKET_API_SECRET")
SHIPROCKET_PICKUP_LOCATION = env_str("SHIPROCKET_PICKUP_LOCATION", "Primary")
SHIPROCKET_WEBHOOK_TOKEN = env_str("SHIPROCKET_WEBHOOK_TOKEN")
SHIPROCKET_API_BASE = env_str("SHIPROCKET_API_BASE", "https://apiv2.shiprocket.in").rstrip("/")
SHIPROCKET_TIMEOUT_SECONDS = env_int("SHIPROCKET_TIMEOUT_SECONDS", 5)
SHIPPING_ORIGIN_PINCODE = env_str("SHIPPING_ORIGIN_PINCODE", "560001")
# Returns: the shopper may ask within RETURN_WINDOW_DAYS of delivery; reverse pickups go to the warehouse at
# SHIPPING_ORIGIN_PINCODE in RETURN_WAREHOUSE_CITY (street address and phone: the SELLER_* settings).
RETURN_WINDOW_DAYS = env_int("RETURN_WINDOW_DAYS", 7)
RETURN_WAREHOUSE_CITY = env_str("RETURN_WAREHOUSE_CITY", "Bengaluru")
SHIPPING_AUTO_CREATE = env_bool("SHIPPING_AUTO_CREATE", True)
SHIPPING_BOOKING_MAX_ATTEMPTS = env_int("SHIPPING_BOOKING_MAX_ATTEMPTS", 5)
# The mock's simulated tracking: picked up, in transit, out for delivery, delivered, one step apart.
SHIPPING_MOCK_TRACKING = env_bool("SHIPPING_MOCK_TRACKING", DEBUG)
SHIPPING_MOCK_STEP_SECONDS = env_int("SHIPPING_MOCK_STEP_SECONDS", 120)
SHIPPING_TRACKING_SYNC_SECONDS = env_int(
    "SHIPPING_TRACKING_SYNC_SECONDS", 1800 if SHIPROCKET_EMAIL and SHIPROCKET_PASSWORD else 30
)
SHIPPING_TRACKING_SYNC_BATCH = env_int("SHIPPING_TRACKING_SYNC_BATCH", 200)
SHIPPING_ESTIMATE_CACHE_SECONDS = env_int("SHIPPING_ESTIMATE_CACHE_SECONDS", 3600)
# Packing a phone waits for staff to record each unit's IMEI (orders/units.py). In the demo (DEBUG, the mock
# carrier) nobody stands at the packing table: the automatic booking records generated valid IMEIs instead,
# so `make run` goes from payment to delivery alone. Never in production (system check shipping.W005).
DEMO_AUTO_IMEI = env_bool("DEMO_AUTO_IMEI", DEBUG and not (SHIPROCKET_EMAIL and SHIPROCKET_PASSWORD))

# The storefront's address, for links in emails.
STOREFRONT_URL = env_str("STOREFRONT_URL", "http://127.0.0.1:" + env_str("WEB_PORT", "3000")).rstrip("/")
# A catalog change expires the storefront's cached pages at once (catalog/storefront.py): one POST to its
# /api/revalidate per transaction, with the secret the storefront checks. Off without REVALIDATE_SECRET.
REVALIDATE_SECRET = env_str("REVALIDATE_SECRET")
STOREFRONT_REVALIDATE_URL = env_str("STOREFRONT_REVALIDATE_URL", STOREFRONT_URL + "/api/revalidate")
STOREFRONT_REVALIDATE_TIMEOUT = env_int("STOREFRONT_REVALIDATE_TIMEOUT", 3)

# Email (order emails, sign-in codes, password resets) through Django's mail backend: the console unless
# EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
if env_str("EMAIL_FILE_PATH"):  # for django.core.mail.backends.filebased.EmailBackend (the e2e run reads codes there)
    EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{STORE_NAME} <orders@phonestore.local>")
# Order emails owed for events of the last ORDER_EMAIL_CATCH_UP_HOURS that did not go out (their task lost
# with the broker, or the mail server failed) are sent by a periodic catch-up, each tried at most
# ORDER_EMAIL_MAX_ATTEMPTS times (notifications.services.send_missed_order_emails); return steps' emails likewise
# (returns.emails.send_missed_return_emails, tried on each pass within the window).
ORDER_EMAIL_CATCH_UP_HOURS = env_int("ORDER_EMAIL_CATCH_UP_HOURS", 24)
ORDER_EMAIL_MAX_ATTEMPTS = env_int("ORDER_EMAIL_MAX_ATTEMPTS", 5)

# Contributions gathered in config/settings/__init__.py (lowercase: not settings themselves).
beat_schedule = {
    "shipping-sync-tracking": {"task": "shipping.tasks.sync_tracking", "schedule": SHIPPING_TRACKING_SYNC_SECONDS},
    "shipping-book-pending": {"task": "shipping.tasks.book_pending_shipments", "schedule": 5 * 60},
    # After-commit work lost with the broker, caught up from the database (docs/operations.md).
    "shipping-cancel-pending": {"task": "shipping.tasks.cancel_pending_at_carrier", "schedule": 5 * 60},
    "returns-sync-pickups": {"task": "returns.tasks.sync_pickups", "schedule": SHIPPING_TRACKING_SYNC_SECONDS},
    "notifications-send-missed": {"task": "notifications.tasks.send_missed_order_emails", "schedule": 5 * 60},
    "returns-send-missed-emails": {"task": "returns.tasks.send_missed_return_emails", "schedule": 5 * 60},
}
enum_name_overrides = {
    "ShipmentStatusEnum": "shipping.models.ShipmentStatus",
    "ReturnOutcomeEnum": "returns.models.ReturnOutcome",
    "ReturnReasonEnum": "returns.models.ReturnReason",
    "ReturnStatusEnum": "returns.models.ReturnStatus",
    "DispositionEnum": "returns.models.Disposition",
}
