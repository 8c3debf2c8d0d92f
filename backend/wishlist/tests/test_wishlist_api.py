"""The wishlist endpoints: hearts on phones (a variant remembered from the product page), strict bodies,
someone else's or unknown ids refused, the cap."""

import pytest

from catalog.models import ProductVariant
from conftest import client_for, refusal
from wishlist.models import WishlistItem

pytestmark = pytest.mark.django_db


def variant_of(product, color):
    return ProductVariant.objects.get(product=product, color=color)


def add(client, body):
    return client.post("/api/wishlist/", body, format="json")


def test_a_heart_on_a_card_wishes_the_phone(auth_client, catalog):
    a = catalog["a"]
    response = add(auth_client, {"product": a.pk})
    assert response.status_code == 201
    body = response.json()
    assert body["count"] == 1 and body["max_items"] == 100
    [item] = body["items"]
    assert item["variant"] is None and item["added_at"]
    # The product is a listing row, as on a card: its price is the cheapest variant on sale.
    assert item["product"]["id"] == a.pk and item["product"]["slug"] == "samsung-a"
    assert item["product"]["price"] == "20000.00" and item["product"]["available"] is True
    assert auth_client.get("/api/wishlist/").json() == body


def test_adding_again_is_the_same_row(auth_client, catalog):
    a = catalog["a"]
    add(auth_client, {"product": a.pk})
    again = add(auth_client, {"product": a.pk})
    assert again.status_code == 200 and again.json()["count"] == 1
    assert WishlistItem.objects.count() == 1


def test_the_product_page_remembers_the_chosen_variant(auth_client, catalog):
    a = catalog["a"]
    black, blue = variant_of(a, "Black"), variant_of(a, "Blue")
    add(auth_client, {"product": a.pk})
    body = add(auth_client, {"product": a.pk, "variant": blue.pk}).json()
    assert body["count"] == 1 and body["items"][0]["variant"]["sku"] == blue.sku
    assert body["items"][0]["variant"]["in_stock"] is False
    # From a card again (no variant): the chosen one stays; another choice replaces it.
    assert add(auth_client, {"product": a.pk, "variant": None}).json()["items"][0]["variant"]["id"] == blue.pk
    assert add(auth_client, {"product": a.pk, "variant": black.pk}).json()["items"][0]["variant"]["id"] == black.pk


def test_a_remembered_variant_no_longer_sold_is_shown_as_none(auth_client, catalog):
    a = catalog["a"]
    blue = variant_of(a, "Blue")
    add(auth_client, {"product": a.pk, "variant": blue.pk})
    ProductVariant.objects.filter(pk=blue.pk).update(is_active=False)
    assert auth_client.get("/api/wishlist/").json()["items"][0]["variant"] is None


def test_newest_first_and_removal(auth_client, catalog):
    a, b, x = catalog["a"], catalog["b"], catalog["x"]
    for product in (a, b, x):
        add(auth_client, {"product": product.pk})
    assert [i["product"]["slug"] for i in auth_client.get("/api/wishlist/").json()["items"]] == [
        "apple-x",
        "samsung-b",
        "samsung-a",
    ]
    assert auth_client.delete(f"/api/wishlist/{b.pk}/").status_code == 204
    assert [i["product"]["slug"] for i in auth_client.get("/api/wishlist/").json()["items"]] == ["apple-x", "samsung-a"]
    assert refusal(auth_client.delete(f"/api/wishlist/{b.pk}/"), 404) == {
        "code": "not_found",
        "message": "This phone is not on your wishlist.",
        "fields": {},
    }


def test_the_list_costs_the_same_queries_however_long(auth_client, catalog, django_assert_num_queries):
    add(auth_client, {"product": catalog["a"].pk})
    # The user (token), the items, the products, and their variants (twice) and pictures.
    with django_assert_num_queries(6):
        auth_client.get("/api/wishlist/")
    for product in (catalog["b"], catalog["x"]):
        add(auth_client, {"product": product.pk, "variant": product.variants.filter(is_active=True).first().pk})
    with django_assert_num_queries(6):
        assert auth_client.get("/api/wishlist/").json()["count"] == 3


def test_signed_in_only(api_client, catalog):
    for response in (
        api_client.get("/api/wishlist/"),
        add(api_client, {"product": catalog["a"].pk}),
        api_client.delete(f"/api/wishlist/{catalog['a'].pk}/"),
        api_client.post("/api/wishlist/merge/", {"items": []}, format="json"),
    ):
        assert refusal(response, 401)["code"] == "not_authenticated"


def test_an_unknown_or_unsold_phone(auth_client, catalog):
    expected = {"code": "not_found", "message": "No such phone.", "fields": {"product": ["Not found."]}}
    assert refusal(add(auth_client, {"product": 999999}), 404) == expected
    assert refusal(add(auth_client, {"product": catalog["old"].pk}), 404) == expected  # inactive phone
    assert not WishlistItem.objects.exists()


def test_a_variant_of_another_phone_or_no_longer_sold(auth_client, catalog):
    a, x = catalog["a"], catalog["x"]
    assert refusal(add(auth_client, {"product": a.pk, "variant": variant_of(catalog["b"], "Green").pk}), 400) == {
        "code": "invalid",
        "message": "Some fields are not valid.",
        "fields": {"variant": ["Not a variant of this phone."]},
    }
    unsold = ProductVariant.objects.get(product=x, is_active=False)
    assert refusal(add(auth_client, {"product": x.pk, "variant": unsold.pk}), 409) == {
        "code": "variant_unavailable",
        "message": "This phone is no longer sold.",
        "fields": {"variant": ["Not for sale."]},
    }
    assert not WishlistItem.objects.exists()


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"product": "12"}, {"product": ["A valid integer is required."]}),
        ({"product": 1.0}, {"product": ["A valid integer is required."]}),
        ({"product": True}, {"product": ["A valid integer is required."]}),
        ({"product": 0}, {"product": ["Ensure this value is greater than or equal to 1."]}),
        ({"product": 2**63}, {"product": ["Ensure this value is less than or equal to 9223372036854775807."]}),
        ({}, {"product": ["This field is required."]}),
        ({"product": 1, "colour": "Blue"}, {"colour": ["Unknown field."]}),
        ({"product": 1, "variant": "3"}, {"variant": ["A valid integer is required."]}),
    ],
)
def test_strict_bodies(auth_client, catalog, body, fields):
    assert refusal(add(auth_client, body), 400) == {
        "code": "invalid",
        "message": "Some fields are not valid.",
        "fields": fields,
    }


def test_the_cap(auth_client, catalog, settings):
    settings.WISHLIST_MAX_ITEMS = 2
    add(auth_client, {"product": catalog["a"].pk})
    add(auth_client, {"product": catalog["b"].pk})
    assert refusal(add(auth_client, {"product": catalog["x"].pk}), 400) == {
        "code": "wishlist_full",
        "message": "Your wishlist holds 2 phones at most: remove one to add another.",
        "fields": {},
    }
    # A phone already on it is no new place.
    assert add(auth_client, {"product": catalog["a"].pk}).status_code == 200
    assert WishlistItem.objects.count() == 2


def test_each_shopper_sees_and_changes_only_their_own(auth_client, other_user, catalog):
    theirs = client_for(other_user)
    add(theirs, {"product": catalog["x"].pk})
    assert auth_client.get("/api/wishlist/").json()["count"] == 0
    assert refusal(auth_client.delete(f"/api/wishlist/{catalog['x'].pk}/"), 404)["code"] == "not_found"
    assert theirs.get("/api/wishlist/").json()["count"] == 1
