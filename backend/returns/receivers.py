"""returns answers payments' refunds and orders' return_needed (neither imports returns)."""

from typing import Any

from django.dispatch import receiver

from orders.models import Order
from orders.signals import return_needed
from payments.models import Payment
from payments.signals import payment_refunded
from returns import services


@receiver(payment_refunded, sender=Payment, dispatch_uid="returns-refund-processed")
def refund_processed(sender: Any, payment: Payment, refund_id: str, reference: str = "", **kwargs: Any) -> None:
    services.refund_processed(reference, refund_id)


@receiver(return_needed, sender=Order, dispatch_uid="returns-open-after-gateway-refund")
def open_return(sender: Any, order: Order, reason: str, **kwargs: Any) -> None:
    services.open_after_gateway_refund(order, reason)
