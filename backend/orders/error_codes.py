"""What checkout and the order endpoints refuse with (besides invalid, not_found and the catalog's
variant_unavailable)."""

from core.errors import ErrorCode


class OrdersErrorCode(ErrorCode):
    PAYMENT_METHOD_UNAVAILABLE = "payment_method_unavailable", 400  # not configured or not offered now
    CART_EMPTY = "cart_empty", 400
    COD_NOT_OFFERED = "cod_not_offered", 400  # cash on delivery's rules do not hold (fields.reasons says which)
    INVALID_ADDRESS = "invalid_address", 400  # an address_id that is not one of the shopper's
    INVALID_IDEMPOTENCY_KEY = "invalid_idempotency_key", 400
    OUT_OF_STOCK = "out_of_stock", 409
    NOT_CANCELLABLE = "not_cancellable", 409  # shipped, delivered or already closed
    ILLEGAL_TRANSITION = "illegal_transition", 409  # a move the state machine does not allow
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused", 422  # the same key with a different checkout
    # IMEIs of the units sold (orders/units.py)
    INVALID_IMEI = "invalid_imei", 400  # not 15 digits, or its Luhn check digit is wrong
    DUPLICATE_IMEI = "duplicate_imei", 400  # twice in the request, or on a unit sold and not returned
    IMEI_REQUIRED = "imei_required", 409  # packing before every unit's IMEI is recorded
    UNITS_NOT_EDITABLE = "units_not_editable", 409  # recording IMEIs on an order staff may not pack next
