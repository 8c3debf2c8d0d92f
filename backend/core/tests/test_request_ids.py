"""The request id (core.observability.context): given to every request, echoed when safe, on the log lines of the
request and of the tasks it enqueued, through a real broker and worker too."""

import logging
import re
import time

import pytest
from django.conf import settings as django_settings

from core.observability.context import RequestIdLogFilter

pytestmark = pytest.mark.urls("core.tests.observed_urls")


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.addFilter(RequestIdLogFilter())  # as on the console handler (LOGGING)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def lines():
    """The test views' and task's lines with their request_id, from any thread (the worker's too)."""
    logger, recorder = logging.getLogger("core.tests.observed"), _Recorder()
    # Whatever an earlier test did to logging (a worker's setup, a dictConfig), these lines are emitted.
    was = logger.level, logger.disabled
    logger.setLevel(logging.WARNING)
    logger.disabled = False
    logger.addHandler(recorder)
    yield lambda: [(r.getMessage(), r.request_id) for r in recorder.records]
    logger.removeHandler(recorder)
    logger.level, logger.disabled = was


def test_every_answer_carries_a_fresh_request_id(client):
    first, second = client.get("/api/health/"), client.get("/api/health/")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize("given", ["lb-7f3a9c2e", "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", "req_1.retry"])
def test_a_short_safe_incoming_id_is_kept(client, given):
    assert client.get("/api/health/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given


@pytest.mark.parametrize(
    "given",
    ["short", "x" * 65, "abc def 12345", "id\nFAKE LOG LINE", '"><script>', "ünïcode-1234", "Root=1-6789.abc", ""],
)
def test_an_unsafe_or_odd_incoming_id_is_replaced(client, given):
    answered = client.get("/api/health/", HTTP_X_REQUEST_ID=given)["X-Request-ID"]
    assert answered != given and re.fullmatch(r"[0-9a-f]{32}", answered)


def test_a_task_run_in_the_request_logs_the_requests_id(client, lines, transactional_db):
    response = client.get("/api/test/enqueue/", HTTP_X_REQUEST_ID="req-eager-0001")
    assert response.status_code == 200
    assert lines() == [("view says hello", "req-eager-0001"), ("task says hello", "req-eager-0001")]


def test_outside_a_request_the_id_is_a_dash(lines):
    logging.getLogger("core.tests.observed").warning("on its own")
    assert lines() == [("on its own", "-")]


@pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs Redis (REDIS_URL) as the Celery broker")
def test_a_task_sent_through_the_broker_logs_the_requests_id_in_the_worker(client, lines, settings, transactional_db):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    assert client.get("/api/test/enqueue/", HTTP_X_REQUEST_ID="req-worker-0001").status_code == 200
    assert lines() == [("view says hello", "req-worker-0001")]  # the task waits in Redis

    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(lines()) < 2:
            time.sleep(0.05)
    assert lines()[1] == ("task says hello", "req-worker-0001")
