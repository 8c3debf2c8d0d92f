"""Forgotten password: one neutral answer, a link by email (its token made by the task, never carried by
the broker), the link works once, the new password follows the policy, and every session ends."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REQUEST, CONFIRM = "/api/auth/password/reset/", "/api/auth/password/reset/confirm/"
OLD, NEW = "Old-Lantern-2024", "Kettle-Monsoon-42"


@pytest.fixture
def shopper():
    return UserFactory(email="asha@example.in", password=OLD)


@pytest.fixture
def sent(monkeypatch, settings, django_capture_on_commit_callbacks):
    """Ask for a link and return (uid, token) from the email; the task's arguments are kept in `queued`.
    The task runs in-process after commit even when REDIS_URL names a broker."""
    from accounts import password_reset

    settings.CELERY_TASK_ALWAYS_EAGER = True

    queued, deliver = [], password_reset.deliver_on_commit
    monkeypatch.setattr(
        password_reset, "deliver_on_commit", lambda task, *args: queued.append(args) or deliver(task, *args)
    )

    def ask(client, email="asha@example.in"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(REQUEST, {"email": email}, format="json")
        assert response.status_code == 202, response.content
        return response

    ask.queued = queued
    return ask


def link_from_mail() -> tuple[str, str]:
    body = str(mail.outbox[-1].body)
    found = re.search(r"https?://\S+/reset-password\?\S+", body)
    assert found, body
    url = found.group(0)
    query = parse_qs(urlsplit(url).query)
    return query["uid"][0], query["token"][0]


def sign_in(client, password):
    return client.post("/api/auth/token/", {"email": "asha@example.in", "password": password}, format="json")


def test_a_link_resets_the_password_once_and_ends_every_session(api_client, shopper, sent):
    refresh = sign_in(api_client, OLD).json()["refresh"]
    sent(api_client)
    assert mail.outbox[-1].to == ["asha@example.in"]
    uid, token = link_from_mail()
    assert sent.queued == [(shopper.pk,)]  # the broker carries the user id, not the token
    response = api_client.post(CONFIRM, {"uid": uid, "token": token, "new_password": NEW}, format="json")
    assert response.status_code == 200, response.content
    assert sign_in(api_client, OLD).status_code == 401 and sign_in(api_client, NEW).status_code == 200
    assert api_client.post("/api/auth/token/refresh/", {"refresh": refresh}, format="json").status_code == 401
    again = api_client.post(CONFIRM, {"uid": uid, "token": token, "new_password": "Another-Harbour-77"}, format="json")
    assert again.status_code == 400 and again.json()["error"]["code"] == "invalid_reset_link"
    assert sign_in(api_client, NEW).status_code == 200


def test_the_answer_is_the_same_for_an_unknown_email_and_nothing_is_sent(api_client, shopper, sent):
    known, unknown = sent(api_client), sent(api_client, "nobody@example.in")
    assert known.json() == unknown.json()
    assert len(mail.outbox) == 1 and sent.queued == [(shopper.pk,)]


@pytest.mark.parametrize("change", ["uid", "token"])
def test_a_tampered_link_is_refused_and_changes_nothing(api_client, shopper, sent, change):
    sent(api_client)
    uid, token = link_from_mail()
    body = {
        "uid": uid,
        "token": token,
        "new_password": NEW,
        change: "OTk5OTk" if change == "uid" else token[:-2] + "zz",
    }  # uid 99999
    response = api_client.post(CONFIRM, body, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_reset_link"
    assert sign_in(api_client, OLD).status_code == 200


def test_the_new_password_follows_the_policy(api_client, shopper, sent):
    sent(api_client)
    uid, token = link_from_mail()
    response = api_client.post(CONFIRM, {"uid": uid, "token": token, "new_password": "12345678"}, format="json")
    assert response.status_code == 400 and "new_password" in response.json()["error"]["fields"]
    # nothing changed, and the link still works after a refused password
    ok = api_client.post(CONFIRM, {"uid": uid, "token": token, "new_password": NEW}, format="json")
    assert ok.status_code == 200 and sign_in(api_client, NEW).status_code == 200


def test_signing_in_voids_an_unused_link(api_client, shopper, sent):
    """The token hashes the last sign-in: the account's owner signing in meanwhile makes an old link
    (perhaps read by someone else from the mailbox) useless."""
    sent(api_client)
    uid, token = link_from_mail()
    assert sign_in(api_client, OLD).status_code == 200
    response = api_client.post(CONFIRM, {"uid": uid, "token": token, "new_password": NEW}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_reset_link"


def test_an_expired_link_is_refused(api_client, shopper, sent, settings):
    sent(api_client)
    uid, token = link_from_mail()
    settings.PASSWORD_RESET_TIMEOUT = -1
    response = api_client.post(CONFIRM, {"uid": uid, "token": token, "new_password": NEW}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_reset_link"


def test_bad_bodies_are_400(api_client):
    for body in ({}, {"email": "not-an-email"}, {"email": "asha@example.in", "extra": 1}, {"email": 5}):
        assert api_client.post(REQUEST, body, format="json").status_code == 400
    for body in (
        {},
        {"uid": "x", "token": "y"},
        {"uid": 1, "token": "y", "new_password": NEW},
        {"uid": "x" * 65, "token": "y", "new_password": NEW},
    ):
        assert api_client.post(CONFIRM, body, format="json").status_code == 400


def test_requests_per_account_are_limited(api_client, shopper, sent, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "auth_password_reset_account": "2/h"}
    sent(api_client)
    sent(api_client)
    response = api_client.post(REQUEST, {"email": "ASHA@example.in"}, format="json")
    assert response.status_code == 429 and response.headers.get("Retry-After")
    assert len(mail.outbox) == 2


def test_a_reset_lifts_the_lockout_that_guessing_caused(api_client, shopper, sent, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "auth_token_account": "100/m", "auth_token_ip": "100/m"}
    for _ in range(3):
        sign_in(api_client, "Wrong-Guess-0000")
    assert sign_in(api_client, OLD).status_code == 429  # locked, even with the right password
    sent(api_client)
    uid, token = link_from_mail()
    assert api_client.post(CONFIRM, {"uid": uid, "token": token, "new_password": NEW}, format="json").status_code == 200
    assert sign_in(api_client, NEW).status_code == 200


def test_with_the_broker_down_the_link_is_sent_from_the_api_process(
    api_client, shopper, monkeypatch, settings, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from accounts import tasks

    def refuse(args, kwargs=None, **options):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(tasks.send_password_reset, "apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        assert api_client.post(REQUEST, {"email": "asha@example.in"}, format="json").status_code == 202
    uid, token = link_from_mail()
    assert uid and token
