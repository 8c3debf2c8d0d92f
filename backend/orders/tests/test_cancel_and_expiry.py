from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from audit.models import AuditLog
from catalog.models import ProductVariant
from orders.models import Order, OrderStatus
from orders.services import expire_unpaid_orders, transition
from orders.tasks import expire_unpaid_orders as expire_task
from orders.tests.fixtures import add_to_cart, checkout
from payments.models import Payment

pytestmark = pytest.mark.django_db


def place(client, variant, quantity=2):
    add_to_cart(client, variant, quantity)
    return Order.objects.get(pk=checkout(client).json()["id"])


def test_cancel_pending_order_releases_stock(auth_client, variant, dev_gateway):
    order = place(auth_client, variant)
    assert ProductVariant.objects.get(pk=variant.pk).stock == 8
    response = auth_client.post(f"/api/orders/{order.pk}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "CANCELLED"
    assert ProductVariant.objects.get(pk=variant.pk).stock == 10
    order.refresh_from_db()
    assert not order.stock_reserved
    last = order.transitions.last()
    assert (last.from_status, last.to_status, last.actor, last.source) == (
        "PENDING_PAYMENT",
        "CANCELLED",
        auth_client.user,
        "customer",
    )
    assert not AuditLog.objects.exists()  # the shopper's own cancel is the order's history, not the staff audit
    # a second cancel is refused and releases nothing twice
    assert auth_client.post(f"/api/orders/{order.pk}/cancel/").status_code == 409
    assert ProductVariant.objects.get(pk=variant.pk).stock == 10


def test_cancel_paid_dev_order_refunds_it(auth_client, variant, dev_gateway, django_capture_on_commit_callbacks):
    order = place(auth_client, variant)
    auth_client.post("/api/payments/dev/confirm/", {"order_id": order.pk}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(f"/api/orders/{order.pk}/cancel/")
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert Payment.objects.get().status == "REFUNDED"
    assert ProductVariant.objects.get(pk=variant.pk).stock == 10
    assert [t.to_status for t in order.transitions.all()] == ["PENDING_PAYMENT", "PAID", "CANCELLED", "REFUNDED"]


@pytest.mark.parametrize("status", [OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.REFUNDED])
def test_no_cancel_after_shipping(auth_client, variant, dev_gateway, status):
    order = place(auth_client, variant)
    Order.objects.filter(pk=order.pk).update(status=status)
    response = auth_client.post(f"/api/orders/{order.pk}/cancel/")
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_cancellable"
    assert ProductVariant.objects.get(pk=variant.pk).stock == 8


def test_packed_order_can_still_be_cancelled(auth_client, variant, dev_gateway):
    order = place(auth_client, variant)
    auth_client.post("/api/payments/dev/confirm/", {"order_id": order.pk}, format="json")
    with transaction.atomic():
        transition(
            Order.objects.select_for_update().get(pk=order.pk), OrderStatus.PACKED, actor_kind="staff", source="staff"
        )
    assert auth_client.post(f"/api/orders/{order.pk}/cancel/").status_code == 200
    assert ProductVariant.objects.get(pk=variant.pk).stock == 10


def test_expired_reservation_is_cancelled_and_stock_released(auth_client, make_variant, dev_gateway, settings):
    settings.ORDER_RESERVATION_MINUTES = 15
    a, b = make_variant(stock=5), make_variant(stock=5)
    old = place(auth_client, a)
    fresh = place(auth_client, b)
    Order.objects.filter(pk=old.pk).update(reserved_until=timezone.now() - timedelta(seconds=1))
    assert expire_task.apply().get() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == "CANCELLED" and fresh.status == "PENDING_PAYMENT"
    assert ProductVariant.objects.get(pk=a.pk).stock == 5 and ProductVariant.objects.get(pk=b.pk).stock == 3
    last = old.transitions.last()
    assert last.source == "system" and last.actor is None
    row = AuditLog.objects.get(action="order_transition", object_id=str(old.pk))
    assert (row.actor_label, row.source, row.new_values) == (
        "system:expire_unpaid_orders",
        "task",
        {"status": "CANCELLED"},
    )
    assert expire_unpaid_orders() == 0  # nothing twice


def test_reservation_uses_the_setting(auth_client, variant, dev_gateway, settings):
    settings.ORDER_RESERVATION_MINUTES = 30
    order = place(auth_client, variant)
    assert timedelta(minutes=29) < order.reserved_until - timezone.now() <= timedelta(minutes=30)
    assert expire_unpaid_orders(now=timezone.now() + timedelta(minutes=29)) == 0
    assert expire_unpaid_orders(now=timezone.now() + timedelta(minutes=31)) == 1


def test_paid_orders_never_expire(auth_client, variant, dev_gateway):
    order = place(auth_client, variant)
    auth_client.post("/api/payments/dev/confirm/", {"order_id": order.pk}, format="json")
    assert expire_unpaid_orders(now=timezone.now() + timedelta(days=1)) == 0
    order.refresh_from_db()
    assert order.status == "PAID"


def test_run_periodic_once_runs_the_beat_schedule(auth_client, variant, dev_gateway):
    order = place(auth_client, variant)
    Order.objects.filter(pk=order.pk).update(reserved_until=timezone.now() - timedelta(minutes=1))
    call_command("run_periodic", "--once")
    order.refresh_from_db()
    assert order.status == "CANCELLED"
    assert ProductVariant.objects.get(pk=variant.pk).stock == 10


def test_beat_schedule_names_registered_tasks():
    from django.conf import settings

    from config.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
