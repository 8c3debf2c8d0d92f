from unittest import mock

import pytest

from audit.models import AuditLog
from conftest import client_for
from orders.models import Order, OrderStatus
from orders.tests.fixtures import add_to_cart, checkout
from payments.models import Payment, PaymentStatus
from staff.tests.factories import customer, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(auth_client, variant, dev_gateway):
    add_to_cart(auth_client, variant, 2)
    return Order.objects.get(pk=checkout(auth_client).json()["id"])


@pytest.fixture
def paid_order(auth_client, order, settings):
    settings.SHIPPING_AUTO_CREATE = False  # staff book the shipment by hand here
    assert auth_client.post("/api/payments/dev/confirm/", {"order_id": order.pk}, format="json").status_code == 200
    order.refresh_from_db()
    return order


@pytest.fixture
def member():
    return staff_member()


def move(client, order, to, **extra):
    return client.post(f"/api/staff/orders/{order.pk}/transition/", {"to": to, **extra}, format="json")


def book(client, order):
    return client.post(f"/api/staff/orders/{order.pk}/shipment/", format="json")


def test_a_paid_order_is_booked_shipped_and_delivered_with_audit_rows(paid_order, member):
    from shipping.models import Shipment

    client = client_for(member)
    booked = book(client, paid_order)
    assert booked.status_code == 201, booked.content
    assert booked.json()["status"] == "PACKED"  # the shipping app packs a paid order when it books it
    shipment = Shipment.objects.get(order=paid_order)
    assert shipment.awb
    shipped = move(client, paid_order, "SHIPPED", note="handed to the courier")
    assert shipped.status_code == 200, shipped.content
    assert shipped.json()["status"] == "SHIPPED"
    shipment.refresh_from_db()
    assert shipment.status == "PICKED_UP"  # the parcel and the order agree
    assert move(client, paid_order, "DELIVERED").json()["status"] == "DELIVERED"
    shipment.refresh_from_db()
    assert shipment.status == "DELIVERED"

    booking = AuditLog.objects.get(action="shipment_booked")
    assert booking.old_values == {"status": "PAID"} and booking.new_values["awb"] == shipment.awb
    rows = AuditLog.objects.filter(action="order_transition", object_id=str(paid_order.pk)).order_by("id")
    assert [(r.old_values["status"], r.new_values["status"], r.actor_id, r.source) for r in rows] == [
        ("PENDING_PAYMENT", "PAID", None, "dev-confirm"),  # the gateway's move, by the system
        ("PAID", "PACKED", member.pk, "api"),
        ("PACKED", "SHIPPED", member.pk, "api"),
        ("SHIPPED", "DELIVERED", member.pk, "api"),
    ]
    assert rows[0].actor_label == "system:dev-confirm" and rows[3].new_values["awb"] == shipment.awb
    assert all(r.object_type == "orders.order" for r in rows)
    # the orders app's own history (its one transition function) has the same moves, by the same person
    moves = paid_order.transitions.filter(to_status__in=["PACKED", "SHIPPED", "DELIVERED"]).order_by("id")
    assert [t.to_status for t in moves] == ["PACKED", "SHIPPED", "DELIVERED"]
    assert all(t.actor_id == member.pk for t in moves)


def test_packing_by_hand_then_booking(paid_order, member):
    client = client_for(member)
    assert move(client, paid_order, "PACKED").json()["status"] == "PACKED"
    assert book(client, paid_order).status_code == 201  # a packed order can still be booked
    assert move(client, paid_order, "SHIPPED").json()["status"] == "SHIPPED"


def test_illegal_moves_are_409_and_leave_no_audit_row(order, member):
    client = client_for(member)
    response = move(client, order, "PACKED")  # not paid yet
    assert response.status_code == 409 and response.json()["error"]["code"] == "illegal_transition"
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert not AuditLog.objects.filter(action="order_transition").exists()


