"""Cash on delivery's offer: every reason it is not offered, and GET /api/checkout/options/ saying so."""

from decimal import Decimal
from unittest import mock

import pytest

from orders.tests.fixtures import add_to_cart
from payments.cod_services import cod_offer
from payments.models import CodStanding
from shipping.providers.base import ProviderUnavailable

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cod_settings(settings):
    settings.SHIPROCKET_EMAIL = settings.SHIPROCKET_PASSWORD = ""  # the mock carrier: COD everywhere but remote
    settings.SHIPPING_ORIGIN_PINCODE = "560001"
    settings.COD_ENABLED = True
    settings.COD_MAX_ORDER_VALUE = Decimal("50000")
    settings.COD_FEE = Decimal("49")
    return settings


def codes(reasons):
    return [r["code"] for r in reasons]


def test_offered_for_a_signed_in_shopper_under_the_limit_at_a_cod_pincode(user):
    assert cod_offer(user, Decimal("19999.00"), "700016") == (True, [])


@pytest.mark.parametrize(
    "total,pincode,expected",
    [
        (Decimal("49951.01"), "700016", ["order_value_too_high"]),  # the fee counts: 49,951.01 + 49 > 50,000
        (Decimal("1000"), "", ["pincode_required"]),
        (Decimal("1000"), "12345", ["invalid_pincode"]),
        (Decimal("1000"), "190001", ["pincode_not_serviceable"]),  # Srinagar: remote zone, no COD
        (Decimal("1000"), "900001", ["pincode_not_serviceable"]),  # Army Postal Service: no courier at all
        (Decimal("60000"), "", ["order_value_too_high", "pincode_required"]),  # every reason, not the first
    ],
)
def test_each_reason(user, total, pincode, expected):
    offered, reasons = cod_offer(user, total, pincode)
    assert not offered and codes(reasons) == expected
    assert all(r["message"] for r in reasons)


def test_exactly_at_the_limit_is_offered(user):
    assert cod_offer(user, Decimal("49951.00"), "700016")[0]


def test_a_guest_must_sign_in(db):
    from django.contrib.auth.models import AnonymousUser

    assert codes(cod_offer(AnonymousUser(), Decimal("1000"), "700016")[1]) == ["sign_in_required"]


def test_a_blocked_shopper_is_not_offered_cod(user):
    CodStanding.objects.create(user=user, rto_count=2, blocked=True)
    assert codes(cod_offer(user, Decimal("1000"), "700016")[1]) == ["customer_blocked"]


def test_the_carrier_not_answering_means_not_offered(user):
    with mock.patch("shipping.services.cod_serviceable", side_effect=ProviderUnavailable("breaker open")):
        assert codes(cod_offer(user, Decimal("1000"), "700016")[1]) == ["carrier_unavailable"]


def cod_method(response):
    assert response.status_code == 200, response.content
    return next(m for m in response.json()["payment_methods"] if m["code"] == "cod")


def test_the_options_list_cod_with_its_fee_and_reasons(auth_client, variant):
    add_to_cart(auth_client, variant, 1)  # ₹19,999

    offered = cod_method(auth_client.get("/api/checkout/options/?pincode=700016"))
    assert offered["offered"] is True and offered["reasons"] == [] and offered["fee"] == "49.00"

    far = cod_method(auth_client.get("/api/checkout/options/?pincode=190001"))
    assert far["offered"] is False and codes(far["reasons"]) == ["pincode_not_serviceable"]

    add_to_cart(auth_client, variant, 2)  # ₹59,997 now
    both = cod_method(auth_client.get("/api/checkout/options/"))
    assert codes(both["reasons"]) == ["order_value_too_high", "pincode_required"]


def test_the_options_say_a_guest_must_sign_in(api_client):
    method = cod_method(api_client.get("/api/checkout/options/?pincode=700016"))
    assert method["offered"] is False and codes(method["reasons"]) == ["sign_in_required"]


def test_cod_off_is_not_listed(api_client, settings):
    settings.COD_ENABLED = False
    methods = api_client.get("/api/checkout/options/").json()["payment_methods"]
    assert "cod" not in [m["code"] for m in methods]
