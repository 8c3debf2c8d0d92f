"""The wire codes and HTTP statuses shipping answers with are part of the API contract."""

from shipping.error_codes import ShippingErrorCode


def test_vocabulary_is_the_contract():
    assert {code.value: code.http_status for code in ShippingErrorCode} == {
        "invalid_pincode": 400,
        "pincode_not_serviceable": 400,
        "shipment_required": 409,
        "invalid_token": 401,
        "awb_not_assigned": 404,
        "nothing_to_manifest": 409,
        "manifest_exists": 409,
        "shipment_cancelled": 409,
        "carrier_refused": 502,
        "carrier_unavailable": 503,
    }
