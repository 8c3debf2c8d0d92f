from celery import shared_task

from audit import services as audit
from invoicing import services


@shared_task(name="invoicing.tasks.issue_invoice")
@audit.audited_as("issue_invoice")
def issue_invoice(order_id: int) -> str:
    """After payment, packing or shipping: the order's tax invoice, once it can be issued. Safe to repeat."""
    document = services.issue_invoice(order_id)
    return document.number if document else "not invoiceable yet"


@shared_task(name="invoicing.tasks.issue_credit_note")
@audit.audited_as("issue_credit_note")
def issue_credit_note(payment_id: int, amount_minor: int, refund_id: str) -> str:
    """After a refund the gateway confirmed: a credit note for what went back. Safe to repeat."""
    document = services.credit_refund(payment_id, amount_minor, refund_id)
    return document.number if document else "nothing to credit"


@shared_task(name="invoicing.tasks.credit_cancelled_order")
@audit.audited_as("credit_cancelled_order")
def credit_cancelled_order(order_id: int) -> str:
    """An invoiced order cancelled with nothing paid (a COD parcel returned): a credit note for all of it, once."""
    document = services.issue_credit_note(
        order_id, None, reason="Cancelled: returned undelivered", reference="cancelled-undelivered"
    )
    return document.number if document else "nothing to credit"


@shared_task(name="invoicing.tasks.issue_missed_invoices")
@audit.audited_as("issue_missed_invoices")
def issue_missed_invoices() -> int:
    """Beat: invoice orders whose invoicing task was lost (a broker outage) or came too early."""
    return services.issue_missed_invoices()
