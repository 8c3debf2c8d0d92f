"""What the cart refuses with (besides not_found, conflict and the catalog's variant_unavailable)."""

from core.errors import ErrorCode


class CartErrorCode(ErrorCode):
    INVALID_QUANTITY = "invalid_quantity", 400  # outside 1..CART_MAX_QUANTITY_PER_ITEM
    INSUFFICIENT_STOCK = "insufficient_stock", 409
