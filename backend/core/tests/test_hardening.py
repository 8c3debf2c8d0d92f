"""Headers, cookies, CSP, CORS, body and JSON limits, error bodies."""

import json
from unittest import mock

import pytest
from django.test import Client

from core.ratelimit import RateLimited, client_ip

pytestmark = pytest.mark.django_db


# --- headers


def test_api_answers_carry_the_security_headers(api_client):
    response = api_client.get("/api/health/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp


def test_errors_carry_them_too(api_client):
    response = api_client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_hsts_over_https(api_client):
    response = api_client.get("/api/health/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_proxy_tells_https_with_x_forwarded_proto(api_client):
    response = api_client.get("/api/health/", HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" in response


def test_http_is_redirected_to_https_when_on(api_client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert api_client.get("/api/products/").status_code == 301
    assert api_client.get("/api/health/").status_code == 200  # platform probes stay on http


def test_account_answers_are_not_cached(auth_client):
    assert auth_client.get("/api/auth/me/")["Cache-Control"] == "private, no-store"
    assert auth_client.get("/api/addresses/")["Cache-Control"] == "private, no-store"


def test_admin_and_docs_get_a_policy_that_lets_their_own_assets_load(admin_client):
    admin = admin_client.get("/admin/")
    assert admin.status_code == 200
    csp = admin["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]

    docs = Client().get("/api/docs/")
    assert docs.status_code == 200
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    html = docs.content.decode()
    assert "cdn.jsdelivr" not in html and "/static/drf_spectacular_sidecar/" in html
    assert "<script>" not in html  # the init script is a separate request (CSP without unsafe-inline)


# --- cookies


def test_admin_cookies_are_secure_httponly_samesite(client):
    response = client.get("/admin/login/")
    cookie = response.cookies["__Host-csrftoken"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/"


def test_session_cookie_is_secure_httponly_samesite(client, admin_user):
    admin_user.set_password("Admin-Passw0rd-55")
    admin_user.save()
    client.get("/admin/login/")
    response = client.post("/admin/login/", {"username": admin_user.email, "password": "Admin-Passw0rd-55"})
    assert response.status_code == 302
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Strict"


# --- CORS


def test_cors_only_for_configured_origins(api_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["http://localhost:3000"]
    allowed = api_client.get("/api/health/", HTTP_ORIGIN="http://localhost:3000")
    assert allowed["Access-Control-Allow-Origin"] == "http://localhost:3000"
    assert "Access-Control-Allow-Credentials" not in allowed
    evil = api_client.get("/api/health/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in evil
    preflight = api_client.options(
        "/api/auth/token/", HTTP_ORIGIN="https://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert "Access-Control-Allow-Origin" not in preflight


# --- bodies and JSON


def post_raw(client, path, body: bytes, content_type="application/json"):
    return client.generic("POST", path, body, content_type=content_type)


def test_a_body_over_the_limit_is_413_before_parsing(api_client, settings):
    settings.API_MAX_BODY_BYTES = 1024
    response = post_raw(api_client, "/api/auth/token/", json.dumps({"email": "a" * 2000, "password": "x"}).encode())
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


@pytest.mark.parametrize(
    "body",
    [
        b'{"email": "a@example.in", "email": "b@example.in", "password": "x"}',  # duplicate key
        b'{"email": "a@example.in", "password": NaN}',
        b'{"email": "a@example.in", "password": Infinity}',
        b'{"email": "a@example.in", "password": "x"',  # truncated
        b'\xff\xfe{"email": 1}',  # not UTF-8
        b"[" * 40 + b"]" * 40,  # nested too deep
        b"",
    ],
)
def test_malformed_json_is_a_400_parse_error(api_client, body):
    response = post_raw(api_client, "/api/auth/token/", body)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] in ("parse_error", "invalid")


def test_only_json_bodies_are_accepted(api_client):
    response = post_raw(
        api_client,
        "/api/auth/token/",
        b"email=a@example.in&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_page_size_is_capped(api_client):
    assert api_client.get("/api/products/", {"page_size": 10**12}).json()["page_size"] == 100
    assert api_client.get("/api/products/", {"page": "99999999999"}).status_code == 400


# --- errors never leak internals


def test_a_crash_is_a_plain_500_without_trace_or_sql(api_client, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    boom = RuntimeError('relation "secret_table" does not exist LINE 1: SELECT password FROM secret_table')
    with mock.patch("catalog.api.views.selectors.category_tree", side_effect=boom):
        response = api_client.get("/api/categories/")
    assert response.status_code == 500
    assert response.json() == {
        "error": {"code": "server_error", "message": "Something went wrong on our side.", "fields": {}}
    }
    assert b"SELECT" not in response.content and b"Traceback" not in response.content


def test_a_crash_in_debug_mode_is_still_json(api_client, settings):
    settings.DEBUG = True
    with mock.patch("catalog.api.views.selectors.category_tree", side_effect=RuntimeError("SELECT 1")):
        response = api_client.get("/api/categories/")
    assert response.status_code == 500 and b"SELECT" not in response.content


# --- rate-limit plumbing


def test_a_rate_limit_is_429_not_403_in_plain_django_views_too(rf):
    from core.views import rate_limited

    response = rate_limited(rf.get("/api/x/"), RateLimited("search_ip", 17))
    assert response.status_code == 429 and response["Retry-After"] == "17"
    assert json.loads(response.content)["error"]["code"] == "throttled"


def test_client_ip_trusts_only_the_configured_proxies(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.8")
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.8"  # the address our proxy saw, not the one the client wrote
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.2"  # fewer hops than proxies: not trusted


def test_client_ip_walks_past_the_listed_proxies_only(rf, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.20.0.0/16"]  # the balancer, the storefront's servers

    def ip(remote, forwarded=None):
        extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        return client_ip(rf.get("/", REMOTE_ADDR=remote, **extra))

    # browser -> balancer -> API, and browser -> balancer -> storefront -> balancer -> API: the same address
    assert ip("127.0.0.1", "203.0.113.8") == "203.0.113.8"
    assert ip("127.0.0.1", "203.0.113.8, 10.20.3.4") == "203.0.113.8"
    # what a client writes to the left of its own address is never reached
    assert ip("127.0.0.1", "6.6.6.6, 203.0.113.8") == "203.0.113.8"
    assert ip("127.0.0.1", "127.0.0.1, 203.0.113.8") == "203.0.113.8"
    # a request that did not come through our proxies is taken at its socket, whatever it says
    assert ip("198.51.100.7", "203.0.113.8") == "198.51.100.7"
    # every hop ours (the balancer's own health check); a malformed hop: the socket, not a guess
    assert ip("127.0.0.1") == "127.0.0.1"
    assert ip("127.0.0.1", "10.20.0.9") == "10.20.0.9"
    assert ip("127.0.0.1", "not-an-ip") == "127.0.0.1"
    assert ip("127.0.0.1", "2001:db8::5") == "2001:db8::5"


def test_proxy_settings_are_checked():
    from django.core.exceptions import ImproperlyConfigured

    from core.ratelimit import validate_proxies

    assert validate_proxies(["127.0.0.1", "10.0.0.0/8", "::1"]) == ["127.0.0.1", "10.0.0.0/8", "::1"]
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        validate_proxies(["10.0.0.0/8", "balancer"])


def test_bad_rate_settings_are_refused():
    from django.core.exceptions import ImproperlyConfigured

    from core.ratelimit import validate_rates

    with pytest.raises(ImproperlyConfigured):
        validate_rates({"x": "five per minute"})
    assert validate_rates({"x": "3/15m", "y": ""})
