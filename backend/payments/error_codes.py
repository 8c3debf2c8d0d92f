"""Payments' refusals on the wire (besides core.errors.CommonErrorCode's not_found)."""

from core.errors import ErrorCode


class PaymentErrorCode(ErrorCode):
    # The order cannot be paid this way now.
    WRONG_PAYMENT_METHOD = "wrong_payment_method", 400
    ORDER_NOT_PAYABLE = "order_not_payable", 409
    PAYMENT_IN_PROGRESS = "payment_in_progress", 409
    AMOUNT_TOO_LARGE = "amount_too_large", 400
    AMOUNT_TOO_SMALL = "amount_too_small", 400
    # A refund larger than what is left of the charge, or of a payment that holds no money now.
    REFUND_EXCEEDS_CHARGE = "refund_exceeds_charge", 409
    WEBHOOK_NOT_CONFIGURED = "webhook_not_configured", 503
    # GatewayError: the gateway is not offered here, refused, could not be reached, or answered wrongly.
    PAYMENT_METHOD_UNAVAILABLE = "payment_method_unavailable", 400
    GATEWAY_REFUSED = "gateway_refused", 502
    GATEWAY_UNAVAILABLE = "gateway_unavailable", 502
    GATEWAY_MISMATCH = "gateway_mismatch", 502
    # InvalidSignature: what the browser or a webhook sent does not verify.
    INVALID_SIGNATURE = "invalid_signature", 400
    INVALID_PAYLOAD = "invalid_payload", 400
    PAYMENT_MISMATCH = "payment_mismatch", 400
    # Cash on delivery's confirmation code (payments/cod_services.py).
    COD_INVALID_CODE = "cod_invalid_code", 400  # wrong code; the message says how many tries are left
    COD_TOO_MANY_ATTEMPTS = "cod_too_many_attempts", 429  # the code is burnt: ask for a new one (resend)
    COD_TOO_MANY_CODES = "cod_too_many_codes", 429  # every resend of the order used up
    COD_NOT_AWAITING_CONFIRMATION = "cod_not_awaiting_confirmation", 409  # not COD, confirmed, cancelled or expired
    COD_NOT_BLOCKED = "cod_not_blocked", 409  # staff lifting a block that is not there
    COD_REMITTANCE_INVALID = "cod_remittance_invalid", 400  # fields name each refused AWB, UTR or CSV row
