"""Starting and stopping alerts: "notify me" only on a variant out of stock, a price drop against the price the
shopper saw (never above today's), one alert per variant and kind, the cap, someone else's alerts refused."""

from decimal import Decimal

import pytest

from catalog.models import ProductVariant
from conftest import client_for, refusal
from wishlist.models import Alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def black(catalog):
    """samsung-a 8/128 Black: ₹20,000, 5 in stock."""
    return ProductVariant.objects.get(product=catalog["a"], color="Black")


@pytest.fixture
def blue(catalog):
    """samsung-a 12/256 Blue: ₹30,000, out of stock."""
    return ProductVariant.objects.get(product=catalog["a"], color="Blue")


def ask(client, body):
    return client.post("/api/alerts/", body, format="json")


def test_notify_me_on_a_variant_out_of_stock(auth_client, user, blue):
    response = ask(auth_client, {"variant": blue.pk, "kind": "back_in_stock"})
    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "back_in_stock" and body["seen_price"] is None and body["notified_at"] is None
    assert body["variant"] == {
        "id": blue.pk,
        "sku": blue.sku,
        "label": "12 GB RAM / 256 GB, Blue",
        "price": "30000.00",
        "in_stock": False,
        "product_id": blue.product_id,
        "product_slug": "samsung-a",
        "product_title": "Samsung A",
    }
    again = ask(auth_client, {"variant": blue.pk, "kind": "back_in_stock"})
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    listed = auth_client.get("/api/alerts/").json()
    assert listed["count"] == 1 and listed["max_alerts"] == 50 and listed["items"] == [body]


def test_notify_me_on_a_variant_in_stock_is_refused(auth_client, black):
    assert refusal(ask(auth_client, {"variant": black.pk, "kind": "back_in_stock"}), 409) == {
        "code": "variant_in_stock",
        "message": "This phone is in stock: you can buy it now.",
        "fields": {},
    }
    assert not Alert.objects.exists()


def test_a_back_in_stock_alert_has_no_price(auth_client, blue):
    assert refusal(ask(auth_client, {"variant": blue.pk, "kind": "back_in_stock", "seen_price": "100.00"}), 400) == {
        "code": "invalid",
        "message": "Some fields are not valid.",
        "fields": {"seen_price": ["Only a price-drop alert has a price."]},
    }


def test_a_price_drop_records_the_price_seen(auth_client, black, blue):
    # Left out: today's price. Out of stock does not matter for a price drop.
    assert ask(auth_client, {"variant": blue.pk, "kind": "price_drop"}).json()["seen_price"] == "30000.00"
    # A page still showing an older, lower price: that price is the one to beat.
    assert (
        ask(auth_client, {"variant": black.pk, "kind": "price_drop", "seen_price": "19500.00"}).json()["seen_price"]
        == "19500.00"
    )
    # A higher one (stale or forged) would fire at once: never above today's price.
    renewed = ask(auth_client, {"variant": black.pk, "kind": "price_drop", "seen_price": "99999.00"})
    assert renewed.status_code == 200 and renewed.json()["seen_price"] == "20000.00"
    assert Alert.objects.get(variant=black).seen_price == Decimal("20000.00")


def test_both_kinds_on_one_variant(auth_client, blue):
    ask(auth_client, {"variant": blue.pk, "kind": "back_in_stock"})
    ask(auth_client, {"variant": blue.pk, "kind": "price_drop"})
    assert sorted(Alert.objects.values_list("kind", flat=True)) == ["back_in_stock", "price_drop"]


def test_unknown_or_unsold_variants(auth_client, catalog):
    assert refusal(ask(auth_client, {"variant": 999999, "kind": "price_drop"}), 404) == {
        "code": "not_found",
        "message": "No such phone variant.",
        "fields": {"variant": ["Not found."]},
    }
    for unsold in (
        ProductVariant.objects.get(product=catalog["x"], is_active=False),
        ProductVariant.objects.get(product=catalog["old"]),
    ):
        assert refusal(ask(auth_client, {"variant": unsold.pk, "kind": "back_in_stock"}), 409)["code"] == (
            "variant_unavailable"
        )
    assert not Alert.objects.exists()


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"variant": "1", "kind": "price_drop"}, {"variant": ["A valid integer is required."]}),
        ({"variant": 1, "kind": "restock"}, {"kind": ['"restock" is not a valid choice.']}),
        (
            {"variant": 1, "kind": "price_drop", "seen_price": "-1.00"},
            {"seen_price": ["Ensure this value is greater than or equal to 0.01."]},
        ),
        (
            {"variant": 1, "kind": "price_drop", "seen_price": "1e99"},
            {"seen_price": ["Ensure that there are no more than 12 digits in total."]},
        ),
        ({"variant": 1, "kind": "price_drop", "email": "me@example.in"}, {"email": ["Unknown field."]}),
        ({"kind": "price_drop"}, {"variant": ["This field is required."]}),
    ],
)
def test_strict_bodies(auth_client, catalog, body, fields):
    assert refusal(ask(auth_client, body), 400) == {
        "code": "invalid",
        "message": "Some fields are not valid.",
        "fields": fields,
    }


def test_the_cap(auth_client, catalog, blue, black, settings):
    settings.ALERTS_MAX_PER_SHOPPER = 2
    ask(auth_client, {"variant": blue.pk, "kind": "back_in_stock"})
    ask(auth_client, {"variant": black.pk, "kind": "price_drop"})
    assert refusal(ask(auth_client, {"variant": blue.pk, "kind": "price_drop"}), 400) == {
        "code": "alert_limit",
        "message": "You have 2 alerts, the most you can keep: stop one to add another.",
        "fields": {},
    }
    assert ask(auth_client, {"variant": black.pk, "kind": "price_drop"}).status_code == 200  # a renewal fits


def test_stopping_an_alert_and_someone_elses(auth_client, other_user, blue):
    mine = ask(auth_client, {"variant": blue.pk, "kind": "back_in_stock"}).json()["id"]
    theirs = ask(client_for(other_user), {"variant": blue.pk, "kind": "back_in_stock"}).json()["id"]
    assert [a["id"] for a in auth_client.get("/api/alerts/").json()["items"]] == [mine]
    assert refusal(auth_client.delete(f"/api/alerts/{theirs}/"), 404) == {
        "code": "not_found",
        "message": "No such alert.",
        "fields": {},
    }
    assert auth_client.delete(f"/api/alerts/{mine}/").status_code == 204
    assert list(Alert.objects.values_list("pk", flat=True)) == [theirs]


def test_signed_in_only(api_client, blue):
    assert refusal(ask(api_client, {"variant": blue.pk, "kind": "back_in_stock"}), 401)["code"] == "not_authenticated"
    assert refusal(api_client.get("/api/alerts/"), 401)["code"] == "not_authenticated"