def test_shipping_needs_a_booked_shipment(paid_order, member):
    client = client_for(member)
    move(client, paid_order, "PACKED")
    response = move(client, paid_order, "SHIPPED")
    assert response.status_code == 409 and response.json()["error"]["code"] == "shipment_required"
    assert move(client, paid_order, "SHIPPED", shipment={"carrier": "x"}).status_code == 400  # unknown key


def test_an_unpaid_order_cannot_be_booked(order, member, settings):
    settings.SHIPPING_AUTO_CREATE = False
    response = book(client_for(member), order)
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_shippable"


def test_staff_cancel_returns_stock_refunds_and_is_audited(paid_order, member, variant):
    variant.refresh_from_db()
    stock_before = variant.stock
    response = move(client_for(member), paid_order, "CANCELLED", note="customer called")
    assert response.status_code == 200 and response.json()["status"] == "CANCELLED"
    variant.refresh_from_db()
    assert variant.stock == stock_before + 2
    by_staff = AuditLog.objects.get(action="order_transition", actor_id=member.pk)
    assert by_staff.new_values == {"status": "CANCELLED"} and by_staff.old_values == {"status": "PAID"}


def test_a_delivered_order_is_refunded_through_its_gateway(paid_order, member):
    client = client_for(member)
    book(client, paid_order)
    for to in ("SHIPPED", "DELIVERED"):
        assert move(client, paid_order, to).status_code == 200
    with mock.patch("payments.services.enqueue_on_commit") as enqueue:
        response = client.post(f"/api/staff/orders/{paid_order.pk}/refund/", {"reason": "returned"}, format="json")
    assert response.status_code == 202, response.content
    assert enqueue.called
    assert Payment.objects.get(order=paid_order).status == PaymentStatus.REFUND_PENDING
    row = AuditLog.objects.get(action="refund_requested")
    assert row.new_values["reason"] == "returned" and row.actor_id == member.pk


def test_a_live_order_is_not_refunded(paid_order, member):
    response = client_for(member).post(f"/api/staff/orders/{paid_order.pk}/refund/", {}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_refundable"


def test_order_list_filters(paid_order, member, user, auth_client, variant):
    add_to_cart(auth_client, variant, 1)
    order = Order.objects.get(pk=checkout(auth_client).json()["id"])  # a second one, unpaid
    client = client_for(member)
    everything = client.get("/api/staff/orders/")
    assert everything.status_code == 200 and everything.json()["count"] == 2
    assert everything.json()["results"][0]["customer_email"] == user.email
    paid = client.get("/api/staff/orders/", {"status": "PAID"}).json()
    assert [row["id"] for row in paid["results"]] == [paid_order.pk]
    assert client.get("/api/staff/orders/", {"customer": user.email[:5]}).json()["count"] == 2
    assert client.get("/api/staff/orders/", {"customer": "nobody"}).json()["count"] == 0
    assert client.get("/api/staff/orders/", {"status": "LOST"}).status_code == 400
    assert client.get(f"/api/staff/orders/{order.pk}/").json()["id"] == order.pk


def test_customers_cannot_use_the_staff_order_routes(order, auth_client):
    shopper = client_for(customer())
    assert shopper.get("/api/staff/orders/").status_code == 403
    assert move(shopper, order, "CANCELLED").status_code == 403
    assert move(auth_client, order, "CANCELLED").status_code == 403  # not even for their own order
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT


def test_checkout_and_payment_creation_are_rate_limited(auth_client, variant, dev_gateway, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "checkout_user": "2/h", "payment_create_user": "1/h"}
    add_to_cart(auth_client, variant, 1)
    first = checkout(auth_client, key="k1")
    assert first.status_code == 201
    assert checkout(auth_client, key="k1").status_code == 200  # the idempotent replay counts too
    limited = checkout(auth_client, key="k1")
    assert limited.status_code == 429 and limited["Retry-After"]
    create = "/api/payments/razorpay/create/"
    assert auth_client.post(create, {"order_id": first.json()["id"]}, format="json").status_code != 429
    assert auth_client.post(create, {"order_id": first.json()["id"]}, format="json").status_code == 429
