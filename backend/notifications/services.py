"""Order emails: a text and an HTML part rendered from templates/notifications/email/, sent through
Django's mail backend (the console in the demo). Each (order, kind) goes out once. The shipment email carries
the order's tax invoice PDF when it has one."""

import logging
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from core.errors import ApplicationError
from core.money import indian_digits
from core.observability.scrub import mask_email
from notifications.models import EmailKind, OrderEmail
from orders import lifecycle
from orders.models import Order, OrderTransition

if TYPE_CHECKING:
    from shipping.models import Shipment

logger = logging.getLogger(__name__)

SUBJECTS: dict[str, str] = {
    EmailKind.ORDER_CONFIRMATION: "Order {number} confirmed: thank you for shopping with {store}",
    EmailKind.SHIPPED: "Order {number} has shipped",
    EmailKind.OUT_FOR_DELIVERY: "Order {number} is out for delivery today",
    EmailKind.DELIVERED: "Order {number} has been delivered",
}


def inr(amount: Decimal) -> str:
    """₹1,23,456.00: Indian digit grouping (lakh, crore)."""
    digits = indian_digits(amount)
    return f"-₹{digits[1:]}" if digits.startswith("-") else f"₹{digits}"


def order_url(order: Order) -> str:
    """The order's page on the storefront (its status, timeline and tracking)."""
    return f"{settings.STOREFRONT_URL}/order/{order.pk}"


def booked_shipment(order: Order) -> "Shipment | None":
    from shipping.models import Shipment

    return Shipment.objects.filter(order=order).exclude(awb="").first()


def tracking_url(order: Order, shipment: "Shipment | None") -> str:
    """Where the shopper follows the parcel: the carrier's tracking page once booked, else the order's page."""
    return (shipment.tracking_url if shipment else "") or order_url(order)


def _context(order: Order, kind: str, invoice_number: str = "") -> dict[str, Any]:
    address = order.shipping_address or {}
    shipment = booked_shipment(order)
    events = list(shipment.events.order_by("-occurred_at", "-id")[:1]) if shipment else []
    return {
        "kind": kind,
        "store_name": settings.STORE_NAME,
        "order": order,
        "customer_name": address.get("full_name") or order.user.full_name or "there",
        "address": address,
        "items": [
            {
                "title": item.product_title,
                "label": item.variant_label,
                "quantity": item.quantity,
                "line_total": inr(item.line_total),
            }
            for item in order.items.all()
        ],
        "subtotal": inr(order.subtotal),
        "shipping_fee": inr(order.shipping_fee),
        "cod": lifecycle.pays_on_delivery(order.payment_method),
        "cod_fee": inr(order.cod_fee) if order.cod_fee else "",
        "tax_total": inr(order.tax_total),
        "savings": inr(order.savings) if order.savings else "",
        "coupon": f"{order.coupon_code}: -{inr(order.discount_total)}" if order.discount_total else "",
        "total": inr(order.total),
        "order_url": order_url(order),
        "shipment": shipment,
        "tracking_url": tracking_url(order, shipment),
        "latest_event": events[0] if events else None,
        "delivered_at": timezone.localtime(shipment.delivered_at) if shipment and shipment.delivered_at else None,
        "invoice_number": invoice_number,
    }


def render_email(order: Order, kind: str, invoice_number: str = "") -> tuple[str, str, str]:
    """(subject, text, html) of one order email; `invoice_number` names the invoice attached to it."""
    context = _context(order, kind, invoice_number)
    subject = SUBJECTS[kind].format(number=order.number, store=settings.STORE_NAME)
    text = render_to_string(f"notifications/email/{kind}.txt", context)
    html = render_to_string(f"notifications/email/{kind}.html", context)
    return subject, text, html


