"""A COD parcel delivered: the cash is recorded as collected. Refused and returned (RTO delivered): the order is
cancelled, its stock back, the refusal counted; at COD_MAX_RTO the shopper is blocked until staff lift it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from audit.models import AuditLog
from orders.models import Order, OrderStatus
from orders.tests.fixtures import add_to_cart, checkout
from payments.cod_services import cod_offer
from payments.models import CodStanding, Payment, PaymentStatus
from payments.tests.test_cod_confirm import cod_settings, confirm, last_code, placed  # noqa: F401
from shipping.models import Shipment, ShipmentStatus, TrackingEvent
from shipping.services import apply_tracking

pytestmark = pytest.mark.django_db


@pytest.fixture
def packed(auth_client, placed, commit):  # noqa: F811
    """A COD order confirmed by its code and booked with the mock carrier (packed)."""

    def make(quantity=1):
        order = placed(quantity)
        with commit():
            assert confirm(auth_client, order, last_code()).status_code == 200
        order.refresh_from_db()
        assert order.status == OrderStatus.PACKED
        return order

    return make


def report(order, *statuses):
    shipment = Shipment.objects.get(order=order)
    start = timezone.now().replace(microsecond=0)
    events = [
        TrackingEvent(status=status, label=status.replace("_", " "), occurred_at=start + timedelta(minutes=i))
        for i, status in enumerate(statuses)
    ]
    apply_tracking(shipment.pk, events)
    order.refresh_from_db()
    return order


def test_delivered_records_the_cash_collected(packed, commit):
    with commit():
        order = report(packed(), ShipmentStatus.PICKED_UP)
    assert order.status == OrderStatus.SHIPPED and not Payment.objects.filter(order=order).exists()

    with commit():
        order = report(order, ShipmentStatus.DELIVERED)

    assert order.status == OrderStatus.DELIVERED and order.paid_at is not None
    payment = Payment.objects.get(order=order)
    assert (payment.gateway, payment.status, payment.amount) == ("cod", PaymentStatus.PAID, order.total)
    assert payment.gateway_order_id == order.number
    assert order.tax_documents.filter(kind="invoice").exists()  # invoiced when it shipped


def test_a_refused_parcel_cancels_the_order_returns_the_stock_and_counts(packed, variant, user):
    stock = variant.__class__.objects.get(pk=variant.pk).stock
    order = report(packed(quantity=2), ShipmentStatus.PICKED_UP, ShipmentStatus.RETURNING)
    assert order.status == OrderStatus.SHIPPED

    order = report(order, ShipmentStatus.RETURNED)

    assert order.status == OrderStatus.CANCELLED and not order.stock_reserved and not order.needs_review
    assert order.transitions.last().note.startswith("Returned to origin")
    assert variant.__class__.objects.get(pk=variant.pk).stock == stock  # as before the order
    assert not Payment.objects.filter(order=order).exists()  # nothing was paid, nothing refunded
    standing = CodStanding.objects.get(user=user)
    assert standing.rto_count == 1 and not standing.blocked


def test_at_cod_max_rto_cod_is_blocked_and_staff_can_lift_it_audited(packed, user, staff_client, settings):
    settings.COD_MAX_RTO = 2
    for _ in range(2):
        report(packed(), ShipmentStatus.PICKED_UP, ShipmentStatus.RETURNED)
    standing = CodStanding.objects.get(user=user)
    assert standing.rto_count == 2 and standing.blocked
    assert [r["code"] for r in cod_offer(user, Decimal("1000"), "700016")[1]] == ["customer_blocked"]

    response = staff_client.post(
        f"/api/staff/cod/customers/{user.pk}/unblock/", {"note": "called, agreed"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["blocked"] is False and response.json()["rto_count"] == 2
    assert cod_offer(user, Decimal("1000"), "700016") == (True, [])
    entry = AuditLog.objects.get(action="cod_unblocked")
    assert entry.new_values["rto_count"] == 2 and entry.new_values["note"] == "called, agreed"
    assert staff_client.post(f"/api/staff/cod/customers/{user.pk}/unblock/").status_code == 409

    report(packed(), ShipmentStatus.PICKED_UP, ShipmentStatus.RETURNED)  # one more: not blocked again yet
    assert not CodStanding.objects.get(user=user).blocked


def test_a_shopper_cannot_lift_their_own_block(auth_client, user):
    CodStanding.objects.create(user=user, rto_count=2, blocked=True)
    assert auth_client.post(f"/api/staff/cod/customers/{user.pk}/unblock/").status_code == 403
    assert CodStanding.objects.get(user=user).blocked


def test_a_prepaid_parcel_returned_is_still_for_a_person(user):
    """RTO of a prepaid order is not cancelled by the carrier: its money needs a decision (flagged for review)."""
    order = Order.objects.create(
        user=user, status=OrderStatus.SHIPPED, payment_method="dev", subtotal=100, mrp_total=100, tax_total=15,
        total=100, shipping_address={},
    )  # fmt: skip
    Shipment.objects.create(order=order, provider="mock", awb="PSM1", status=ShipmentStatus.IN_TRANSIT)
    order = report(order, ShipmentStatus.RETURNED)
    assert order.status == OrderStatus.SHIPPED and order.needs_review
    assert not CodStanding.objects.exists()


def test_an_invoiced_cod_parcel_returned_is_credited_in_full(packed, commit):
    with commit():
        order = report(packed(), ShipmentStatus.PICKED_UP)
    invoice = order.tax_documents.get(kind="invoice")
    with commit():
        order = report(order, ShipmentStatus.RETURNED)
    assert order.status == OrderStatus.CANCELLED
    credit = order.tax_documents.get(kind="credit_note")
    assert credit.total == invoice.total and credit.reference == "cancelled-undelivered"


def test_in_the_demo_a_confirmed_cod_phone_is_packed_with_generated_imeis(auth_client, phone, commit, settings):
    settings.DEMO_AUTO_IMEI = True
    add_to_cart(auth_client, phone, 1)
    with commit():
        order = Order.objects.get(pk=checkout(auth_client, method="cod").json()["id"])
    with commit():
        assert confirm(auth_client, order, last_code()).status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.PACKED
    assert order.items.get().units.count() == 1 and Shipment.objects.get(order=order).awb
