"""payments answers orders' signals (orders never imports payments)."""

from django.dispatch import receiver

from orders import lifecycle
from orders.models import Order
from orders.signals import order_cancelled, order_status_changed
from payments import cod_services, services


@receiver(order_cancelled, sender=Order, dispatch_uid="payments-refund-cancelled-order")
def refund_cancelled_order(sender, order, previous_status, **kwargs):
    # A cash-on-delivery order cancelled before delivery holds no money: nothing to refund.
    if lifecycle.triggers(
        previous_status, order.status, lifecycle.Effect.REFUND_PAYMENTS
    ) and lifecycle.order_holds_money(previous_status, order.payment_method):
        services.refund_for_cancelled_order(order)


@receiver(order_status_changed, sender=Order, dispatch_uid="payments-cod-collect-cash")
def collect_cash_on_delivery(sender, order, from_status, to_status, **kwargs):
    if lifecycle.triggers(from_status, to_status, lifecycle.Effect.COLLECT_CASH) and lifecycle.pays_on_delivery(
        order.payment_method
    ):
        cod_services.record_collection(order)


@receiver(order_cancelled, sender=Order, dispatch_uid="payments-cod-count-refusal")
def count_cod_refusal(sender, order, previous_status, **kwargs):
    if lifecycle.triggers(previous_status, order.status, lifecycle.Effect.COUNT_REFUSAL) and lifecycle.pays_on_delivery(
        order.payment_method
    ):
        cod_services.record_refusal(order)