def send_order_email(order_id: int, kind: str) -> str:
    """Send one order email unless it has gone out already. The email's row lock keeps two workers
    from sending it twice; a failure leaves it unsent (and logged) for the next attempt."""
    kind = EmailKind(kind)
    order = Order.objects.select_related("user").filter(pk=order_id).first()
    if order is None or not order.user.email:
        return "no recipient"
    with transaction.atomic():
        record, _ = OrderEmail.objects.get_or_create(order=order, kind=kind, defaults={"to": order.user.email})
        record = OrderEmail.objects.select_for_update().get(pk=record.pk)
        if record.sent_at:
            return "already sent"
        invoice = _invoice_attachment(order) if kind == EmailKind.SHIPPED else None
        subject, text, html = render_email(order, kind, invoice[0] if invoice else "")
        record.subject, record.attempts = subject[:200], record.attempts + 1
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [record.to])
        message.attach_alternative(html, "text/html")
        if invoice:
            message.attach(invoice[1], invoice[2], "application/pdf")
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001  the mail server's trouble is recorded, not raised
            record.last_error = f"{type(exc).__name__}: {exc}"[:300]
            record.save(update_fields=["subject", "attempts", "last_error"])
            logger.warning("Order %s email %s to %s failed: %s", order.pk, kind, mask_email(record.to), exc)
            return "failed"
        record.sent_at, record.last_error = timezone.now(), ""
        record.save(update_fields=["subject", "attempts", "last_error", "sent_at"])
    logger.info("Order %s email %s sent to %s.", order.pk, kind, mask_email(record.to))
    return "sent"


def _invoice_attachment(order: Order) -> tuple[str, str, bytes] | None:
    """(number, file name, PDF) of the order's tax invoice, as stored and hash-checked. One that is due and not
    issued yet (its task has not run) is issued now: the shipment email goes out once. Without an invoice, or
    with a stored file that fails its check (logged by invoicing), the email goes without it."""
    from invoicing import services as invoicing

    try:
        document = invoicing.invoice_of(order) or invoicing.issue_invoice(order.pk)
        if document is None:
            return None
        return document.number, invoicing.file_name(document), invoicing.verified_pdf(document)
    except ApplicationError:
        return None
    except Exception:  # invoicing's trouble never holds back the shipment email
        logger.exception("Order %s: no invoice for the shipment email.", order.pk)
        return None


# The on-commit task has had its chance by then (shipping's booking sweep waits as long).
CATCH_UP_AFTER = timedelta(minutes=2)


def send_missed_order_emails(*, now: datetime | None = None, limit: int = 100) -> int:
    """The catch-up (beat): emails owed for order events of the last ORDER_EMAIL_CATCH_UP_HOURS that have
    not gone out, because their task was never sent (the broker was down) or the mail server failed
    (up to ORDER_EMAIL_MAX_ATTEMPTS tries). Each still goes out once: send_order_email locks its row.
    Out-for-delivery is owed only while the shipment still is. Returns how many were sent."""
    from notifications.receivers import ORDER_EMAILS
    from shipping.models import Shipment, ShipmentStatus

    now = now or timezone.now()
    window = (now - timedelta(hours=settings.ORDER_EMAIL_CATCH_UP_HOURS), now - CATCH_UP_AFTER)
    owed: list[tuple[int, str]] = []
    for status, kind in ORDER_EMAILS.items():
        events = OrderTransition.objects.filter(to_status=status, created_at__range=window)
        owed += [(order_id, kind) for order_id in _not_sent(kind, events.values("order_id"))]
    out_for_delivery = Shipment.objects.filter(status=ShipmentStatus.OUT_FOR_DELIVERY, updated_at__range=window)
    owed += [
        (order_id, EmailKind.OUT_FOR_DELIVERY)
        for order_id in _not_sent(EmailKind.OUT_FOR_DELIVERY, out_for_delivery.values("order_id"))
    ]
    return sum(send_order_email(order_id, kind) == "sent" for order_id, kind in owed[:limit])


def _not_sent(kind: str, order_ids: QuerySet[Any, Any]) -> list[int]:
    settled = OrderEmail.objects.filter(kind=kind).filter(
        Q(sent_at__isnull=False) | Q(attempts__gte=settings.ORDER_EMAIL_MAX_ATTEMPTS)
    )
    return list(
        Order.objects.filter(pk__in=order_ids)
        .exclude(pk__in=settled.values("order_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
