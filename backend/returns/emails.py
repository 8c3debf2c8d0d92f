"""One email per return step (requested, approved, picked up, received, refunded, replacement shipped, rejected):
the step's ReturnTransition row, locked, says whether it went out (emailed_at). A step whose email did not go out
(its task lost with the broker, the mail server down) is caught up by send_missed_return_emails (beat)."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from returns.models import ReturnStatus, ReturnTransition

logger = logging.getLogger(__name__)

SUBJECTS: dict[str, str] = {
    ReturnStatus.REQUESTED: "We have your return request for order {number}",
    ReturnStatus.APPROVED: "Your return for order {number} is approved",
    ReturnStatus.REJECTED: "Your return for order {number} was not approved",
    ReturnStatus.PICKUP_SCHEDULED: "Pickup scheduled for your return of order {number}",
    ReturnStatus.PICKED_UP: "Your return for order {number} has been picked up",
    ReturnStatus.RECEIVED: "We received your return for order {number}",
    ReturnStatus.REFUNDED: "Your refund for order {number} is done",
    ReturnStatus.REPLACEMENT_SHIPPED: "Your replacement for order {number} has shipped",
}


def send_return_email(transition_id: int) -> str:
    with transaction.atomic():
        step = (
            ReturnTransition.objects.select_for_update()
            .select_related("request__order__user")
            .filter(pk=transition_id)
            .first()
        )
        if step is None or step.to_status not in SUBJECTS:
            return "no email for this step"
        if step.emailed_at:
            return "already sent"
        request, order = step.request, step.request.order
        if not order.user.email:
            return "no recipient"
        context = {
            "store_name": settings.STORE_NAME,
            "order": order,
            "request": request,
            "step": step,
            "status_label": ReturnStatus(step.to_status).label,
            "customer_name": (order.shipping_address or {}).get("full_name") or order.user.full_name or "there",
            "order_url": f"{settings.STOREFRONT_URL}/order/{order.pk}",
            "units": [f"{u.item.product_title} ({u.item.variant_label})" for u in request.units.select_related("item")],
        }
        subject = SUBJECTS[step.to_status].format(number=order.number)
        message = EmailMultiAlternatives(
            subject,
            render_to_string("returns/email/step.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [order.user.email],
        )
        message.attach_alternative(render_to_string("returns/email/step.html", context), "text/html")
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001  recorded, not raised: the next step's email is independent
            logger.warning("Return %s email %s failed: %s", request.pk, step.to_status, exc)
            return "failed"
        step.emailed_at = timezone.now()
        step.save(update_fields=["emailed_at"])
    return "sent"


# The on-commit task has had its chance by then (as for order emails).
CATCH_UP_AFTER = timedelta(minutes=2)


def send_missed_return_emails(*, now: datetime | None = None, limit: int = 100) -> int:
    """The catch-up (beat): steps of the last ORDER_EMAIL_CATCH_UP_HOURS whose email has not gone out. Each still
    goes out once (send_return_email locks its row). Returns how many were sent."""
    now = now or timezone.now()
    window = (now - timedelta(hours=settings.ORDER_EMAIL_CATCH_UP_HOURS), now - CATCH_UP_AFTER)
    owed = (
        ReturnTransition.objects.filter(to_status__in=list(SUBJECTS), emailed_at__isnull=True, created_at__range=window)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(send_return_email(step_id) == "sent" for step_id in owed)
