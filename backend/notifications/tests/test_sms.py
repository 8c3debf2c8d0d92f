"""Order updates by SMS follow the order's life (placed, shipped, out for delivery, delivered, cancelled, refunded)
to the delivery address's mobile, through MSG91 (its stand-in), each once, only while the shopper keeps them on."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.order_sms import queue_order_sms
from orders import lifecycle
from orders.models import OrderStatus
from orders.services import expire_unpaid_orders
from orders.signals import order_status_changed
from shipping import services as shipping_services
from shipping.models import Shipment
from sms.constants import SmsKind
from sms.models import SmsMessage
from sms.tests.fixtures import template_id_for

pytestmark = pytest.mark.django_db

ADDRESS_MOBILE = "919123456780"  # INLINE_ADDRESS's phone, with the country code


def kinds(msg91):
    """The kinds of the messages MSG91 took, in order (from their template ids)."""
    by_template = {template_id_for(kind): str(kind) for kind in SmsKind}
    return [by_template[sent["template_id"]] for sent in msg91.sent]


@pytest.fixture
def sms_order(msg91, user, place, pay):
    user.phone = "9000000001"  # the account's own number: not the one an order's updates go to
    user.save(update_fields=["phone"])
    return pay(place().pk)


def follow_the_parcel(shipment, *seconds, capture):
    for step in seconds:
        with capture(execute=True):
            shipping_services.sync_active_shipments(now=shipment.awb_assigned_at + timedelta(seconds=step))


def test_each_step_of_a_delivery_texts_the_delivery_mobile(sms_order, msg91, django_capture_on_commit_callbacks):
    placed = msg91.sent[0]
    assert kinds(msg91) == ["order_placed"] and placed["mobiles"] == ADDRESS_MOBILE
    assert placed["variables"] == {
        "order": sms_order.number,
        "amount": "19,999.00",
        "link": f"http://127.0.0.1:3000/order/{sms_order.pk}",  # the order's page: no parcel yet when it was placed
    }
    assert placed["sender"] == "PHNSTR"

    shipment = Shipment.objects.get()
    carrier_page = f"https://shiprocket.co/tracking/{shipment.awb}"  # as a carrier's booking reports it
    Shipment.objects.filter(pk=shipment.pk).update(tracking_url=carrier_page)
    follow_the_parcel(shipment, 250, 370, 490, capture=django_capture_on_commit_callbacks)
    assert kinds(msg91) == ["order_placed", "shipped", "out_for_delivery", "delivered"]
    assert {sent["mobiles"] for sent in msg91.sent} == {ADDRESS_MOBILE}
    shipped, out, delivered = msg91.sent[1:]
    assert shipped["variables"] == {"order": sms_order.number, "link": carrier_page}
    assert out["variables"] == shipped["variables"] and "out for delivery today" in out["text"]
    assert delivered["variables"] == {"order": sms_order.number}
    rows = SmsMessage.objects.filter(order=sms_order)
    assert rows.count() == 4 and {row.status for row in rows} == {"sent"} and not any(row.phone for row in rows)


def test_a_cancelled_paid_order_is_texted_cancelled_then_refunded(
    sms_order, msg91, auth_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert auth_client.post(f"/api/orders/{sms_order.pk}/cancel/").status_code == 200
    sms_order.refresh_from_db()
    assert sms_order.status == OrderStatus.REFUNDED  # the dev gateway refunds at once
    assert kinds(msg91) == ["order_placed", "cancelled", "refunded"]
    cancelled, refunded = msg91.sent[1:]
    assert cancelled["variables"] == refunded["variables"] == {"order": sms_order.number}
    assert "has been cancelled" in cancelled["text"] and "refund" in refunded["text"]


def test_an_unpaid_order_lapses_without_a_text(msg91, place, django_capture_on_commit_callbacks):
    order = place()
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_unpaid_orders(now=timezone.now() + timedelta(days=1)) == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and not msg91.requests and not SmsMessage.objects.exists()


def test_a_shopper_who_turned_sms_updates_off_gets_none(
    msg91, user, place, pay, auth_client, django_capture_on_commit_callbacks
):
    user.sms_updates = False
    user.save(update_fields=["sms_updates"])
    order = pay(place().pk)
    follow_the_parcel(Shipment.objects.get(), 250, 370, 490, capture=django_capture_on_commit_callbacks)
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert not msg91.requests and not SmsMessage.objects.exists()


def test_a_replayed_event_texts_once(sms_order, msg91, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            order_status_changed.send(
                sender=type(sms_order),
                order=sms_order,
                from_status=OrderStatus.PENDING_PAYMENT,
                to_status=OrderStatus.PAID,
                source="test",
                actor=None,
            )
        assert queue_order_sms(sms_order, SmsKind.ORDER_PLACED).status == "sent"
    assert kinds(msg91) == ["order_placed"] and SmsMessage.objects.filter(kind="order_placed").count() == 1


def test_only_moves_that_notify_text_the_shopper(sms_order, msg91, django_capture_on_commit_callbacks):
    assert not lifecycle.triggers(OrderStatus.PAID, OrderStatus.PACKED, lifecycle.Effect.NOTIFY)
    assert sms_order.status == OrderStatus.PACKED  # the accessory was packed once paid: no text for that
    assert kinds(msg91) == ["order_placed"]


def test_an_order_update_msg91_cannot_take_never_fails_the_order(msg91, place, pay, django_capture_on_commit_callbacks):
    msg91.failures = [503]
    order = pay(place().pk)  # the payment goes through; the text waits for its next attempt
    assert order.status in (OrderStatus.PAID, OrderStatus.PACKED)
    message = SmsMessage.objects.get(kind="order_placed")
    assert message.status == "queued" and message.attempts == 1 and message.phone == "9123456780"
