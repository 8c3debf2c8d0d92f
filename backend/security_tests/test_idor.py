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
    assert (
        mallory.put(
            url,
            {"full_name": "M", "phone": "9876543210", "line1": "x", "city": "Goa", "state": "Goa", "pincode": "403001"},
            format="json",
        ).status_code
        == 404
    )
    assert mallory.delete(url).status_code == 404
    address.refresh_from_db()
    assert address.city == "Pune"
    assert mallory.get("/api/addresses/").json()["results"] == []


def test_an_address_cannot_be_created_for_someone_else(alice, mallory):
    response = mallory.post(
        "/api/addresses/",
        {
            "user": alice.pk,
            "full_name": "M",
            "phone": "9876543210",
            "line1": "x",
            "city": "Goa",
            "state": "Goa",
            "pincode": "403001",
        },
        format="json",
    )
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
    response = mallory.post(
        "/api/products/phone-x/reviews/",
        {"rating": 1, "title": "Bad", "user": alice.pk, "author": "Alice"},
        format="json",
    )
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


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/staff/variants/"),
        ("patch", "/api/staff/variants/1/"),
        ("get", "/api/staff/audit/"),
        ("put", "/api/staff/users/1/role/"),
    ],
)
def test_staff_routes_are_403_for_shoppers_and_401_for_strangers(mallory, api_client, method, path):
    assert getattr(mallory, method)(path, {}, format="json").status_code == 403
    assert getattr(api_client, method)(path, {}, format="json").status_code == 401


def test_a_shopper_cannot_make_themselves_staff(mallory):
    me = mallory.user
    assert mallory.patch("/api/auth/me/", {"is_staff": True}, format="json").status_code == 400
    assert mallory.put(f"/api/staff/users/{me.pk}/role/", {"role": "admin"}, format="json").status_code == 403
    me.refresh_from_db()
    assert not me.is_staff and not me.groups.filter(name__in=["staff", "admin"]).exists()


# --- carts, orders, payments


@pytest.fixture
def alices_order(alice, variant, dev_gateway):
    from orders.models import Order
    from orders.tests.fixtures import add_to_cart, checkout

    client = client_for(alice)
    add_to_cart(client, variant, 1)
    return Order.objects.get(pk=checkout(client).json()["id"])


def test_another_users_cart_item_is_404(alice, mallory, variant):
    from orders.tests.fixtures import add_to_cart

    item_id = add_to_cart(client_for(alice), variant, 1).json()["items"][0]["id"]
    url = f"/api/cart/items/{item_id}/"
    assert mallory.patch(url, {"quantity": 3}, format="json").status_code == 404
    assert mallory.delete(url).status_code == 404
    assert client_for(alice).get("/api/cart/").json()["items"][0]["quantity"] == 1
    assert mallory.get("/api/cart/").json()["items"] == []


def test_a_guest_cart_token_does_not_open_a_users_cart(alice, api_client, variant):
    from cart.models import Cart
    from orders.tests.fixtures import add_to_cart

    add_to_cart(client_for(alice), variant, 1)
    cart = Cart.objects.get(user=alice)
    response = api_client.get("/api/cart/", HTTP_X_CART_TOKEN=str(cart.token))  # a user's cart's token, stolen
    assert response.status_code in (200, 404)
    assert not response.json().get("items")


def test_another_users_order_is_404(alices_order, mallory):
    from orders.models import OrderStatus

    assert mallory.get(f"/api/orders/{alices_order.pk}/").status_code == 404
    assert mallory.post(f"/api/orders/{alices_order.pk}/cancel/").status_code == 404
    assert alices_order.pk not in [o["id"] for o in mallory.get("/api/orders/").json()["results"]]
    alices_order.refresh_from_db()
    assert alices_order.status == OrderStatus.PENDING_PAYMENT


def test_another_users_order_cannot_be_paid_or_confirmed(alices_order, mallory):
    from payments.models import Payment

    assert mallory.post("/api/payments/dev/confirm/", {"order_id": alices_order.pk}, format="json").status_code == 404
    assert mallory.post("/api/payments/razorpay/create/", {"order_id": alices_order.pk}, format="json").status_code in (
        400,
        404,
    )
    assert not Payment.objects.filter(order=alices_order).exists()


def test_another_users_razorpay_payment_cannot_be_verified(alices_order, mallory):
    from payments.models import Payment

    Payment.objects.create(
        order=alices_order,
        gateway="razorpay",
        amount=alices_order.total,
        currency="INR",
        gateway_order_id="order_ALICE1",
    )
    response = mallory.post(
        "/api/payments/razorpay/verify/",
        {"razorpay_order_id": "order_ALICE1", "razorpay_payment_id": "pay_X", "razorpay_signature": "0" * 64},
        format="json",
    )
    assert response.status_code in (400, 404)
    assert Payment.objects.get(gateway_order_id="order_ALICE1").status == "CREATED"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/staff/orders/"),
        ("get", "/api/staff/orders/1/"),
        ("post", "/api/staff/orders/1/transition/"),
        ("post", "/api/staff/orders/1/refund/"),
        ("post", "/api/staff/orders/1/shipment/"),
        ("post", "/api/staff/orders/1/units/"),
        ("get", "/api/staff/units/?imei=490154203237518"),
    ],
)
def test_staff_order_routes_are_403_for_shoppers(mallory, api_client, method, path):
    assert getattr(mallory, method)(path, {}, format="json").status_code == 403
    assert getattr(api_client, method)(path, {}, format="json").status_code == 401


def test_another_users_tracking_is_404(alices_order, mallory):
    own = client_for(alices_order.user).get(f"/api/orders/{alices_order.pk}/tracking/")
    foreign = mallory.get(f"/api/orders/{alices_order.pk}/tracking/")
    assert own.status_code == 200, own.content
    assert foreign.status_code == 404
    assert foreign.json() == mallory.get("/api/orders/999999/tracking/").json()


def test_another_users_invoice_and_credit_notes_are_404(alice, mallory, charger, dev_gateway):
    from decimal import Decimal

    from invoicing import services
    from invoicing.tests.fixtures import pay, place

    order = pay(place(client_for(alice), [(charger, 1)]))
    invoice = services.issue_invoice(order.pk)
    note = services.issue_credit_note(order.pk, Decimal("100.00"), reason="Goodwill", reference="rfnd_idor")
    own = client_for(alice)
    for path in (f"/api/orders/{order.pk}/invoice/", f"/api/orders/{order.pk}/credit-notes/{note.pk}/"):
        assert own.get(path).status_code == 200
        foreign = mallory.get(path)
        assert foreign.status_code == 404 and b"%PDF" not in foreign.content
    assert mallory.get(f"/api/orders/{order.pk}/invoice/").json() == mallory.get("/api/orders/999999/invoice/").json()
    assert invoice.number not in str(mallory.get("/api/orders/").json())
