"""shipping answers orders' signals (orders never imports shipping)."""

from django.dispatch import receiver

from core.tasks import enqueue_on_commit
from orders import lifecycle
from orders.models import Order
from orders.signals import order_cancelled, order_status_changed, order_units_recorded
from shipping import services


@receiver(order_status_changed, sender=Order, dispatch_uid="shipping-book-paid-order")
def book_paid_order(sender, order, from_status, to_status, **kwargs):
    if lifecycle.triggers(from_status, to_status, lifecycle.Effect.BOOK_SHIPMENT):
        from shipping.tasks import create_shipment

        enqueue_on_commit(create_shipment, order.pk)


@receiver(order_units_recorded, sender=Order, dispatch_uid="shipping-book-order-with-units")
def book_order_with_units(sender, order, complete, **kwargs):
    """A paid order's booking waited for its IMEIs (services._units_ready): now they are all there."""
    if complete and lifecycle.awaits_booking(order.status):
        from shipping.tasks import create_shipment

        enqueue_on_commit(create_shipment, order.pk)


@receiver(order_cancelled, sender=Order, dispatch_uid="shipping-cancel-shipment")
def cancel_shipment_of_cancelled_order(sender, order, previous_status, **kwargs):
    if lifecycle.triggers(previous_status, order.status, lifecycle.Effect.CANCEL_SHIPMENT):
        services.cancel_for_cancelled_order(order)
