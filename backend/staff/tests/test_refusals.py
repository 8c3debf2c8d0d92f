"""Every refusal of the staff endpoints, answered whole: status, code, message and fields."""

from decimal import Decimal
from unittest import mock

import pytest

from accounts.tests.factories import UserFactory
from catalog.tests.factories import VariantFactory
from conftest import client_for, refusal
from core.errors import ApplicationError, CommonErrorCode
from orders.models import Order
from orders.tests.fixtures import add_to_cart, checkout
from shipping.models import Shipment
from shipping.providers.base import ShippingProviderError
from staff import services
from staff.tests.factories import shop_admin, staff_member

pytestmark = pytest.mark.django_db

NO_ORDER = {"code": "not_found", "message": "No such order.", "fields": {}}
NOT_FOUND = {"code": "not_found", "message": "Not found.", "fields": {}}


@pytest.fixture
def member():
    return client_for(staff_member())


@pytest.fixture
def order(auth_client, variant, dev_gateway):
    add_to_cart(auth_client, variant)
    return Order.objects.get(pk=checkout(auth_client).json()["id"])


@pytest.fixture
def paid_order(auth_client, order, settings):
    settings.SHIPPING_AUTO_CREATE = False
    assert auth_client.post("/api/payments/dev/confirm/", {"order_id": order.pk}, format="json").status_code == 200
    return order


def move(client, pk, to):
    return client.post(f"/api/staff/orders/{pk}/transition/", {"to": to}, format="json")


def book(client, pk):
    return client.post(f"/api/staff/orders/{pk}/shipment/", format="json")


def refund(client, pk):
    return client.post(f"/api/staff/orders/{pk}/refund/", {}, format="json")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"price": "30000.00"}, "price", "The price (30000.00) cannot be above the MRP (24999.00)."),
        ({"mrp": "10000.00"}, "mrp", "The price (19999.00) cannot be above the MRP (10000.00)."),
    ],
)
def test_a_price_above_the_mrp(change, field, message):
    variant = VariantFactory(price=Decimal("19999.00"), mrp=Decimal("24999.00"))
    response = client_for(shop_admin()).patch(
        f"/api/staff/variants/{variant.pk}/", {**change, "version": 1}, format="json"
    )
    assert refusal(response, 400) == {"code": "price_above_mrp", "message": message, "fields": {field: [message]}}


def test_unknown_variants_and_users(staff_client, shop_admin_client):
    missing = staff_client.patch("/api/staff/variants/999999/", {"stock": 1, "version": 1}, format="json")
    assert refusal(missing, 404) == NOT_FOUND
    response = shop_admin_client.put("/api/staff/users/999999/role/", {"role": "staff"}, format="json")
    assert refusal(response, 404) == NOT_FOUND


def test_role_changes_refused(shop_admin_client):
    root = UserFactory(is_superuser=True, is_staff=True)
    response = shop_admin_client.put(f"/api/staff/users/{root.pk}/role/", {"role": "staff"}, format="json")
    assert refusal(response, 400) == {
        "code": "superuser",
        "message": "A superuser's role is changed in the Django admin.",
        "fields": {},
    }
    me = shop_admin()
    response = client_for(me).put(f"/api/staff/users/{me.pk}/role/", {"role": "staff"}, format="json")
    assert refusal(response, 400) == {
        "code": "own_role",
        "message": "You cannot take your own admin role away.",
        "fields": {},
    }


def test_an_unknown_role_is_refused_by_the_service_too():
    """The API's serializer refuses it first; other callers (the shell, commands) get the same word."""
    with pytest.raises(ApplicationError) as refused:
        services.set_role(UserFactory().pk, "owner", actor=shop_admin())
    assert refused.value.code is CommonErrorCode.INVALID and refused.value.fields == {"role": ["Unknown role."]}


def test_unknown_orders(member):
    assert refusal(move(member, 999999, "PACKED"), 404) == NO_ORDER
    assert refusal(book(member, 999999), 404) == NO_ORDER
    assert refusal(refund(client_for(shop_admin()), 999999), 404) == NO_ORDER


def test_illegal_moves(member, paid_order):
    assert refusal(move(member, paid_order.pk, "DELIVERED"), 409) == {
        "code": "illegal_transition",
        "message": "An order cannot move from PAID to DELIVERED.",
        "fields": {},
    }
    assert book(member, paid_order.pk).status_code == 201  # PACKED, with an AWB: moves go by the parcel now
    assert refusal(move(member, paid_order.pk, "DELIVERED"), 409) == {
        "code": "illegal_transition",
        "message": "An order cannot move from PACKED to DELIVERED.",
        "fields": {},
    }


def test_shipping_without_a_booked_shipment(member, paid_order):
    assert move(member, paid_order.pk, "PACKED").status_code == 200
    assert refusal(move(member, paid_order.pk, "SHIPPED"), 409) == {
        "code": "shipment_required",
        "message": "Book the shipment first: it has no AWB yet.",
        "fields": {},
    }


def test_booking_refused(member, order, settings):
    settings.SHIPPING_AUTO_CREATE = False
    assert refusal(book(member, order.pk), 409) == {
        "code": "not_shippable",
        "message": "Only a paid or packed order can be shipped.",
        "fields": {},
    }
    with mock.patch("shipping.services.staff_create_shipment", side_effect=ShippingProviderError("no courier")):
        assert refusal(book(member, order.pk), 409) == {
            "code": "booking_failed",
            "message": "The carrier refused the booking: no courier",
            "fields": {},
        }
    unbooked = Shipment(order=order, awb="", last_error="pincode not serviceable")
    with mock.patch("shipping.services.staff_create_shipment", return_value=unbooked):
        assert refusal(book(member, order.pk), 409) == {
            "code": "booking_failed",
            "message": "The carrier has not booked it: pincode not serviceable.",
            "fields": {},
        }


def test_refunds_refused(paid_order):
    admin = client_for(shop_admin())
    assert refusal(refund(admin, paid_order.pk), 409) == {
        "code": "not_refundable",
        "message": "Only a delivered (returned) or cancelled order is refunded; cancel a live order instead.",
        "fields": {},
    }


def test_a_cancelled_unpaid_order_has_nothing_to_refund(auth_client, order):
    assert auth_client.post(f"/api/orders/{order.pk}/cancel/").status_code == 200
    assert refusal(refund(client_for(shop_admin()), order.pk), 409) == {
        "code": "nothing_to_refund",
        "message": "This order has no online payment to refund; "
        "cash on delivery is refunded as a payout with a return.",
        "fields": {},
    }
