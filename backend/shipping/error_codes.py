"""Shipping's refusals on the wire (besides core.errors.CommonErrorCode's invalid and not_found)."""

from core.errors import ErrorCode


class ShippingErrorCode(ErrorCode):
    INVALID_PINCODE = "invalid_pincode", 400
    PINCODE_NOT_SERVICEABLE = "pincode_not_serviceable", 400
    SHIPMENT_REQUIRED = "shipment_required", 409  # a step the carrier reports needs a booked shipment (AWB)
    INVALID_TOKEN = "invalid_token", 401  # the carrier's webhook token is missing or wrong
