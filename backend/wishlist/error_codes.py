"""What the wishlist and the alerts refuse with (besides not_found, invalid and the catalog's variant_unavailable)."""

from core.errors import ErrorCode


class WishlistErrorCode(ErrorCode):
    WISHLIST_FULL = "wishlist_full", 400  # WISHLIST_MAX_ITEMS phones already
    ALERT_LIMIT = "alert_limit", 400  # ALERTS_MAX_PER_USER alerts already
    VARIANT_IN_STOCK = "variant_in_stock", 409  # "notify me" on a variant that can be bought now
    INVALID_UNSUBSCRIBE_LINK = "invalid_unsubscribe_link", 400  # not a token we signed (or altered)
    EXPIRED_UNSUBSCRIBE_LINK = "expired_unsubscribe_link", 400  # older than ALERTS_UNSUBSCRIBE_DAYS
