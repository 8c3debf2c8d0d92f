"""Why a coupon is refused (POST /api/cart/coupon/, and checkout, which checks it again). Each answer's
message is one the storefront shows as it is ("This coupon needs a cart of ₹20,000 or more")."""

from core.errors import ErrorCode


class CouponsErrorCode(ErrorCode):
    COUPON_NOT_FOUND = "coupon_not_found", 400  # no such code
    COUPON_INACTIVE = "coupon_inactive", 400  # switched off by staff
    COUPON_NOT_STARTED = "coupon_not_started", 400  # before valid_from
    COUPON_EXPIRED = "coupon_expired", 400  # at or after valid_until
    COUPON_USED_UP = "coupon_used_up", 409  # every use taken (checkout's race loser gets this too)
    COUPON_ALREADY_USED = "coupon_already_used", 400  # this shopper's uses taken
    COUPON_NOT_APPLICABLE = "coupon_not_applicable", 400  # no line of the coupon's brand/category
    COUPON_MIN_SUBTOTAL = "coupon_min_subtotal", 400  # eligible lines below min_subtotal
