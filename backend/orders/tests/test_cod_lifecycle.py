"""A cash-on-delivery order on its road (CONFIRMATION_PENDING → CONFIRMED → PACKED → SHIPPED → DELIVERED): the
lifecycle books it when confirmed, invoices it when it ships, and never tries to refund it when cancelled."""

from unittest import mock

import pytest
from django.db import transaction

from invoicing import services as invoicing
from invoicing.tests.fixtures import place, record_units
from orders.models import Order, OrderStatus
from orders.services import cancel_order, lock_order, transition

pytestmark = pytest.mark.usefixtures("dev_gateway")


def as_cod(order):
    """The order as checkout places a COD one: unpaid, awaiting the shopper's code."""
    Order.objects.filter(pk=order.pk).update(payment_method="cod", status=OrderStatus.CONFIRMATION_PENDING)
    order.refresh_from_db()
    return order


def move(order, to, actor_kind):
    with transaction.atomic():
        transition(lock_order(order.pk), to, actor_kind=actor_kind, source="test")
    order.refresh_from_db()
    return order


def test_confirmed_keeps_the_stock_without_expiry_and_is_invoiced_only_when_it_ships(auth_client, phone, commit):
    order = as_cod(place(auth_client, [(phone, 1)]))
    stock = phone.__class__.objects.get(pk=phone.pk).stock

    move(order, OrderStatus.CONFIRMED, "shopper")
    assert order.reserved_until is None and order.paid_at is None and order.stock_reserved
    record_units(order)
    move(order, OrderStatus.PACKED, "staff")
    assert invoicing.issue_invoice(order.pk) is None  # packed but not left: a COD order may still be cancelled
    move(order, OrderStatus.SHIPPED, "carrier")
    invoice = invoicing.issue_invoice(order.pk)
    assert invoice is not None and invoice.total == order.total
    assert phone.__class__.objects.get(pk=phone.pk).stock == stock


@pytest.mark.parametrize("status", [OrderStatus.CONFIRMED, OrderStatus.PACKED])
def test_a_cancelled_cod_order_gives_the_stock_back_and_refunds_nothing(auth_client, variant, status):
    order = as_cod(place(auth_client, [(variant, 2)]))
    stock = variant.__class__.objects.get(pk=variant.pk).stock
    Order.objects.filter(pk=order.pk).update(status=status)

    with mock.patch("payments.services.refund_for_cancelled_order") as refund:
        cancel_order(order_id=order.pk, actor_kind="staff", source="staff")

    refund.assert_not_called()
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and not order.stock_reserved
    assert variant.__class__.objects.get(pk=variant.pk).stock == stock + 2


def test_the_shopper_confirms_and_the_carrier_cannot(auth_client, variant):
    from orders.services import IllegalTransition

    order = as_cod(place(auth_client, [(variant, 1)]))
    with transaction.atomic(), pytest.raises(IllegalTransition):
        transition(lock_order(order.pk), OrderStatus.CONFIRMED, actor_kind="carrier", source="test")
