"""Sending text messages: each one recorded (SmsMessage), sent by a task once the asking transaction commits,
retried with exponential backoff while the provider is unavailable, given up (and logged) after SMS_MAX_ATTEMPTS.
A failure to send never reaches the order or request that asked for the message, except a one-time code asked
for `urgent`ly (core.tasks.deliver_on_commit: 503 when it cannot be sent at all).

Who retries: a Celery worker retries the task itself after the backoff; in-process (no worker, or the broker
down) an order's update waits for the periodic catch-up (send_due), while a code, which is never stored, fails
at once. Every attempt is made under the row's lock and only by the one who expected that attempt's number, so
a replayed task, a Celery retry and the catch-up never send one message twice.
"""

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import one_time_codes as codes
from core.tasks import deliver_on_commit, enqueue_on_commit
from sms import messages
from sms.constants import CODE_KINDS, SmsKind, SmsStatus
from sms.errors import SmsError, SmsUnavailable
from sms.models import SmsMessage
from sms.providers.base import OutgoingSms, configured_sender

logger = logging.getLogger(__name__)

PURPOSE = "sms.code"  # the seal of a code on the broker (core.one_time_codes)
MOBILE = re.compile(r"[6-9]\d{9}")  # an Indian mobile number, without the country code


@dataclass(frozen=True)
class Outcome:
    status: str  # "sent", "failed", "queued" (tried again later) or "skipped" (sent or settled already)
    attempts: int = 0
    retry_in: int | None = None  # seconds until the next attempt, when queued
    error: str = ""


def enabled() -> bool:
    """Some sender is configured (SMS_SENDER empty: no SMS at all)."""
    return bool(settings.SMS_SENDER)


def mask(phone: str) -> str:
    """98XXXXXX10: enough to tell numbers apart in the admin and the logs, not to call one."""
    return f"{phone[:2]}{'X' * max(len(phone) - 4, 0)}{phone[-2:]}" if len(phone) > 4 else "X" * len(phone)


def backoff(attempts: int) -> int:
    """Seconds to wait after `attempts` failed attempts: SMS_RETRY_BACKOFF_SECONDS, doubled for each further
    failure, at most SMS_RETRY_BACKOFF_MAX_SECONDS."""
    base, ceiling = settings.SMS_RETRY_BACKOFF_SECONDS, settings.SMS_RETRY_BACKOFF_MAX_SECONDS
    return int(min(base * 2 ** max(attempts - 1, 0), ceiling))


