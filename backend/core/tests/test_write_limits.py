"""Per-user limits on writes (guests by client IP): cart items, addresses, reviews."""

import pytest

from accounts.tests.factories import UserFactory
from conftest import client_for
from orders.tests.fixtures import add_to_cart

pytestmark = pytest.mark.django_db

ADDRESS = {
    "full_name": "Asha Rao",
    "phone": "9876543210",
    "line1": "12 MG Road",
    "city": "Bengaluru",
    "state": "Karnataka",
    "pincode": "560001",
}


def test_the_defaults(settings):
    limits = settings.RATE_LIMITS
    assert (limits["cart_write_user"], limits["address_write_user"], limits["review_user"]) == ("60/m", "30/m", "10/h")


def test_the_61st_cart_write_in_a_window_is_a_429(auth_client, variant, settings):
    # the default count in a window no run outlasts
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "cart_write_user": "60/h"}
    answers = [add_to_cart(auth_client, variant).status_code for _ in range(61)]
    assert 429 not in answers[:60]  # 201, then 409 once the per-item maximum is reached: every one counts
    last = add_to_cart(auth_client, variant)
    assert last.status_code == 429 and last.json()["error"]["code"] == "throttled"
    assert 0 < int(last["Retry-After"]) <= 3600
    # changing and removing items share the limit; reading the cart does not count
    item = auth_client.get("/api/cart/").json()["items"][0]["id"]
    assert auth_client.patch(f"/api/cart/items/{item}/", {"quantity": 1}, format="json").status_code == 429
    assert auth_client.delete(f"/api/cart/items/{item}/").status_code == 429
    assert auth_client.get("/api/cart/").status_code == 200


def test_guests_are_limited_by_ip_and_shoppers_by_account(api_client, variant, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "cart_write_user": "2/h"}
    assert [add_to_cart(api_client, variant).status_code for _ in range(2)] == [201, 201]
    assert add_to_cart(api_client, variant).status_code == 429  # a new guest cart from the same address too
    shopper = client_for(UserFactory())  # same address, own account: own bucket
    assert add_to_cart(shopper, variant).status_code == 201


def test_address_writes_are_limited_reads_are_not(user, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "address_write_user": "3/h"}
    client = client_for(user)
    created = client.post("/api/addresses/", ADDRESS, format="json")
    assert created.status_code == 201
    url = f"/api/addresses/{created.json()['id']}/"
    assert client.patch(url, {"city": "Mysuru"}, format="json").status_code == 200
    assert client.put(url, {**ADDRESS, "line1": "1 Brigade Road"}, format="json").status_code == 200
    refused = client.delete(url)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert client.get("/api/addresses/").status_code == 200 and client.get(url).status_code == 200
    assert client_for(UserFactory()).post("/api/addresses/", ADDRESS, format="json").status_code == 201


def test_review_posts_are_limited(user, variant, make_variant, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "review_user": "2/h"}
    client = client_for(user)
    products = [variant.product, make_variant().product, make_variant().product]
    answers = [
        client.post(f"/api/products/{p.slug}/reviews/", {"rating": 5, "title": "Good"}, format="json") for p in products
    ]
    assert [a.status_code for a in answers] == [201, 201, 429]
    assert 0 < int(answers[-1]["Retry-After"]) <= 3600
    assert client.get(f"/api/products/{variant.product.slug}/reviews/").status_code == 200


def test_the_schema_documents_the_429s(api_client):
    paths = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    for path, method in [
        ("/api/cart/items/", "post"),
        ("/api/cart/items/{id}/", "patch"),
        ("/api/cart/items/{id}/", "delete"),
        ("/api/addresses/", "post"),
        ("/api/addresses/{id}/", "put"),
        ("/api/addresses/{id}/", "patch"),
        ("/api/addresses/{id}/", "delete"),
        ("/api/products/{slug}/reviews/", "post"),
    ]:
        assert "429" in paths[path][method]["responses"], (path, method)
    assert "429" not in paths["/api/addresses/"]["get"]["responses"]
    assert "429" not in paths["/api/products/{slug}/reviews/"]["get"]["responses"]
