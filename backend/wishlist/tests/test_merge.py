"""A guest's wishlist, kept in the browser, joins the shopper's at sign-in: stale entries left out, never refused;
malformed bodies refused whole."""

import pytest

from catalog.models import ProductVariant
from conftest import refusal
from wishlist.models import WishlistItem

pytestmark = pytest.mark.django_db


def merge(client, items):
    return client.post("/api/wishlist/merge/", {"items": items}, format="json")


def slugs(body):
    return [item["product"]["slug"] for item in body["items"]]


def test_the_guest_list_joins_in_the_browsers_order(auth_client, catalog):
    a, b, x = catalog["a"], catalog["b"], catalog["x"]
    blue = ProductVariant.objects.get(product=a, color="Blue")
    response = merge(auth_client, [{"product": x.pk}, {"product": a.pk, "variant": blue.pk}, {"product": b.pk}])
    assert response.status_code == 200
    body = response.json()
    assert slugs(body) == ["apple-x", "samsung-a", "samsung-b"] and body["count"] == 3
    assert body["items"][1]["variant"]["sku"] == blue.sku
    assert auth_client.get("/api/wishlist/").json() == body


def test_duplicates_and_phones_already_wished(auth_client, catalog):
    a, b = catalog["a"], catalog["b"]
    black, blue = (ProductVariant.objects.get(product=a, color=c) for c in ("Black", "Blue"))
    auth_client.post("/api/wishlist/", {"product": a.pk}, format="json")  # no variant remembered yet
    body = merge(
        auth_client,
        [
            {"product": b.pk},
            {"product": b.pk},
            {"product": a.pk, "variant": blue.pk},
            {"product": a.pk, "variant": black.pk},
        ],
    ).json()
    assert body["count"] == 2 and sorted(slugs(body)) == ["samsung-a", "samsung-b"]
    # The phone already on the list keeps its row and gains the guest's (first) choice of variant.
    assert next(i for i in body["items"] if i["product"]["slug"] == "samsung-a")["variant"]["sku"] == blue.sku
    assert WishlistItem.objects.count() == 2
    # Merging the same list again changes nothing.
    assert (
        merge(auth_client, [{"product": b.pk}, {"product": a.pk, "variant": black.pk}]).json()
        == auth_client.get("/api/wishlist/").json()
    )
    assert WishlistItem.objects.get(product=a).variant == blue


def test_unknown_and_unsold_ids_are_left_out(auth_client, catalog):
    a, b, x = catalog["a"], catalog["b"], catalog["x"]
    unsold_variant = ProductVariant.objects.get(product=x, is_active=False)
    body = merge(
        auth_client,
        [
            {"product": 999999},  # never existed
            {"product": catalog["old"].pk},  # no longer sold
            {"product": a.pk, "variant": ProductVariant.objects.get(product=b, color="Green").pk},  # b's variant
            {"product": x.pk, "variant": unsold_variant.pk},  # a variant no longer sold
            {"product": b.pk, "variant": 999999},
        ],
    ).json()
    assert sorted(slugs(body)) == ["apple-x", "samsung-a", "samsung-b"]
    assert all(item["variant"] is None for item in body["items"])
    assert WishlistItem.objects.filter(variant__isnull=False).count() == 0


def test_what_does_not_fit_is_left_out(auth_client, catalog, settings):
    settings.WISHLIST_MAX_ITEMS = 2
    auth_client.post("/api/wishlist/", {"product": catalog["x"].pk}, format="json")
    body = merge(auth_client, [{"product": catalog["a"].pk}, {"product": catalog["b"].pk}]).json()
    assert slugs(body) == ["samsung-a", "apple-x"] and body["max_items"] == 2


@pytest.mark.parametrize(
    ("entry", "fields"),
    [
        ({"product": "1"}, {"items.1.product": ["A valid integer is required."]}),
        ({"product": 1, "price": "10.00"}, {"items.1.price": ["Unknown field."]}),
        ({"variant": 1}, {"items.1.product": ["This field is required."]}),
        ({"product": 10**30}, {"items.1.product": ["Ensure this value is less than or equal to 9223372036854775807."]}),
    ],
)
def test_a_malformed_entry_refuses_the_whole_list(auth_client, catalog, entry, fields):
    response = merge(auth_client, [{"product": catalog["a"].pk}, entry])
    assert refusal(response, 400) == {"code": "invalid", "message": "Some fields are not valid.", "fields": fields}
    assert not WishlistItem.objects.exists()


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ("1,2", 'Expected a list of items but got type "str".'),
        ([{"product": 1}] * 501, "Ensure this field has no more than 500 elements."),
    ],
)
def test_not_a_list_or_too_long(auth_client, catalog, items, message):
    assert refusal(merge(auth_client, items), 400)["fields"] == {"items": [message]}
    assert not WishlistItem.objects.exists()
