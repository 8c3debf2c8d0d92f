"""On a Celery worker (Redis broker) a message MSG91 could not take is retried by its task after the backoff."""

import time

import pytest
from django.conf import settings as django_settings

from sms import services
from sms.constants import SmsKind, SmsStatus
from sms.models import SmsMessage

pytestmark = pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs Redis (REDIS_URL) as the Celery broker")


@pytest.mark.django_db(transaction=True)
def test_a_worker_retries_the_message_after_a_doubling_backoff(msg91, settings):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.SMS_RETRY_BACKOFF_SECONDS = 1
    msg91.failures = [503, 503]
    app.loader.import_default_modules()
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    message = services.queue(SmsKind.DELIVERED, "9876543210", {"order": "PS-2026-000042"})  # sent to the broker
    assert not msg91.requests  # nothing is sent by the one who asked

    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and SmsMessage.objects.get(pk=message.pk).status == SmsStatus.QUEUED:
            time.sleep(0.2)
    message.refresh_from_db()
    assert message.status == SmsStatus.SENT and message.attempts == 3 and len(msg91.sent) == 1
    first, second, third = (request["at"] for request in msg91.requests)
    assert second - first >= 1 and third - second >= 2  # 1 s, then doubled
