"""Redis is a cache, not a gate: with the cache unreachable (django-redis on a closed port, every call
refused within milliseconds) the shop keeps selling. Catalog and search reads are computed, checkout,
payment and cart work, per-IP limits fail open (counted in core.metrics), and the per-account protections
are counted in the database instead."""

import pytest
from django.core import mail

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from core import metrics
from core.models import RateLimitCounter
from orders.models import Order
from orders.tests.fixtures import add_to_cart, checkout

pytestmark = pytest.mark.django_db


def test_the_cache_is_really_down(redis_down):
    from django.core.cache import cache

    from core.outages import CACHE_ERRORS

    with pytest.raises(CACHE_ERRORS):
        cache.get("anything")


def test_catalog_and_search_are_computed(redis_down, api_client, variant):
    assert api_client.get("/api/products/").json()["count"] == 1
    assert api_client.get(f"/api/products/{variant.product.slug}/").status_code == 200
    assert api_client.get("/api/categories/").status_code == 200
    search = api_client.get("/api/search/", {"q": variant.product.title})
    assert search.status_code == 200 and search.json()["results"][0]["slug"] == variant.product.slug
    assert metrics.value("rate_limit_failed_open", scope="search_ip") == 1


def test_cart_checkout_and_payment_keep_working(redis_down, auth_client, variant, dev_gateway):
    added = add_to_cart(auth_client, variant, 2)
    assert added.status_code == 201
    item = added.json()["items"][0]["id"]
    assert auth_client.patch(f"/api/cart/items/{item}/", {"quantity": 1}, format="json").status_code == 200
    response = checkout(auth_client)
    assert response.status_code == 201, response.json()
    order_id = response.json()["id"]
    paid = auth_client.post("/api/payments/dev/confirm/", {"order_id": order_id}, format="json")
    assert paid.status_code == 200, paid.json()
    assert Order.objects.get().status in ("PAID", "PACKED")
    assert metrics.value("rate_limit_failed_open", scope="checkout_user") == 1
    assert metrics.value("rate_limit_failed_open", scope="cart_write_user") == 2


def test_per_ip_limits_fail_open_and_are_counted(redis_down, api_client, settings, caplog):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search_ip": "1/m"}
    for _ in range(3):
        assert api_client.get("/api/search/", {"q": "phone"}).status_code == 200
    assert metrics.value("rate_limit_failed_open", scope="search_ip") == 3
    assert "metric rate_limit_failed_open scope=search_ip count=1" in caplog.text  # logged the first time


def test_sign_in_works_and_guessing_is_counted_in_the_database(redis_down, api_client):
    user = UserFactory(email="asha@example.in")
    sign_in = {"email": user.email, "password": DEFAULT_PASSWORD}
    assert api_client.post("/api/auth/token/", sign_in, format="json").status_code == 200
    assert metrics.value("rate_limit_database_fallback", scope="auth_token_account") == 1
    assert metrics.value("rate_limit_failed_open", scope="auth_token_ip") == 1
    wrong = {"email": "ASHA@example.in ", "password": "not-the-password"}
    answers = [api_client.post("/api/auth/token/", wrong, format="json") for _ in range(5)]
    assert [a.status_code for a in answers] == [401, 401, 401, 401, 429]  # the 6th for this account in a minute
    assert answers[-1].json()["error"]["code"] == "throttled" and 0 < int(answers[-1]["Retry-After"]) <= 60
    [counter] = RateLimitCounter.objects.filter(scope="auth_token_account")
    assert counter.count == 6 and "asha" not in counter.key_digest


def test_otp_codes_are_sent_and_requests_counted_per_account_in_the_database(
    redis_down, api_client, django_capture_on_commit_callbacks
):
    UserFactory(email="otp@example.in", otp_enabled=True)
    answers = []
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(api_client.post("/api/auth/otp/request/", {"email": "otp@example.in"}, format="json"))
    assert [a.status_code for a in answers] == [202, 202, 202, 429]  # 3 per 15 minutes
    assert len(mail.outbox) == 3
    assert metrics.value("rate_limit_database_fallback", scope="auth_otp_request_account") == 4


def test_password_reset_requests_are_counted_per_account_in_the_database(redis_down, api_client):
    UserFactory(email="reset@example.in")
    answers = [
        api_client.post("/api/auth/password/reset/", {"email": "reset@example.in"}, format="json") for _ in range(4)
    ]
    assert [a.status_code for a in answers] == [202, 202, 202, 429]  # 3 per hour
    assert RateLimitCounter.objects.get(scope="auth_password_reset_account").count == 4


def test_database_and_cache_both_down_is_a_503_not_a_500(redis_down, api_client, monkeypatch):
    from django.db import OperationalError

    from core import ratelimit

    def database_down(*args):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")

    monkeypatch.setattr(ratelimit, "count_in_database", database_down)
    response = api_client.post("/api/auth/token/", {"email": "a@example.in", "password": "x"}, format="json")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "service_unavailable"
    assert metrics.value("service_unavailable", component="database") == 1


def test_ready_says_degraded_and_stays_in_rotation(redis_down, api_client):
    response = api_client.get("/api/ready/")
    assert response.status_code == 200
    assert response.json()["components"]["cache"]["status"] == "degraded"
    assert response.json()["status"] == "degraded"
