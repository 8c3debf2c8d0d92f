"""payments answers orders' signals (orders never imports payments)."""

from django.dispatch import receiver

from orders import lifecycle
from orders.models import Order
from orders.signals import order_cancelled
from payments import services


@receiver(order_cancelled, sender=Order, dispatch_uid="payments-refund-cancelled-order")
def refund_cancelled_order(sender, order, previous_status, **kwargs):
    if lifecycle.triggers(previous_status, order.status, lifecycle.Effect.REFUND_PAYMENTS):
        services.refund_for_cancelled_order(order)
