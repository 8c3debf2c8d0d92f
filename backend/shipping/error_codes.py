"""Shipping's refusals on the wire (besides core.errors.CommonErrorCode's invalid and not_found)."""

from core.errors import ErrorCode


class ShippingErrorCode(ErrorCode):
    INVALID_PINCODE = "invalid_pincode", 400
    PINCODE_NOT_SERVICEABLE = "pincode_not_serviceable", 400
    SHIPMENT_REQUIRED = "shipment_required", 409  # a step the carrier reports needs a booked shipment (AWB)
    INVALID_TOKEN = "invalid_token", 401  # the carrier's webhook token is missing or wrong
    AWB_NOT_ASSIGNED = "awb_not_assigned", 404  # no label yet: the order has no shipment with an AWB
    NOTHING_TO_MANIFEST = "nothing_to_manifest", 409  # no booked parcel awaits pickup without a manifest
    MANIFEST_EXISTS = "manifest_exists", 409  # one manifest per carrier and day
    SHIPMENT_CANCELLED = "shipment_cancelled", 409  # no label for a cancelled parcel
    CARRIER_REFUSED = "carrier_refused", 502  # the carrier answered, but made no label or manifest
    CARRIER_UNAVAILABLE = "carrier_unavailable", 503  # the carrier cannot be reached (or is not configured)
