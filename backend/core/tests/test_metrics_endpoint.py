"""GET /metrics (core.observability.prometheus): 404 without METRICS_TOKEN, 401 without the right bearer token,
and the counters a checkout moves, by route name, never by raw path."""

import pytest
from django.conf import settings as django_settings
from prometheus_client.parser import text_string_to_metric_families

from orders.tests.fixtures import add_to_cart, checkout

TOKEN = "metrics-test-token-0123456789"


def scrape(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def test_no_token_set_means_no_endpoint(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", TOKEN])
def test_a_scrape_without_the_token_is_refused(client, settings, authorization):
    settings.METRICS_TOKEN = TOKEN
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = client.get("/metrics", **headers)
    assert response.status_code == 401 and b"phonestore" not in response.content


@pytest.mark.usefixtures("dev_gateway")
def test_a_checkout_moves_its_counters(client, auth_client, variant, settings):
    settings.METRICS_TOKEN = TOKEN
    before = scrape(client)
    assert add_to_cart(auth_client, variant, 2).status_code in (200, 201)
    assert checkout(auth_client).status_code == 201
    variant.refresh_from_db()
    after = scrape(client)

    def moved(name, **labels):
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0) - before.get(key, 0)

    assert moved("phonestore_checkout_total", outcome="created") == 1
    assert moved("phonestore_http_request_duration_seconds_count", route="checkout", method="POST", status="201") == 1
    assert (
        moved("phonestore_http_request_duration_seconds_count", route="cart-items", method="POST", status="201")
        + (moved("phonestore_http_request_duration_seconds_count", route="cart-items", method="POST", status="200"))
        == 1
    )
    assert not [key for key in after if "/api/" in str(key)]  # routes by name, never raw paths


@pytest.mark.usefixtures("dev_gateway")
def test_a_refused_checkout_is_counted_with_its_code_and_as_a_stock_out(client, auth_client, variant, settings):
    settings.METRICS_TOKEN = TOKEN
    assert add_to_cart(auth_client, variant, 2).status_code in (200, 201)
    variant.stock = 1
    variant.save(update_fields=["stock"])
    before = scrape(client)
    assert checkout(auth_client).status_code == 409
    after = scrape(client)
    key = ("phonestore_checkout_total", (("outcome", "out_of_stock"),))
    assert after[key] - before.get(key, 0) == 1
    stock_out = ("phonestore_stock_out_total", (("source", "checkout_refused"),))
    assert after[stock_out] - before.get(stock_out, 0) == 1


@pytest.mark.skipif(
    not django_settings.CELERY_BROKER_URL.startswith("redis://"), reason="needs Redis as the Celery broker"
)
def test_queue_lengths_and_worker_failures_are_read_from_redis_at_scrape_time(client, settings):
    from core.observability.prometheus import TASK_FAILURES_KEY, _broker_redis

    settings.METRICS_TOKEN = TOKEN
    settings.CELERY_TASK_DEFAULT_QUEUE = queue = "metrics-test-queue"  # never a queue a worker test uses
    redis = _broker_redis()  # the broker's Redis: CELERY_BROKER_URL, else REDIS_URL
    redis.delete(queue, TASK_FAILURES_KEY)
    redis.rpush(queue, "a", "b", "c")
    redis.hincrby(TASK_FAILURES_KEY, "orders.tasks.expire_unpaid_orders", 2)
    try:
        seen = scrape(client)
    finally:
        redis.delete(queue, TASK_FAILURES_KEY)
    assert seen[("phonestore_celery_queue_length", (("queue", queue),))] == 3
    assert seen[("phonestore_celery_task_failures_total", (("task", "orders.tasks.expire_unpaid_orders"),))] == 2