def queue(
    kind: str,
    phone: str,
    variables: Mapping[str, str],
    *,
    order_id: int | None = None,
    once_key: str | None = None,
    code: str = "",
    expires_at: datetime | None = None,
    urgent: bool = False,
) -> SmsMessage | None:
    """Record a message and send it once the current transaction commits. `variables` fill the kind's template
    (a code kind's code comes as `code`, not among them); `once_key` makes it go out once for that key whoever asks
    again (the message already recorded is returned); `expires_at`: not sent after it (a code kind needs one);
    `urgent`: a person is waiting for it (core.tasks.deliver_on_commit). None when SMS is off or the number is not
    a mobile (logged)."""
    kind = SmsKind(kind)
    is_code = kind in CODE_KINDS
    if is_code and not (code and expires_at):
        raise ValueError(f"A {kind} SMS needs its code and the time it expires.")
    messages.render(kind, {**variables, messages.CODE_VARIABLE: code} if is_code else variables)  # all given
    if not enabled():
        return None
    if not MOBILE.fullmatch(phone or ""):
        logger.warning("%s SMS not sent: %r is not a 10-digit Indian mobile number.", kind, mask(phone or ""))
        return None
    try:
        with transaction.atomic():  # a savepoint: a duplicate once_key undoes only this
            message = SmsMessage.objects.create(
                kind=kind,
                order_id=order_id,
                once_key=once_key,
                phone=phone,
                phone_masked=mask(phone),
                template_id=messages.template_id(kind),
                variables=dict(variables),
                salt=codes.new_salt() if is_code else "",
                expires_at=expires_at,
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        existing = SmsMessage.objects.filter(once_key=once_key).first() if once_key else None
        if existing is None:
            raise
        return existing
    sealed = codes.seal(PURPOSE, message.pk, message.salt, code) if is_code else ""
    from sms.tasks import send_sms

    (deliver_on_commit if urgent else enqueue_on_commit)(send_sms, message.pk, sealed, 0)
    return message


def deliver(
    message_id: int,
    sealed_code: str = "",
    expected_attempts: int = 0,
    *,
    worker_retries: bool,
    now: datetime | None = None,
) -> Outcome:
    """Make one attempt at sending the message, if it is still queued and has had `expected_attempts` attempts
    (anyone else's attempt since makes this one moot). `worker_retries`: a Celery worker will run the task again
    after the backoff, so a code may wait for it; otherwise a code that could not be sent fails now."""
    now = now or timezone.now()
    with transaction.atomic():
        message = SmsMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != SmsStatus.QUEUED or message.attempts != expected_attempts:
            return Outcome("skipped", message.attempts if message else 0)
        if message.expires_at is not None and message.expires_at <= now:
            return _fail(message, "Expired before it could be sent.")
        variables = dict(message.variables)
        if message.kind in CODE_KINDS:
            if not sealed_code:
                return _fail(message, "Its code travels only with its task, which is gone.")
            variables[messages.CODE_VARIABLE] = codes.unseal(PURPOSE, message.pk, message.salt, sealed_code)
        sender = configured_sender()
        if sender is None:
            return _fail(message, "SMS is off (SMS_SENDER is empty).")
        message.attempts += 1
        message.provider = sender.name
        try:
            outgoing = OutgoingSms(
                phone=message.phone,
                kind=message.kind,
                template_id=message.template_id,
                variables=variables,
                text=messages.render(message.kind, variables),
            )
            request_id = sender.send(outgoing)
        except SmsError as exc:
            return _failed_attempt(message, exc, now, worker_retries=worker_retries)
        except Exception as exc:  # a bug of ours: logged with its trace, and bounded by SMS_MAX_ATTEMPTS like an outage
            logger.exception("%s SMS %s: the attempt failed unexpectedly.", message.kind, message.pk)
            unexpected = SmsUnavailable(f"{type(exc).__name__}: {exc}")
            return _failed_attempt(message, unexpected, now, worker_retries=worker_retries)
        message.status, message.request_id, message.sent_at = SmsStatus.SENT, request_id[:64], now
        message.phone, message.last_error, message.next_attempt_at = "", "", None
        message.save()
    logger.info("%s SMS %s to %s sent: %s %s", message.kind, message.pk, message.phone_masked, sender.name, request_id)
    return Outcome("sent", message.attempts)


def _failed_attempt(message: SmsMessage, exc: SmsError, now: datetime, *, worker_retries: bool) -> Outcome:
    error = str(exc)
    if not exc.retryable:
        return _fail(message, f"Refused: {error}")
    can_wait = message.kind not in CODE_KINDS or worker_retries
    if message.attempts >= settings.SMS_MAX_ATTEMPTS or not can_wait:
        return _fail(message, f"Given up after {message.attempts} attempt(s): {error}")
    delay = backoff(message.attempts)
    message.next_attempt_at, message.last_error = now + timedelta(seconds=delay), error[:300]
    message.save()
    logger.warning(
        "%s SMS %s to %s: attempt %d of %d failed (%s); next in %d s.",
        message.kind,
        message.pk,
        message.phone_masked,
        message.attempts,
        settings.SMS_MAX_ATTEMPTS,
        error,
        delay,
    )
    return Outcome("queued", message.attempts, retry_in=delay, error=error)


def _fail(message: SmsMessage, reason: str) -> Outcome:
    """Settle a message as not sent, for good: its number is cleared and the reason logged."""
    message.status, message.last_error = SmsStatus.FAILED, reason[:300]
    message.phone, message.next_attempt_at = "", None
    message.save()
    logger.error("%s SMS %s to %s not sent: %s", message.kind, message.pk, message.phone_masked, reason)
    return Outcome("failed", message.attempts, error=reason)


def send_due(*, now: datetime | None = None, limit: int = 100) -> int:
    """The catch-up (beat, every minute): queued updates whose attempt is due (their retry in-process, or a task
    lost with the broker) are tried now; codes past their end are settled as failed. Returns how many were sent."""
    now = now or timezone.now()
    for message in SmsMessage.objects.filter(status=SmsStatus.QUEUED, kind__in=CODE_KINDS, expires_at__lte=now):
        deliver(message.pk, "", message.attempts, worker_retries=False, now=now)
    due = (
        SmsMessage.objects.filter(status=SmsStatus.QUEUED, next_attempt_at__lte=now)
        .exclude(kind__in=CODE_KINDS)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", "attempts")[:limit]
    )
    return sum(deliver(pk, "", attempts, worker_retries=False, now=now).status == "sent" for pk, attempts in due)
