"""Rate limits and account lockout on sign-in, registration and password change."""

import time
from datetime import timedelta
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from accounts.tests.helpers import sign_in
from audit.models import AuditLog

pytestmark = pytest.mark.django_db

WRONG = "Wrong-password-123"


@pytest.fixture(autouse=True)
def one_rate_window(monkeypatch):
    """django-ratelimit counts in fixed windows whose edges fall at a per-key offset, so a test's few requests could
    straddle one and start counting again (CI once saw six bad sign-ins over 18:49:34-35 answered 401 six times). Its
    clock held still, every request of a test falls in one window, as these tests mean. (The lockout's own times are
    axes', in the database, and untouched.)"""
    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture
def limits(settings):
    def set_limits(**rates):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, **rates}

    return set_limits


def assert_throttled(response, code="throttled"):
    assert response.status_code == 429, response.content
    assert response.json()["error"]["code"] == code
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert int(response["Retry-After"]) >= 1


def test_the_sixth_bad_password_in_a_minute_is_a_429(api_client, user):
    for _ in range(5):
        assert sign_in(api_client, user.email, WRONG).status_code == 401
    assert_throttled(sign_in(api_client, user.email, WRONG))
    assert_throttled(sign_in(api_client, user.email))  # even the right password, until the window ends


def test_the_account_limit_counts_every_spelling_of_the_email(api_client, user):
    spellings = [user.email, user.email.upper(), f"  {user.email} ", user.email.title(), user.email, user.email]
    statuses = [sign_in(api_client, email, WRONG).status_code for email in spellings]
    assert statuses == [401] * 5 + [429]


def test_the_account_limit_does_not_stop_other_accounts(api_client, user, other_user):
    for _ in range(6):
        sign_in(api_client, user.email, WRONG)
    assert sign_in(api_client, other_user.email).status_code == 200


def test_per_ip_limit_across_many_accounts(api_client, limits):
    limits(auth_token_ip="3/h")
    for n in range(3):
        assert sign_in(api_client, f"victim{n}@example.in", WRONG).status_code == 401
    assert_throttled(sign_in(api_client, "victim9@example.in", WRONG))
    assert (
        api_client.post(
            "/api/auth/token/", {"email": "v@example.in", "password": WRONG}, format="json", REMOTE_ADDR="198.51.100.20"
        ).status_code
        == 401
    )


def test_unknown_email_and_real_account_are_refused_alike_all_the_way_to_the_lockout(
    api_client, user, limits, settings
):
    limits(auth_token_account="100/m", auth_token_ip="100/m")
    settings.AXES_FAILURE_LIMIT = 4
    real = [sign_in(api_client, user.email, WRONG) for _ in range(5)]
    ghost = [sign_in(api_client, "nobody@example.in", WRONG) for _ in range(5)]
    assert [r.status_code for r in real] == [r.status_code for r in ghost] == [401, 401, 401, 429, 429]
    assert [r.json() for r in real] == [r.json() for r in ghost]
    assert real[-1].json()["error"]["code"] == "locked_out"


def test_a_locked_account_refuses_the_right_password_until_the_lock_ends(api_client, user, limits, settings):
    limits(auth_token_account="100/m")
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(api_client, user.email, WRONG)
    locked = sign_in(api_client, user.email)
    assert_throttled(locked, "locked_out")
    assert int(locked["Retry-After"]) <= 15 * 60

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(api_client, user.email).status_code == 200


def test_failed_sign_ins_and_the_lockout_are_audited(api_client, user, limits, settings):
    limits(auth_token_account="100/m")
    settings.AXES_FAILURE_LIMIT = 2
    sign_in(api_client, user.email, WRONG)
    sign_in(api_client, "nobody@example.in", WRONG)
    sign_in(api_client, user.email, WRONG)
    failed = AuditLog.objects.filter(action="login_failed").order_by("id")
    assert [(r.object_id, r.new_values["known_account"]) for r in failed] == [
        (str(user.pk), True),
        ("", False),
        (str(user.pk), True),
    ]
    assert all(r.actor_id is None and r.ip_address == "127.0.0.1" for r in failed)
    assert WRONG not in str([(r.old_values, r.new_values, r.object_id) for r in failed])  # no secrets kept
    assert AuditLog.objects.filter(action="account_locked", object_id=str(user.pk)).exists()


def test_register_is_limited_per_ip(api_client, limits):
    limits(auth_register_ip="2/h")
    payload = {"password": "Sturdy-Passw0rd-77", "full_name": "Asha Rao"}
    for n in range(2):
        assert (
            api_client.post("/api/auth/register/", {**payload, "email": f"a{n}@example.in"}, format="json").status_code
            == 201
        )
    assert_throttled(api_client.post("/api/auth/register/", {**payload, "email": "a9@example.in"}, format="json"))


def test_password_change_is_limited_per_user(auth_client, limits):
    limits(auth_password_change_user="2/15m")
    body = {"old_password": WRONG, "new_password": "Another-Passw0rd-88"}
    for _ in range(2):
        assert auth_client.post("/api/auth/password/change/", body, format="json").status_code == 400
    assert_throttled(auth_client.post("/api/auth/password/change/", body, format="json"))


def test_an_empty_rate_turns_a_limit_off(api_client, user, limits):
    limits(auth_token_account="", auth_token_ip="")
    assert all(sign_in(api_client, user.email, WRONG).status_code == 401 for _ in range(8))


def test_admin_login_form_is_locked_too(client, settings, limits):
    settings.AXES_FAILURE_LIMIT = 2
    staff = UserFactory(is_staff=True)
    for _ in range(2):
        client.post("/admin/login/", {"username": staff.email, "password": WRONG})
    response = client.post("/admin/login/", {"username": staff.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"
