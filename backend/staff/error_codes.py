"""What the staff endpoints refuse with (besides invalid, not_found and the orders app's illegal_transition)."""

from core.errors import ErrorCode


class StaffErrorCode(ErrorCode):
    PRICE_ABOVE_MRP = "price_above_mrp", 400  # Legal Metrology: never sold above the printed MRP
    SUPERUSER = "superuser", 400  # a superuser's role is changed in the Django admin only
    OWN_ROLE = "own_role", 400  # an admin cannot demote themselves
    SHIPMENT_REQUIRED = "shipment_required", 409  # SHIPPED needs a booked shipment (an AWB)
    BOOKING_FAILED = "booking_failed", 409
    NOT_SHIPPABLE = "not_shippable", 409
    NOT_REFUNDABLE = "not_refundable", 409
    NOTHING_TO_REFUND = "nothing_to_refund", 409
    OWN_ACCOUNT = "own_account", 400  # an admin cannot deactivate themselves
    LAST_ADMIN = "last_admin", 409  # the last active admin can be neither deactivated nor demoted
    ACCOUNT_EXISTS = "account_exists", 409  # an invitation to an email that has an account
    STALE_VERSION = "stale_version", 409  # a variant edited from an older read: reload and edit again
    IMPORT_INVALID = "import_invalid", 400  # a catalog CSV that cannot be read (its rows' errors are per field)
