"""Complaints: filed by anyone (signed in or not) with a reference, emailed to the grievance officer and acknowledged
to the shopper once the complaint is stored, due one month later (E-Commerce Rules, rule 4(5)); closed by staff with
the resolution, which is emailed to the shopper. Every email goes out once; a periodic catch-up sends what failed."""

import logging
import secrets
from calendar import monthrange
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.request import Request

from audit import services as audit
from core.errors import ApplicationError, CommonErrorCode
from core.tasks import enqueue_on_commit
from support.error_codes import SupportErrorCode
from support.models import Category, Complaint, ComplaintStatus

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread over the phone
REFERENCE_LENGTH = 8
SEND_AFTER = timedelta(minutes=2)  # the on-commit task has had its chance by then
MAX_EMAIL_ATTEMPTS = 5


def one_month_after(moment: datetime) -> datetime:
    """The same day of the next month (its last day when it has fewer): 31 January → 28 or 29 February."""
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    return moment.replace(year=year, month=month, day=min(moment.day, monthrange(year, month)[1]))


def _reference() -> str:
    return "C-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def file_complaint(
    *,
    name: str,
    email: str,
    category: str,
    message: str,
    phone: str = "",
    order_number: str = "",
    user: "User | None" = None,
    request: HttpRequest | Request | None = None,
) -> Complaint:
    """Store the complaint under a new reference and have the officer told and the shopper acknowledged."""
    from support.tasks import send_complaint_emails

    now = timezone.now()
    for _ in range(5):  # 32^8 references: a collision is all but impossible, and then another is drawn
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(
                    reference=_reference(),
                    user=user if user is not None and user.is_authenticated else None,
                    name=name.strip(),
                    email=email.strip().lower(),
                    phone=phone.strip(),
                    order_number=order_number.strip().upper(),
                    category=Category(category),
                    message=message.strip(),
                    created_at=now,
                    due_by=one_month_after(now),
                )
                enqueue_on_commit(send_complaint_emails, complaint.pk)
            return complaint
        except IntegrityError:
            continue
    raise ApplicationError(CommonErrorCode.CONFLICT, "Please send the complaint again.")


def _officer_email(complaint: Complaint) -> tuple[str, str]:
    order = f"\nOrder: {complaint.order_number}" if complaint.order_number else ""
    phone = f"\nPhone: {complaint.phone}" if complaint.phone else ""
    return (
        f"Complaint {complaint.reference}: {complaint.get_category_display()}",
        f"A complaint was filed on {settings.STORE_NAME} at {timezone.localtime(complaint.created_at):%d %b %Y %H:%M}. "
        f"Acknowledged to the shopper at once; to be resolved by {timezone.localtime(complaint.due_by):%d %b %Y}."
        f"\n\nFrom: {complaint.name} <{complaint.email}>{phone}{order}\nAbout: {complaint.get_category_display()}"
        f"\n\n{complaint.message}\n\nClose it in the admin with what was done: the shopper gets it by email.\n",
    )


def _acknowledgement(complaint: Complaint) -> tuple[str, str]:
    return (
        f"We received your complaint {complaint.reference}",
        f"Hello {complaint.name},\n\nWe received your complaint on {timezone.localtime(complaint.created_at):%d %b %Y}"
        f" and gave it the reference {complaint.reference}: please quote it when you write to us. Our grievance "
        f"officer, {settings.GRIEVANCE_OFFICER_NAME} ({settings.GRIEVANCE_OFFICER_EMAIL}), will resolve it by "
        f"{timezone.localtime(complaint.due_by):%d %b %Y} and tell you what was done.\n\nWhat you wrote:\n"
        f"{complaint.message}\n",
    )


def _resolution(complaint: Complaint) -> tuple[str, str]:
    return (
        f"Your complaint {complaint.reference} is resolved",
        f"Hello {complaint.name},\n\nOur grievance officer has closed your complaint {complaint.reference}. What "
        f"was done:\n\n{complaint.resolution}\n\nIf you are not satisfied, reply to {settings.GRIEVANCE_OFFICER_EMAIL}"
        ", or call the National Consumer Helpline on 1915.\n",
    )


def _send(complaint: Complaint, subject_body: tuple[str, str], to: str) -> bool:
    try:
        send_mail(*subject_body, settings.DEFAULT_FROM_EMAIL, [to])
    except Exception as exc:  # noqa: BLE001  the mail server's trouble is recorded, not raised
        logger.warning("Complaint %s: an email was not sent: %s", complaint.reference, exc)
        return False
    return True


def send_emails(complaint_id: int) -> str:
    """The officer's notice and the shopper's acknowledgement of a new complaint, and the resolution of a closed one,
    each sent once (under the row's lock); what fails is left for the catch-up, up to MAX_EMAIL_ATTEMPTS."""
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
        if complaint is None:
            return "nothing to do"
        now, sent = timezone.now(), []
        closed = complaint.status == ComplaintStatus.CLOSED
        owed = [
            ("officer_notified_at", "officer", _officer_email, settings.GRIEVANCE_OFFICER_EMAIL),
            ("acknowledged_at", "acknowledgement", _acknowledgement, complaint.email),
            ("resolution_sent_at", "resolution", _resolution, complaint.email if closed else ""),
        ]
        for field, name, write, to in owed:
            if getattr(complaint, field) is None and to and _send(complaint, write(complaint), to):
                setattr(complaint, field, now)
                sent.append(name)
        complaint.email_attempts += 1
        complaint.save(update_fields=["officer_notified_at", "acknowledged_at", "resolution_sent_at", "email_attempts"])
    return ", ".join(sent) or "none sent"


def _owed() -> QuerySet[Complaint]:
    return Complaint.objects.filter(
        Q(officer_notified_at__isnull=True)
        | Q(acknowledged_at__isnull=True, email__gt="")
        | Q(status=ComplaintStatus.CLOSED, resolution_sent_at__isnull=True, email__gt="")
    )


def send_missed(*, now: datetime | None = None, limit: int = 100) -> int:
    """The catch-up (beat): complaints whose emails were not all sent. Returns how many it handled."""
    now = now or timezone.now()
    due = (
        _owed()
        .filter(email_attempts__lt=MAX_EMAIL_ATTEMPTS, created_at__lte=now - SEND_AFTER)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(send_emails(pk) != "none sent" for pk in list(due))


def close(complaint_id: int, *, resolution: str, by: "User", request: HttpRequest | Request | None = None) -> Complaint:
    """Close a complaint with what was done (emailed to the shopper), audited."""
    from support.tasks import send_complaint_emails

    resolution = resolution.strip()
    if not resolution:
        message = "Say what was done: the shopper gets it by email."
        raise ApplicationError(CommonErrorCode.INVALID, message, fields={"resolution": [message]})
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
        if complaint.status == ComplaintStatus.CLOSED:
            raise ApplicationError(SupportErrorCode.COMPLAINT_CLOSED, "This complaint is already closed.")
        complaint.status, complaint.resolution = ComplaintStatus.CLOSED, resolution[:5000]
        complaint.closed_at, complaint.closed_by = timezone.now(), by
        complaint.email_attempts = 0  # the resolution's email gets its own tries
        complaint.save(update_fields=["status", "resolution", "closed_at", "closed_by", "email_attempts"])
        audit.record(
            "complaint_closed",
            obj=complaint,
            new={"reference": complaint.reference, "late": complaint.closed_at > complaint.due_by},
            actor=by,
            request=request,
            source="admin",
        )
        enqueue_on_commit(send_complaint_emails, complaint.pk)
    return complaint
