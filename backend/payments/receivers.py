"""payments answers orders' signals (orders never imports payments)."""

from django.dispatch import receiver

from orders import lifecycle
from orders.models import Order
from orders.signals import order_cancelled
from payments import services


@receiver(order_cancelled, sender=Order, dispatch_uid="payments-refund-cancelled-order")
def refund_cancelled_order(sender, order, previous_status, **kwargs):
    # A cash-on-delivery order cancelled before delivery holds no money: nothing to refund.
    if lifecycle.triggers(
        previous_status, order.status, lifecycle.Effect.REFUND_PAYMENTS
    ) and lifecycle.order_holds_money(previous_status, order.payment_method):
        services.refund_for_cancelled_order(order)
