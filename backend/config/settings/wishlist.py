"""The wishlist and the price and stock alerts (wishlist app). README "Wishlist and alerts" config rows."""

from config.env import env_int

# How many phones a wishlist holds, and how many alerts (back in stock, price drop) a shopper may keep.
WISHLIST_MAX_ITEMS = env_int("WISHLIST_MAX_ITEMS", 100)
ALERTS_MAX_PER_SHOPPER = env_int("ALERTS_MAX_PER_SHOPPER", 50)
# How often the batch looks for alerts to tell (each shopper gets one message for all their alerts that
# fired, at most one per variant a day), and how many shoppers one run tells at most.
ALERTS_BATCH_SECONDS = env_int("ALERTS_BATCH_SECONDS", 15 * 60)
ALERTS_BATCH_SHOPPERS = env_int("ALERTS_BATCH_SHOPPERS", 500)
# An alert message's unsubscribe link works without signing in, for this many days.
ALERTS_UNSUBSCRIBE_DAYS = env_int("ALERTS_UNSUBSCRIBE_DAYS", 90)

# Contributions gathered in config/settings/__init__.py (lowercase: not settings themselves).
beat_schedule = {
    "wishlist-send-alerts": {"task": "wishlist.tasks.send_due_alerts", "schedule": ALERTS_BATCH_SECONDS},
}
enum_name_overrides = {"AlertKindEnum": "wishlist.models.AlertKind"}
