"""invoicing answers orders' and payments' signals (neither imports invoicing)."""

from typing import Any

from django.dispatch import receiver

from core.tasks import enqueue_on_commit
from orders import lifecycle
from orders.models import Order
from orders.signals import order_cancelled, order_status_changed
from payments.models import Payment
from payments.signals import payment_refunded

# A paid order is invoiced as soon as every unit that needs an IMEI has one (at payment for an order of
# accessories, at packing for phones); an order not paid up front when it ships. Each move the lifecycle marks
# issue_invoice is a new chance.


@receiver(order_status_changed, sender=Order, dispatch_uid="invoicing-invoice-order")
def invoice_order(sender: Any, order: Order, from_status: str, to_status: str, **kwargs: Any) -> None:
    if lifecycle.triggers(from_status, to_status, lifecycle.Effect.ISSUE_INVOICE):
        from invoicing.tasks import issue_invoice

        enqueue_on_commit(issue_invoice, order.pk)


@receiver(order_cancelled, sender=Order, dispatch_uid="invoicing-credit-unpaid-cancel")
def credit_unpaid_cancellation(sender: Any, order: Order, previous_status: str, **kwargs: Any) -> None:
    """An order invoiced without the shopper's money held (cash on delivery shipped, then refused and returned)
    and now cancelled: the whole invoice is credited. A paid order is credited when its refund is confirmed."""
    method = order.payment_method
    if lifecycle.invoiceable(previous_status, method) and not lifecycle.order_holds_money(previous_status, method):
        from invoicing.tasks import credit_cancelled_order

        enqueue_on_commit(credit_cancelled_order, order.pk)


@receiver(payment_refunded, sender=Payment, dispatch_uid="invoicing-credit-refund")
def credit_refund(sender: Any, payment: Payment, amount_minor: int, refund_id: str, **kwargs: Any) -> None:
    from invoicing.tasks import issue_credit_note

    enqueue_on_commit(issue_credit_note, payment.pk, amount_minor, refund_id)
