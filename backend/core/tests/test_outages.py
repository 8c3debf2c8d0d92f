"""Outages of the parts we run answer 503 with Retry-After, never 500; core.metrics counts; the database
rate-limit counter counts exactly; a chunked body is read with its length, or refused (411), never read as
an empty one."""

import json
import logging
import threading
import time
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django_redis.exceptions import ConnectionInterrupted
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core import metrics
from core.models import RateLimitCounter
from core.ratelimit import count_in_database, parse_rate, purge_database_counters

pytestmark = pytest.mark.django_db


def interrupted() -> ConnectionInterrupted:
    try:
        raise ConnectionInterrupted(connection=None) from RedisConnectionError("Connection refused.")
    except ConnectionInterrupted as exc:
        return exc


@pytest.mark.parametrize(
    "error,component",
    [
        (RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused."), "redis"),
        (RedisTimeoutError("Timeout reading from socket"), "redis"),
        (interrupted(), "redis"),
        (OperationalError("connection to server at 127.0.0.1, port 5432 failed"), "database"),
        (InterfaceError("connection already closed"), "database"),
        (BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused."), "broker"),
    ],
)
def test_an_outage_is_a_503_with_retry_after(api_client, settings, error, component, caplog):
    settings.SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 7
    metrics.reset()
    with mock.patch("catalog.api.views.selectors.category_tree", side_effect=error):
        response = api_client.get("/api/categories/")
    assert response.status_code == 503 and response["Retry-After"] == "7"
    assert response.json() == {
        "error": {
            "code": "service_unavailable",
            "message": "The service is briefly unavailable. Please try again in a few seconds.",
            "fields": {},
        }
    }
    assert metrics.value("service_unavailable", component=component) == 1
    assert f"{component} unavailable" in caplog.text  # logged with its traceback for the operator


def test_a_bug_is_still_a_500(api_client, settings):
    with mock.patch("catalog.api.views.selectors.category_tree", side_effect=ValueError("a bug")):
        assert api_client.get("/api/categories/").status_code == 500


def test_plain_django_views_under_the_api_answer_503_too(rf):
    from core.middleware import ApiJsonErrorsMiddleware

    middleware = ApiJsonErrorsMiddleware(lambda request: None)
    response = middleware.process_exception(rf.get("/api/anything/"), OperationalError("database is locked"))
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert json.loads(response.content)["error"]["code"] == "service_unavailable"
    assert middleware.process_exception(rf.get("/api/anything/"), KeyError("bug")).status_code == 500
    assert middleware.process_exception(rf.get("/admin/"), OperationalError("down")) is None  # Django's own page


# --- core.metrics


def test_metrics_count_per_name_and_labels_across_threads():
    metrics.reset()

    def count():
        for _ in range(1000):
            metrics.increment("demo", scope="a")

    threads = [threading.Thread(target=count) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    metrics.increment("demo", scope="b")
    assert metrics.value("demo", scope="a") == 8000 and metrics.value("demo", scope="b") == 1
    assert metrics.value("demo") == 0 and metrics.value("never") == 0
    assert metrics.snapshot()[("demo", (("scope", "a"),))] == 8000


def test_metrics_log_the_first_and_every_nth_count(settings, caplog):
    settings.METRICS_LOG_EVERY = 3
    metrics.reset()
    with caplog.at_level(logging.WARNING, logger="core.metrics"):
        for _ in range(7):
            metrics.increment("rate_limit_failed_open", scope="search_ip")
    assert [r.getMessage() for r in caplog.records] == [
        "metric rate_limit_failed_open scope=search_ip count=1",
        "metric rate_limit_failed_open scope=search_ip count=3",
        "metric rate_limit_failed_open scope=search_ip count=6",
    ]


# --- the database rate-limit counter


def test_rates_are_parsed_like_django_ratelimit():
    assert parse_rate("5/m") == (5, 60) and parse_rate("3/15m") == (3, 900) and parse_rate("100/h") == (100, 3600)
    assert parse_rate("2/d") == (2, 86400) and parse_rate("7/30s") == (7, 30)


def test_the_database_counter_counts_per_scope_key_and_window():
    answers = [count_in_database("auth_token_account", "email:asha@example.in", "3/h") for _ in range(4)]
    assert [a["count"] for a in answers] == [1, 2, 3, 4]
    assert [a["should_limit"] for a in answers] == [False, False, False, True]
    assert all(0 < a["time_left"] <= 3600 for a in answers)
    assert count_in_database("auth_token_account", "email:ravi@example.in", "3/h")["count"] == 1
    assert count_in_database("auth_otp_verify_account", "email:asha@example.in", "3/h")["count"] == 1
    assert RateLimitCounter.objects.count() == 3


def test_ended_windows_are_purged_by_the_hourly_task(settings):
    from core.tasks import purge_rate_limit_counters

    count_in_database("auth_token_account", "email:asha@example.in", "3/h")
    assert settings.CELERY_BEAT_SCHEDULE["purge-rate-limit-counters"]["task"] == "core.tasks.purge_rate_limit_counters"
    assert purge_rate_limit_counters.apply().get() == 0  # its window is still open
    assert purge_database_counters(now=time.time() + 3601) == 1
    assert not RateLimitCounter.objects.exists()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_in_many_workers_are_all_counted():
    from orders.tests.test_race_postgres import run_in_threads

    def one():
        return count_in_database("auth_token_account", "email:asha@example.in", "100/h")["count"]

    counts = run_in_threads([one] * 12)
    assert sorted(counts) == list(range(1, 13))  # each request saw its own number: none lost, none twice
    assert RateLimitCounter.objects.get().count == 12


# --- bodies without a length


def chunked(client, method, path, body: bytes):
    """What a server that does not mark the end of a chunked body (runserver) hands Django: Transfer-Encoding
    and no CONTENT_LENGTH."""
    return client.generic(
        method, path, body, content_type="application/json", CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked"
    )


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_a_chunked_body_django_cannot_read_is_411_not_read_as_empty(client, method):
    response = chunked(client, method, "/api/checkout/", b'{"payment_method": "dev"}')
    assert response.status_code == 411
    assert response.json()["error"] == {
        "code": "length_required",
        "message": "Send the request body with a Content-Length header.",
        "fields": {},
    }


def test_a_body_with_its_length_and_a_get_are_untouched(client):
    body = b'{"email": "a@example.in", "password": "x"}'
    with_length = client.generic(
        "POST", "/api/auth/token/", body, content_type="application/json", HTTP_TRANSFER_ENCODING="identity"
    )
    assert with_length.status_code == 401  # read and answered: wrong credentials
    assert chunked(client, "GET", "/api/products/", b"").status_code == 200


def wsgi_call(body: bytes, *, terminated: bool, path: str = "/api/auth/token/") -> tuple[int, dict]:
    """POST a chunked body through the WSGI application of config/wsgi.py, as gunicorn hands it over."""
    import io

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from config.wsgi import application

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": "application/json",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.input": io.BytesIO(body),
        "wsgi.input_terminated": terminated,
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    started: dict[str, str] = {}
    # As Django's test client does: the test's database connection stays open through the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, lambda status, headers: started.update(status=status))
        content = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return int(started["status"].split()[0]), json.loads(content)


def test_a_chunked_body_the_server_ended_is_read_with_its_length():
    status, body = wsgi_call(b'{"email": "a@example.in", "password": "wrong-password"}', terminated=True)
    assert status == 401, body  # the body was read: wrong credentials, not "email: This field is required"


def test_a_chunked_body_over_the_limit_is_413(settings):
    settings.API_MAX_BODY_BYTES = 64
    status, body = wsgi_call(json.dumps({"email": "a" * 100, "password": "x"}).encode(), terminated=True)
    assert status == 413 and body["error"]["code"] == "too_large"


def test_a_chunked_body_the_server_did_not_end_is_411():
    status, body = wsgi_call(b'{"email": "a@example.in", "password": "x"}', terminated=False)
    assert status == 411 and body["error"]["code"] == "length_required"
