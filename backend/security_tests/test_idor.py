"""Insecure direct object references: another user's things are a 404 (not a 403 that would confirm they
exist), and staff-only routes are a 403 for shoppers."""
import pytest

from accounts.models import Address
from accounts.tests.factories import AddressFactory
from catalog.models import Review
from catalog.tests.factories import ProductFactory, ReviewFactory
from conftest import client_for
from staff.tests.factories import customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return customer(email="alice@example.in")


@pytest.fixture
def mallory():
    return client_for(customer(email="mallory@example.in"))


# --- addresses

def test_another_users_address_is_404_for_every_verb(alice, mallory):
    address = AddressFactory(user=alice, city="Pune")
    url = f"/api/addresses/{address.pk}/"
    assert mallory.get(url).status_code == 404
    assert mallory.patch(url, {"city": "Goa"}, format="json").status_code == 404
    assert mallory.put(url, {"full_name": "M", "phone": "9876543210", "line1": "x", "city": "Goa", "state": "Goa",
                             "pincode": "403001"}, format="json").status_code == 404
    assert mallory.delete(url).status_code == 404
    address.refresh_from_db()
    assert address.city == "Pune"
    assert mallory.get("/api/addresses/").json()["results"] == []


def test_an_address_cannot_be_created_for_someone_else(alice, mallory):
    response = mallory.post("/api/addresses/", {"user": alice.pk, "full_name": "M", "phone": "9876543210", "line1": "x",
                                                "city": "Goa", "state": "Goa", "pincode": "403001"}, format="json")
    assert response.status_code == 400 and "user" in response.json()["error"]["fields"]
    assert not Address.objects.filter(user=alice).exists()


def test_a_missing_and_a_foreign_address_look_the_same(alice, mallory):
    foreign = mallory.get(f"/api/addresses/{AddressFactory(user=alice).pk}/")
    missing = mallory.get("/api/addresses/999999/")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()


# --- reviews: written only as oneself; nobody edits or deletes another's

def test_a_review_is_always_the_callers(alice, mallory):
    product = ProductFactory(slug="phone-x")
    response = mallory.post("/api/products/phone-x/reviews/", {"rating": 1, "title": "Bad", "user": alice.pk,
                                                                "author": "Alice"}, format="json")
    assert response.status_code in (201, 400)
    assert not Review.objects.filter(product=product, user=alice).exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_reviews_cannot_be_changed_or_deleted_over_the_api(alice, mallory, method):
    review = ReviewFactory(user=alice, product=ProductFactory(slug="phone-y"), title="Great")
    for url in ("/api/products/phone-y/reviews/", f"/api/products/phone-y/reviews/{review.pk}/"):
        assert getattr(mallory, method)(url, {"title": "Hacked"}, format="json").status_code in (404, 405)
    review.refresh_from_db()
    assert review.title == "Great"


# --- staff-only routes

@pytest.mark.parametrize(("method", "path"), [
    ("get", "/api/staff/variants/"), ("patch", "/api/staff/variants/1/"), ("get", "/api/staff/audit/"),
    ("put", "/api/staff/users/1/role/"),
])
def test_staff_routes_are_403_for_shoppers_and_401_for_strangers(mallory, api_client, method, path):
    assert getattr(mallory, method)(path, {}, format="json").status_code == 403
    assert getattr(api_client, method)(path, {}, format="json").status_code == 401


def test_a_shopper_cannot_make_themselves_staff(mallory):
    me = mallory.user
    assert mallory.patch("/api/auth/me/", {"is_staff": True}, format="json").status_code == 400
    assert mallory.put(f"/api/staff/users/{me.pk}/role/", {"role": "admin"}, format="json").status_code == 403
    me.refresh_from_db()
    assert not me.is_staff and not me.groups.filter(name__in=["staff", "admin"]).exists()
