"""The wire codes and HTTP statuses payments answers with are part of the API contract."""

from payments.error_codes import PaymentErrorCode
from payments.gateways.base import GatewayError


def test_vocabulary_is_the_contract():
    assert {code.value: code.http_status for code in PaymentErrorCode} == {
        "wrong_payment_method": 400,
        "order_not_payable": 409,
        "payment_in_progress": 409,
        "amount_too_large": 400,
        "amount_too_small": 400,
        "refund_exceeds_charge": 409,
        "webhook_not_configured": 503,
        "payment_method_unavailable": 400,
        "gateway_refused": 502,
        "gateway_unavailable": 502,
        "gateway_mismatch": 502,
        "invalid_signature": 400,
        "invalid_payload": 400,
        "payment_mismatch": 400,
        "cod_invalid_code": 400,
        "cod_too_many_attempts": 429,
        "cod_too_many_codes": 429,
        "cod_not_awaiting_confirmation": 409,
        "cod_not_blocked": 409,
        "cod_remittance_invalid": 400,
    }


def test_gateway_error_keeps_the_providers_reason():
    error = GatewayError(PaymentErrorCode.GATEWAY_REFUSED, "Stripe refused.", provider_code="charge_already_refunded")
    assert (error.http_status, error.message, error.provider_code) == (
        502,
        "Stripe refused.",
        "charge_already_refunded",
    )
