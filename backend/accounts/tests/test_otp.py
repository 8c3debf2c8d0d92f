import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts import otp
from accounts.models import OtpChallenge
from accounts.otp_senders import otp_message
from accounts.tests.factories import UserFactory
from audit.models import AuditLog
from sms.models import SmsMessage
from sms.tests.fixtures import template_id_for

pytestmark = pytest.mark.django_db

REQUEST, VERIFY = "/api/auth/otp/request/", "/api/auth/otp/verify/"


@pytest.fixture(autouse=True)
def deliver_now(monkeypatch):
    """Run the delivery task in-process (with REDIS_URL set, it would be queued for a worker)."""
    from accounts import tasks

    monkeypatch.setattr(
        tasks.send_otp_code, "apply_async", lambda args, kwargs=None, **options: tasks.send_otp_code(*args)
    )


@pytest.fixture
def otp_user():
    return UserFactory(email="otp@example.in", otp_enabled=True)


def ask(client, email="otp@example.in"):
    return client.post(REQUEST, {"email": email}, format="json")


def code_from_mail() -> str:
    body = mail.outbox[-1].body
    return next(word for word in body.replace(".", " ").split() if word.isdigit() and len(word) == 6)


def verify(client, code, email="otp@example.in"):
    return client.post(VERIFY, {"email": email, "code": code}, format="json")


def test_a_code_by_email_signs_in_once(api_client, otp_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(api_client)
    assert response.status_code == 202
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["otp@example.in"]
    code = code_from_mail()
    challenge = OtpChallenge.objects.get()
    assert code not in (challenge.code_hash, challenge.salt) and len(challenge.code_hash) == 64  # hashed

    signed_in = verify(api_client, code)
    assert signed_in.status_code == 200, signed_in.content
    assert set(signed_in.json()) == {"access", "refresh", "name_required"}
    assert signed_in.json()["name_required"] is False
    assert verify(api_client, code).status_code == 401  # used


def test_the_answer_never_tells_whether_the_email_can_use_otp(api_client, otp_user, django_capture_on_commit_callbacks):
    UserFactory(email="password-only@example.in")
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            ask(api_client, email) for email in ("otp@example.in", "password-only@example.in", "ghost@example.in")
        ]
    assert {a.status_code for a in answers} == {202}
    assert len({a.content for a in answers}) == 1
    assert len(mail.outbox) == 1  # only the account with OTP on got a code
    wrong = [verify(api_client, "123456", email) for email in ("password-only@example.in", "ghost@example.in")]
    assert {w.status_code for w in wrong} == {401} and len({w.content for w in wrong}) == 1


