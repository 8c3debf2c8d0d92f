"""Every SMS is recorded, sent after commit, retried with exponential backoff while MSG91 is unavailable, given up
after SMS_MAX_ATTEMPTS with a log line, never retried when refused, and sent once per key; codes are never stored.
Against the MSG91 stand-in (sms/tests/msg91_standin.py)."""

import logging
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from core import one_time_codes as codes
from sms import services
from sms.constants import SmsKind, SmsStatus
from sms.models import SmsMessage
from sms.tasks import send_sms
from sms.tests.fixtures import template_id_for

pytestmark = pytest.mark.django_db

SHIPPED = {"order": "PS-2026-000042", "link": "https://track.example.in/awb/1234567890"}


def queue_shipped(commit, **kwargs):
    with commit():
        return services.queue(SmsKind.SHIPPED, kwargs.pop("phone", "9876543210"), SHIPPED, **kwargs)


def test_a_message_is_recorded_and_sent_after_commit(msg91, commit):
    message = queue_shipped(commit, once_key="order:42:shipped")
    message.refresh_from_db()
    [sent] = msg91.sent
    assert sent["template_id"] == template_id_for("shipped") and sent["mobiles"] == "919876543210"
    assert sent["variables"] == SHIPPED
    assert message.status == SmsStatus.SENT and message.attempts == 1 and message.sent_at
    assert message.request_id == sent["request_id"] and message.provider == "msg91"
    assert message.template_id == template_id_for("shipped") and message.variables == SHIPPED
    assert message.phone == "" and message.phone_masked == "98XXXXXX10"  # the full number is not kept


