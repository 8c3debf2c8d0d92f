"""GET /api/shipping/estimate/ on the mock: bad pincodes are 400s, every zone gives a plausible ETA."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from shipping import zones
from shipping.providers.base import Estimate, parcel_for
from shipping.providers.mock import MockShippingProvider

pytestmark = pytest.mark.django_db


def estimate(client, **params):
    return client.get("/api/shipping/estimate/", params)


@pytest.mark.parametrize(
    "pincode", ["56000", "5600011", "56OO01", "abcdef", "060001", "000000", "", " ", "56 001", "560001x", "५६०००१"]
)
def test_bad_pincodes_are_400(api_client, pincode):
    response = estimate(api_client, pincode=pincode)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] in ("invalid", "invalid_pincode") and "pincode" in error["fields"]


def test_missing_pincode_is_400(api_client):
    response = api_client.get("/api/shipping/estimate/")
    assert response.status_code == 400 and "pincode" in response.json()["error"]["fields"]


@pytest.mark.parametrize("pincode", ["550001", "650001", "860001"])
def test_pincodes_no_circle_uses_are_400(api_client, pincode):
    response = estimate(api_client, pincode=pincode)
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_pincode"


def test_army_postal_service_is_not_serviceable(api_client):
    response = estimate(api_client, pincode="930001")
    assert response.status_code == 400 and response.json()["error"]["code"] == "pincode_not_serviceable"
    assert response.json()["error"]["message"] == "We don’t deliver to 930001 yet."


def test_unknown_variant_is_400(api_client, variant):
    assert estimate(api_client, pincode="560001", variant=999999).status_code == 400
    assert estimate(api_client, pincode="560001", variant="x").status_code == 400
    variant.is_active = False
    variant.save()
    assert estimate(api_client, pincode="560001", variant=variant.pk).status_code == 400


@pytest.mark.parametrize(
    "pincode,zone",
    [
        ("560034", "local"),  # Bengaluru, the warehouse's own district
        ("110001", "metro"),  # Delhi
        ("400001", "metro"),  # Mumbai
        ("700016", "metro"),  # Kolkata
        ("600001", "metro"),  # Chennai
        ("500001", "metro"),  # Hyderabad
        ("575001", "state"),  # Mangaluru, rest of Karnataka
        ("590001", "state"),  # Belagavi, another Karnataka prefix
        ("302001", "national"),  # Jaipur
        ("682001", "national"),  # Kochi
        ("781001", "national"),  # Guwahati
        ("190001", "remote"),  # Srinagar
        ("194101", "remote"),  # Leh
        ("795001", "remote"),  # Imphal
        ("737101", "remote"),  # Gangtok
        ("744101", "remote"),  # Port Blair
        ("682555", "remote"),  # Lakshadweep
    ],
)
def test_every_zone_gives_a_plausible_eta(api_client, variant, pincode, zone):
    response = estimate(api_client, pincode=pincode, variant=variant.pk)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert set(body) == {"pincode", "min_days", "max_days", "eta_date", "provider", "zone", "courier"}
    assert body["pincode"] == pincode and body["provider"] == "mock" and body["zone"] == zone
    assert 1 <= body["min_days"] <= body["max_days"] <= 10
    today = timezone.localdate()
    assert date.fromisoformat(body["eta_date"]) == today + timedelta(days=body["max_days"])


def test_zones_get_slower_with_distance(api_client):
    days = [
        estimate(api_client, pincode=p).json()["max_days"] for p in ("560034", "110001", "575001", "302001", "190001")
    ]
    assert days == sorted(days) and days[0] < days[-1]


def test_the_mock_is_deterministic_and_follows_the_origin(settings):
    mock = MockShippingProvider()
    today = date(2026, 3, 2)
    first = mock.estimate(None, "411001", today=today)
    assert first == mock.estimate(None, "411001", today=today)
    assert first.zone == "metro" and tuple(first) == (2, 3, date(2026, 3, 5))  # unpacks as the plan's triple
    settings.SHIPPING_ORIGIN_PINCODE = "411001"  # a warehouse in Pune
    assert mock.estimate(None, "411001", today=today).zone == "local"
    assert mock.estimate(None, "431001", today=today).zone == "state"  # Aurangabad, Maharashtra
    assert mock.estimate(None, "560001", today=today).zone == "metro"


def test_estimate_needs_no_sign_in_and_no_variant(api_client):
    response = estimate(api_client, pincode="110001")
    assert response.status_code == 200 and response.json()["courier"] == "PhoneStore Express (demo)"


def test_parcel_weight_and_value(make_variant):
    from catalog.tests.factories import ProductFactory

    heavy = make_variant(product=ProductFactory(weight_g=240))
    parcel = parcel_for(heavy)
    assert str(parcel.weight_kg) == "0.6"  # 240 g + 250 g box + 100 g carton, rounded up to 100 g
    assert parcel.declared_value == heavy.price
    assert str(parcel_for(None).weight_kg) == "0.6"


def test_zone_table_is_consistent():
    assert zones.zone_for("560001", "560001") is zones.LOCAL
    assert isinstance(MockShippingProvider().estimate(None, "110001"), Estimate)
    with pytest.raises(zones.UnknownPincode):
        zones.zone_for("012345", "560001")
