"""Cart and checkout rules (cart and orders apps), and the stock level the staff console warns at."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_decimal, env_int

CART_MAX_QUANTITY_PER_ITEM = env_int("CART_MAX_QUANTITY_PER_ITEM", 5)
CART_GUEST_TTL_DAYS = env_int("CART_GUEST_TTL_DAYS", 30)
SHIPPING_FEE = env_decimal("SHIPPING_FEE", "99.00")
FREE_SHIPPING_THRESHOLD = env_decimal("FREE_SHIPPING_THRESHOLD", "499.00")
ORDER_RESERVATION_MINUTES = env_int("ORDER_RESERVATION_MINUTES", 15)
ORDER_EXPIRY_SWEEP_SECONDS = env_int("ORDER_EXPIRY_SWEEP_SECONDS", 60)
# A sellable variant with fewer units than this in stock is "low stock" on the staff console's Today
# (GET /api/staff/reports/dashboard/); 0 shows none.
LOW_STOCK_THRESHOLD = env_int("LOW_STOCK_THRESHOLD", 3)
if LOW_STOCK_THRESHOLD < 0:
    raise ImproperlyConfigured(f"LOW_STOCK_THRESHOLD must be 0 or more, got {LOW_STOCK_THRESHOLD}")

# Contributions gathered in config/settings/__init__.py (lowercase: not settings themselves).
beat_schedule = {
    "expire-unpaid-orders": {"task": "orders.tasks.expire_unpaid_orders", "schedule": ORDER_EXPIRY_SWEEP_SECONDS},
    "purge-stale-guest-carts": {"task": "cart.tasks.purge_stale_guest_carts", "schedule": 6 * 60 * 60},
}
# A coupon's kind keeps its name beside other fields named "kind" (the alerts').
enum_name_overrides = {"OrderStatusEnum": "orders.models.OrderStatus", "KindEnum": "coupons.models.CouponKind"}
# The storefront (another origin) sends the guest cart token and checkout's Idempotency-Key.
cors_allow_headers = ["x-cart-token", "idempotency-key"]
cors_expose_headers = ["X-Cart-Token"]