def test_a_code_expires_after_five_minutes(api_client, otp_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(api_client)
    OtpChallenge.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert verify(api_client, code_from_mail()).status_code == 401


def test_validity_is_five_minutes_by_default(otp_user):
    otp.request_code("otp@example.in")
    challenge = OtpChallenge.objects.get()
    assert challenge.expires_at - challenge.created_at == timedelta(seconds=300)


def test_five_wrong_guesses_burn_the_code(api_client, otp_user, django_capture_on_commit_callbacks, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "auth_otp_verify_account": "100/m"}
    with django_capture_on_commit_callbacks(execute=True):
        ask(api_client)
    code = code_from_mail()
    wrong = "000000" if code != "000000" else "111111"
    assert [verify(api_client, wrong).status_code for _ in range(5)] == [401] * 5
    assert verify(api_client, code).status_code == 401  # the right code no longer works
    assert OtpChallenge.objects.get().attempts == 5
    assert AuditLog.objects.filter(action="login_failed", new_values__method="otp").count() == 6


def test_a_new_code_replaces_the_old_one(api_client, otp_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(api_client)
    first = code_from_mail()
    with django_capture_on_commit_callbacks(execute=True):
        ask(api_client)
    second = code_from_mail()
    if first != second:
        assert verify(api_client, first).status_code == 401
    assert verify(api_client, second).status_code == 200


def test_wrong_codes_count_towards_the_account_lockout(
    api_client, otp_user, settings, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "auth_otp_verify_account": "100/m",
        "auth_otp_request_account": "100/m",
    }
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        verify(api_client, "999999")
    with django_capture_on_commit_callbacks(execute=True):
        ask(api_client)
    locked = verify(api_client, code_from_mail())
    assert locked.status_code == 429 and locked.json()["error"]["code"] == "locked_out"
    assert (
        api_client.post(
            "/api/auth/token/", {"email": "otp@example.in", "password": "Correct-Horse-Battery-9"}, format="json"
        ).status_code
        == 429
    )


def test_requests_and_guesses_are_rate_limited(api_client, otp_user):
    statuses = [ask(api_client).status_code for _ in range(4)]
    assert statuses == [202, 202, 202, 429]  # 3 per 15 minutes per account
    response = api_client.post(REQUEST, {"email": "otp@example.in"}, format="json")
    assert response["Retry-After"]


@pytest.mark.parametrize(
    "payload",
    [
        {"email": "otp@example.in", "code": "12345"},
        {"email": "otp@example.in", "code": "1234567"},
        {"email": "otp@example.in", "code": 123456},
        {"email": "otp@example.in", "code": "12a456"},
        {"email": "otp@example.in"},
    ],
)
def test_malformed_codes_are_400(api_client, payload):
    assert api_client.post(VERIFY, payload, format="json").status_code == 400


@pytest.mark.parametrize("sms_updates", [True, False])
def test_sms_codes_go_through_msg91_whatever_the_sms_updates_choice(
    api_client, msg91, sms_updates, django_capture_on_commit_callbacks
):
    UserFactory(
        email="sms@example.in", phone="9876543210", otp_enabled=True, otp_channel="sms", sms_updates=sms_updates
    )
    with django_capture_on_commit_callbacks(execute=True):
        ask(api_client, "sms@example.in")
    [sent] = msg91.sent
    assert sent["template_id"] == template_id_for("sign_in_code") and sent["mobiles"] == "919876543210"
    assert sent["variables"]["minutes"] == "5" and sent["sender"] == "PHNSTR"
    assert sent["text"] == otp_message(sent["variables"]["otp"])  # what the shopper reads
    assert not mail.outbox
    message = SmsMessage.objects.get()
    assert message.kind == "sign_in_code" and message.status == "sent" and message.request_id == sent["request_id"]
    assert sent["variables"]["otp"] not in str(message.variables) and not message.phone  # neither code nor number kept
    assert verify(api_client, sent["variables"]["otp"], "sms@example.in").status_code == 200


def test_the_console_prints_sms_codes_for_make_run(api_client, caplog, django_capture_on_commit_callbacks):
    UserFactory(email="sms@example.in", phone="9876543210", otp_enabled=True, otp_channel="sms")
    with django_capture_on_commit_callbacks(execute=True):
        ask(api_client, "sms@example.in")
    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("SMS to ")]
    code = re.fullmatch(r"SMS to \+919876543210: Your PhoneStore sign-in code is (\d{6})\. It expires in 5 minutes\. "
                        r"Never share it with anyone\.", line).group(1)  # fmt: skip
    assert verify(api_client, code, "sms@example.in").status_code == 200


@pytest.mark.django_db(transaction=True)  # the code's transaction really commits inside the request
def test_an_sms_code_msg91_cannot_take_is_a_503_not_a_silent_loss(api_client, msg91):
    UserFactory(email="sms@example.in", phone="9876543210", otp_enabled=True, otp_channel="sms")
    msg91.failures = [503]
    response = ask(api_client, "sms@example.in")
    assert response.status_code == 503 and response.json()["error"]["code"] == "service_unavailable"
    assert not msg91.sent and len(msg91.requests) == 1  # one attempt: the person asks again, for a new code
    assert SmsMessage.objects.get().status == "failed"


def test_users_turn_otp_on_in_their_profile(auth_client, user):
    response = auth_client.patch("/api/auth/me/", {"otp_enabled": True, "otp_channel": "sms"}, format="json")
    assert response.status_code == 400 and "otp_channel" in response.json()["error"]["fields"]  # no phone yet
    response = auth_client.patch(
        "/api/auth/me/", {"otp_enabled": True, "phone": "9876543210", "otp_channel": "sms"}, format="json"
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.otp_enabled and user.otp_channel == "sms"


def test_the_broker_never_carries_a_usable_code(
    api_client, otp_user, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """What the delivery task is given (and the broker stores) is sealed: the mailed code works, the
    task's argument does not, and unsealing needs SECRET_KEY and the challenge row."""
    from accounts import tasks

    settings.CELERY_TASK_ALWAYS_EAGER = False  # through the broker
    queued = []
    monkeypatch.setattr(
        tasks.send_otp_code,
        "apply_async",
        lambda args, kwargs=None, **options: queued.append(tuple(args)) or tasks.send_otp_code(*args),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(api_client).status_code == 202
    [(challenge_id, sealed)] = queued
    code = code_from_mail()
    challenge = OtpChallenge.objects.get(pk=challenge_id)
    assert sealed != code and len(sealed) == 6 and sealed.isdigit()
    assert otp.unseal(sealed, challenge) == code
    assert verify(api_client, sealed).status_code == 401  # the queued value signs no one in
    assert verify(api_client, code).status_code == 200


# --- the broker down (Redis): the code still arrives, or the shopper is told to ask again


def broker_down(monkeypatch, settings):
    from kombu.exceptions import OperationalError

    from accounts import tasks

    def refuse(args, kwargs=None, **options):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(tasks.send_otp_code, "apply_async", refuse)


def test_with_the_broker_down_the_code_is_sent_from_the_api_process(
    api_client, otp_user, monkeypatch, settings, django_capture_on_commit_callbacks
):
    from core import metrics

    metrics.reset()
    broker_down(monkeypatch, settings)
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(api_client).status_code == 202
    assert verify(api_client, code_from_mail()).status_code == 200
    assert metrics.value("task_not_sent", task="accounts.tasks.send_otp_code", reason="broker_error") == 1


@pytest.mark.django_db(transaction=True)  # the code's transaction really commits inside the request
def test_a_code_that_cannot_be_sent_at_all_is_a_503_never_a_silent_success(api_client, otp_user, monkeypatch, settings):
    from django.core.mail.backends.locmem import EmailBackend

    broker_down(monkeypatch, settings)
    monkeypatch.setattr(EmailBackend, "send_messages", lambda self, messages: 1 / 0)  # the mail server fails too
    response = ask(api_client)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "service_unavailable"
    assert not mail.outbox
