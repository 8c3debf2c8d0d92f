"""A message a person is waiting for (core.tasks.deliver_on_commit: a sign-in code, a reset link) goes ahead of the
tasks already waiting on the Redis broker, so a sale's backlog of invoices and e-mails does not hold it up."""

import pytest
from django.conf import settings as django_settings

from accounts.tasks import send_password_reset
from config.celery import app
from core.observability.prometheus import FleetCollector
from core.tasks import broker_lists, deliver_on_commit, enqueue_on_commit
from notifications.tasks import send_order_email

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs Redis (REDIS_URL) as the Celery broker"),
]
QUEUE = "priority-test-queue"  # never a queue a worker test uses


@pytest.fixture
def broker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_TASK_DEFAULT_QUEUE = QUEUE
    app.conf.task_default_queue = QUEUE  # (Celery read the setting at start)
    with app.connection_for_write() as conn:
        conn.default_channel.client.delete(*broker_lists(QUEUE))
        try:
            yield conn.default_channel
        finally:
            conn.default_channel.client.delete(*broker_lists(QUEUE))
            app.conf.task_default_queue = django_settings.CELERY_TASK_DEFAULT_QUEUE


def taken_in_order(channel) -> list[tuple]:
    """The waiting messages' arguments in the order a worker takes them (kombu reads the priority steps' lists in
    order, as a worker's BRPOP does)."""
    taken = []
    while (message := channel.basic_get(QUEUE, no_ack=True)) is not None:
        taken.append(tuple(message.decode()[0]))
    return taken


def test_a_message_someone_waits_for_is_taken_before_the_backlog(broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for order_id in (1, 2, 3):  # (the messages are only read back, never run)
            enqueue_on_commit(send_order_email, order_id, "order_confirmation")
    with django_capture_on_commit_callbacks(execute=True):
        deliver_on_commit(send_password_reset, 7)
    confirmations = [(order_id, "order_confirmation") for order_id in (1, 2, 3)]
    assert taken_in_order(broker) == [(7,), *confirmations]


def test_the_queue_length_metric_counts_every_priority(broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(send_order_email, 1, "order_confirmation")
        enqueue_on_commit(send_order_email, 2, "order_confirmation")
    with django_capture_on_commit_callbacks(execute=True):
        deliver_on_commit(send_password_reset, 7)
    depth = next(m for m in FleetCollector().collect() if m.name == "phonestore_celery_queue_length")
    assert {s.labels["queue"]: s.value for s in depth.samples}[QUEUE] == 3