def test_nothing_is_sent_for_a_change_that_rolls_back(msg91, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            services.queue(SmsKind.SHIPPED, "9876543210", SHIPPED)
            raise RuntimeError("the order's change failed")
    assert not SmsMessage.objects.exists() and not msg91.requests


def test_backoff_doubles_up_to_its_ceiling(settings):
    settings.SMS_RETRY_BACKOFF_SECONDS, settings.SMS_RETRY_BACKOFF_MAX_SECONDS = 30, 900
    assert [services.backoff(n) for n in range(1, 8)] == [30, 60, 120, 240, 480, 900, 900]


def test_timeouts_and_5xx_are_retried_with_exponential_backoff(msg91, settings, commit, caplog):
    settings.MSG91_TIMEOUT_SECONDS, msg91.hang_seconds = 0.3, 0.6
    msg91.failures = [500, "timeout", 503]
    with caplog.at_level(logging.WARNING, logger="sms.services"):
        message = queue_shipped(commit)  # attempt 1, in-process after commit: 500
    message.refresh_from_db()
    assert message.status == SmsStatus.QUEUED and message.attempts == 1 and "500" in message.last_error
    assert "attempt 1 of 4 failed" in caplog.text and "9876543210" not in caplog.text  # the number masked

    waits = []
    for _ in range(3):
        due = message.next_attempt_at
        assert services.send_due(now=due - timedelta(seconds=1)) == 0  # not before it is due
        tried = len(msg91.requests)
        services.send_due(now=due)
        assert len(msg91.requests) == tried + 1
        message.refresh_from_db()
        if message.status == SmsStatus.QUEUED:
            waits.append((message.next_attempt_at - due).total_seconds())
    assert waits == [60, 120]  # after the 1st failure 30 s, then doubled
    assert message.status == SmsStatus.SENT and message.attempts == 4 and message.last_error == ""
    assert len(msg91.sent) == 1


def test_a_message_is_given_up_after_the_last_attempt_with_a_log_line(msg91, settings, commit, caplog):
    settings.SMS_MAX_ATTEMPTS = 3
    msg91.failures = [503] * 10
    message = queue_shipped(commit)
    with caplog.at_level(logging.ERROR, logger="sms.services"):
        for _ in range(5):
            message.refresh_from_db()
            services.send_due(now=(message.next_attempt_at or timezone.now()) + timedelta(hours=1))
    message.refresh_from_db()
    assert message.status == SmsStatus.FAILED and message.attempts == 3 and len(msg91.requests) == 3
    assert message.phone == "" and message.next_attempt_at is None
    assert message.last_error.startswith("Given up after 3 attempt(s): MSG91 answered 503")
    [line] = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert line == f"shipped SMS {message.pk} to 98XXXXXX10 not sent: {message.last_error}"


def test_a_refusal_is_not_retried(msg91, settings, commit):
    settings.MSG91_AUTH_KEY = "revoked-key"
    message = queue_shipped(commit)
    services.send_due(now=timezone.now() + timedelta(days=1))
    message.refresh_from_db()
    assert message.status == SmsStatus.FAILED and message.attempts == 1 and len(msg91.requests) == 1
    assert message.last_error == "Refused: MSG91 refused the message (401): Authentication failure"


def test_a_kind_without_its_template_id_is_not_sent(msg91, settings, commit):
    settings.SMS_TEMPLATE_SHIPPED = ""
    message = queue_shipped(commit)
    message.refresh_from_db()
    assert message.status == SmsStatus.FAILED and not msg91.requests
    assert "SMS_TEMPLATE_" in message.last_error


def test_a_key_sends_once_whoever_asks_again(msg91, commit):
    first = queue_shipped(commit, once_key="order:42:shipped")
    again = queue_shipped(commit, once_key="order:42:shipped")
    assert again.pk == first.pk and SmsMessage.objects.count() == 1 and len(msg91.sent) == 1


def test_a_replayed_or_stale_attempt_sends_nothing(msg91, settings, commit):
    message = queue_shipped(commit)
    assert send_sms.apply(args=(message.pk, "", 0)).get() == "skipped"  # the same task delivered twice
    msg91.failures = [503]
    other = queue_shipped(commit, phone="9123456780")  # attempt 1 failed: waits for attempt 2
    assert services.deliver(other.pk, "", 0, worker_retries=True).status == "skipped"  # a late copy of attempt 1
    assert len(msg91.requests) == 2 and len(msg91.sent) == 1


def test_sms_off_or_not_a_mobile_records_nothing(msg91, settings, commit, caplog):
    assert queue_shipped(commit, phone="12345") is None
    assert queue_shipped(commit, phone="5876543210") is None  # Indian mobiles start with 6 to 9
    assert "is not a 10-digit Indian mobile number" in caplog.text
    settings.SMS_SENDER = ""
    assert queue_shipped(commit) is None
    assert not SmsMessage.objects.exists() and not msg91.requests


def test_a_template_is_filled_completely_or_refused_at_once(msg91):
    with pytest.raises(ValueError, match="takes the variables"):
        services.queue(SmsKind.SHIPPED, "9876543210", {"order": "PS-1"})
    with pytest.raises(ValueError, match="needs its code"):
        services.queue(SmsKind.SIGN_IN_CODE, "9876543210", {"minutes": "5"})


def _stored_text() -> str:
    """Every value of every stored SMS row, as text."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {SmsMessage._meta.db_table}")
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


def test_a_code_is_sent_but_never_stored_and_sealed_on_the_broker(msg91, commit, monkeypatch):
    carried = []
    deliver = services.deliver_on_commit
    monkeypatch.setattr(services, "deliver_on_commit", lambda task, *args: carried.append(args) or deliver(task, *args))
    with commit():
        message = services.queue(
            SmsKind.SIGN_IN_CODE,
            "9876543210",
            {"minutes": "5"},
            code="402913",
            expires_at=timezone.now() + timedelta(minutes=5),
            urgent=True,
        )
    [sent] = msg91.sent
    assert sent["variables"] == {"otp": "402913", "minutes": "5"} and "402913" in sent["text"]
    [(message_id, sealed, attempts)] = carried
    assert message_id == message.pk and attempts == 0 and sealed != "402913"
    message.refresh_from_db()
    assert codes.unseal(services.PURPOSE, message.pk, message.salt, sealed) == "402913"
    assert "402913" not in _stored_text() and message.status == SmsStatus.SENT


def test_a_code_waits_for_a_worker_retry_only_until_it_expires(msg91):
    msg91.failures = [503, 503]
    expires = timezone.now() + timedelta(minutes=5)
    # Queued, never committed (the test's transaction): its task does not run; the worker's attempts are made here.
    message = services.queue(SmsKind.SIGN_IN_CODE, "9876543210", {"minutes": "5"}, code="402913", expires_at=expires)
    sealed = codes.seal(services.PURPOSE, message.pk, message.salt, "402913")
    first = services.deliver(message.pk, sealed, 0, worker_retries=True)
    assert first.status == "queued" and first.retry_in == 30  # a worker retries the task: the code may wait
    late = services.deliver(message.pk, sealed, 1, worker_retries=True, now=expires + timedelta(seconds=1))
    assert late.status == "failed" and late.error == "Expired before it could be sent."
    assert len(msg91.requests) == 1  # the expired code was not sent again


def test_the_catch_up_settles_codes_past_their_end_without_sending_them(msg91, commit):
    msg91.failures = [503]
    with commit():
        message = services.queue(
            SmsKind.COD_CODE,
            "9876543210",
            {"order": "PS-1", "amount": "1,000.00", "minutes": "30"},
            code="402913",
            expires_at=timezone.now() + timedelta(minutes=30),
        )
    message.refresh_from_db()
    assert message.status == SmsStatus.FAILED  # in-process: a code cannot wait for the catch-up
    SmsMessage.objects.filter(pk=message.pk).update(status=SmsStatus.QUEUED, phone="9876543210")  # a lost task
    assert services.send_due(now=timezone.now() + timedelta(minutes=10)) == 0
    message.refresh_from_db()
    assert message.status == SmsStatus.QUEUED  # still valid: not the catch-up's to send (it has no code)
    services.send_due(now=timezone.now() + timedelta(minutes=31))
    message.refresh_from_db()
    assert message.status == SmsStatus.FAILED and message.last_error == "Expired before it could be sent."
    assert len(msg91.requests) == 1 and message.phone == ""


def test_a_bug_in_sending_is_logged_and_bounded_like_an_outage(settings, commit, monkeypatch, caplog):
    from sms.providers.console import ConsoleSmsSender

    settings.SMS_MAX_ATTEMPTS = 2
    monkeypatch.setattr(ConsoleSmsSender, "send", lambda self, sms: 1 / 0)
    message = queue_shipped(commit)
    message.refresh_from_db()
    assert message.status == SmsStatus.QUEUED and message.attempts == 1
    assert "ZeroDivisionError" in message.last_error and "the attempt failed unexpectedly" in caplog.text
    services.send_due(now=message.next_attempt_at)
    message.refresh_from_db()
    assert message.status == SmsStatus.FAILED and message.attempts == 2  # not tried every minute for ever
