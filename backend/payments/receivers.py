"""payments answers orders' signals (orders never imports payments)."""

from django.dispatch import receiver

from orders.models import Order
from orders.signals import order_cancelled
from orders.state import PAID_STATES
from payments import services


@receiver(order_cancelled, sender=Order, dispatch_uid="payments-refund-cancelled-order")
def refund_cancelled_order(sender, order, previous_status, **kwargs):
    if previous_status in PAID_STATES:
        services.refund_for_cancelled_order(order)
