"""Signing in with a mobile number: POST /api/auth/otp/request/ {mobile}, then /verify/ {mobile, code}. The code
is read where the console SMS sender puts it (its log line "SMS to +91<number>: <text>")."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.api.serializers import MobileInputField
from accounts.models import OtpChallenge, User
from accounts.tasks import purge_otp_challenges
from accounts.tests.factories import MobileUserFactory, UserFactory
from accounts.tests.helpers import bearer
from accounts.validators import normalize_mobile
from audit.models import Action, AuditLog
from conftest import refusal

pytestmark = pytest.mark.django_db

REQUEST, VERIFY, ME = "/api/auth/otp/request/", "/api/auth/otp/verify/", "/api/auth/me/"
NUMBER = "9876543210"
SMS_LINE = re.compile(r"SMS to \+91(\d{10}): Your PhoneStore sign-in code is (\d{6})\.")


@pytest.fixture(autouse=True)
def deliver_now(monkeypatch):
    """Run the delivery task in-process (with REDIS_URL set, it would be queued for a worker)."""
    from accounts import tasks

    monkeypatch.setattr(
        tasks.send_otp_code, "apply_async", lambda args, kwargs=None, **options: tasks.send_otp_code(*args)
    )


@pytest.fixture
def sms(caplog, django_capture_on_commit_callbacks):
    """Ask for a code (committed, so it is sent) and read what the console SMS sender logged."""

    class Inbox:
        def ask(self, client, mobile=NUMBER, **extra):
            return self.ask_for(client, {"mobile": mobile}, **extra)

        def ask_for(self, client, body, **extra):
            with django_capture_on_commit_callbacks(execute=True):
                return client.post(REQUEST, body, format="json", **extra)

        @property
        def sent(self) -> list[tuple[str, str]]:
            return [(m[1], m[2]) for r in caplog.records if (m := SMS_LINE.search(r.getMessage()))]

        def code(self, number=NUMBER) -> str:
            return [code for to, code in self.sent if to == number][-1]

    caplog.set_level("WARNING", logger="accounts.otp_senders")
    return Inbox()


def verify(client, code, mobile=NUMBER, **extra):
    return client.post(VERIFY, {"mobile": mobile, "code": code}, format="json", **extra)


def other_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def me(client, tokens) -> dict:
    return bearer(client, tokens["access"]).get(ME).json()


# --- a new number, a known number


def test_a_new_number_becomes_an_account_only_when_its_code_is_entered(api_client, sms):
    answer = sms.ask(api_client, "+91 98765 43210")
    assert answer.status_code == 202
    assert sms.sent == [(NUMBER, sms.code())]
    assert not User.objects.exists()  # asking makes no account
    challenge = OtpChallenge.objects.get()
    assert (challenge.user, challenge.mobile, challenge.channel) == (None, NUMBER, "sms")
    assert sms.code() not in (challenge.code_hash, challenge.salt)  # only its HMAC is kept

    signed_in = verify(api_client, sms.code(), "098765 43210")  # any spelling of the number
    assert signed_in.status_code == 200, signed_in.content
    assert set(signed_in.json()) == {"access", "refresh", "name_required"}
    assert signed_in.json()["name_required"] is True
    user = User.objects.get()
    assert (user.mobile, user.phone, user.email, user.full_name) == (NUMBER, NUMBER, None, "")
    assert not user.has_usable_password()  # nothing but a code to the number signs it in
    profile = me(api_client, signed_in.json())
    assert (profile["id"], profile["mobile"], profile["email"], profile["full_name"]) == (user.pk, NUMBER, None, "")
    assert verify(api_client, sms.code()).status_code == 401  # a code works once
    assert not mail.outbox


def test_the_name_is_asked_after_and_then_no_more(api_client, sms):
    sms.ask(api_client)
    tokens = verify(api_client, sms.code()).json()
    client = bearer(api_client, tokens["access"])
    blank = client.patch(ME, {"full_name": ""}, format="json")
    assert refusal(blank, 400)["fields"] == {"full_name": ["This field may not be blank."]}
    named = client.patch(ME, {"full_name": "Asha Rao"}, format="json")
    assert named.status_code == 200 and named.json()["full_name"] == "Asha Rao"
    refused = client.patch(ME, {"mobile": "9123456780", "email": "me@example.in"}, format="json")
    assert set(refusal(refused, 400)["fields"]) == {"mobile", "email"}  # read-only: set by codes only
    assert User.objects.get().mobile == NUMBER

    api_client.credentials()
    sms.ask(api_client)
    again = verify(api_client, sms.code())
    assert again.status_code == 200 and again.json()["name_required"] is False
    assert User.objects.count() == 1


def test_a_known_number_signs_its_account_in(api_client, sms):
    owner = UserFactory(email="asha@example.in", mobile=NUMBER, phone=NUMBER, full_name="Asha Rao")
    sms.ask(api_client, "+919876543210")
    signed_in = verify(api_client, sms.code(), "9876543210")
    assert signed_in.status_code == 200 and signed_in.json()["name_required"] is False
    assert me(api_client, signed_in.json())["id"] == owner.pk
    assert User.objects.count() == 1


def test_a_phone_typed_in_a_profile_never_signs_that_account_in(api_client, sms):
    """Profiles' phones are not checked and may be shared: the number's holder gets an account of their own."""
    typed = [UserFactory(phone=NUMBER), UserFactory(phone=NUMBER)]
    sms.ask(api_client)
    signed_in = verify(api_client, sms.code())
    new = User.objects.get(mobile=NUMBER)
    assert me(api_client, signed_in.json())["id"] == new.pk and new.pk not in {u.pk for u in typed}
    assert all(User.objects.get(pk=u.pk).mobile is None for u in typed)


def test_a_code_by_sms_to_an_email_accounts_phone_makes_that_number_its_sign_in(api_client, sms):
    """The number an account proves (an SMS code to it entered) signs it in from then on."""
    owner = UserFactory(email="sms@example.in", phone=NUMBER, otp_enabled=True, otp_channel="sms")
    assert sms.ask_for(api_client, {"email": "sms@example.in"}).status_code == 202
    email_sign_in = api_client.post(VERIFY, {"email": "sms@example.in", "code": sms.code()}, format="json")
    assert email_sign_in.status_code == 200
    owner.refresh_from_db()
    assert owner.mobile == NUMBER
    log = AuditLog.objects.get(action="mobile_verified")
    assert (log.object_id, log.new_values, log.actor_id) == (str(owner.pk), {"mobile": "******3210"}, owner.pk)

    sms.ask(api_client)
    assert me(api_client, verify(api_client, sms.code()).json())["id"] == owner.pk


def test_a_number_already_signing_in_another_account_is_not_moved(api_client, sms):
    holder = MobileUserFactory(mobile=NUMBER)
    UserFactory(email="sms@example.in", phone=NUMBER, otp_enabled=True, otp_channel="sms")
    sms.ask_for(api_client, {"email": "sms@example.in"})
    assert api_client.post(VERIFY, {"email": "sms@example.in", "code": sms.code()}, format="json").status_code == 200
    assert User.objects.get(email="sms@example.in").mobile is None
    assert User.objects.get(mobile=NUMBER) == holder
    assert not AuditLog.objects.filter(action="mobile_verified").exists()


# --- the number as typed


@pytest.mark.parametrize(
    "typed",
    [
        "9876543210",
        " 98765 43210 ",
        "+91 98765 43210",
        "+91-98765-43210",
        "+919876543210",
        "0091 98765 43210",
        "919876543210",
        "098765 43210",
        "09876543210",
        "98765.43210",
        "(98765) 43210",
    ],
)
def test_common_ways_of_writing_a_number(typed):
    assert normalize_mobile(typed) == NUMBER


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "12345",
        "5876543210",  # mobiles start 6-9
        "0876543210",
        "98765432101",  # 11 digits without a trunk 0
        "929876543210",  # 12 digits not starting 91
        "+1 415 555 0100",
        "+9876543210",  # a + is for the country code
        "+91 98765 4321",
        "98765O43210",
        "٩٨٧٦٥٤٣٢١٠",  # not ASCII digits
        "9876543210 ext 1",
        "+91+9876543210",
    ],
)
def test_what_is_not_an_indian_mobile_number(typed):
    assert normalize_mobile(typed) is None


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.from_regex(MobileInputField.PATTERN, fullmatch=True).filter(lambda typed: len(typed) <= 20))
def test_every_spelling_the_schema_states_is_accepted(typed):
    """The OpenAPI pattern (what clients and the schema fuzzing go by) promises nothing the server refuses."""
    number = normalize_mobile(typed)
    assert number is not None and number == re.sub(r"\D", "", typed)[-10:]


@pytest.mark.parametrize("typed", ["12345", "5876543210", "+1 415 555 0100", "98765-4321x"])
def test_a_wrong_number_is_a_400_invalid_mobile_and_nothing_is_sent(api_client, sms, typed):
    for path, body in ((REQUEST, {"mobile": typed}), (VERIFY, {"mobile": typed, "code": "123456"})):
        error = refusal(api_client.post(path, body, format="json"), 400)
        assert error["code"] == "invalid_mobile" and set(error["fields"]) == {"mobile"}
    assert not sms.sent and not OtpChallenge.objects.exists() and not User.objects.exists()
    assert not AccessAttempt.objects.exists()  # a malformed number is no sign-in attempt


@pytest.mark.parametrize(
    "body",
    [
        {"mobile": 9876543210},  # a number, not a string
        {"mobile": ["9876543210"]},
        {"mobile": "9" * 21},
        {"mobile": None},
        {},
        {"mobile": NUMBER, "email": "asha@example.in"},
        {"mobile": NUMBER, "phone": NUMBER},
    ],
)
def test_malformed_requests_are_400(api_client, sms, body):
    error = refusal(api_client.post(REQUEST, body, format="json"), 400)
    assert error["code"] == "invalid" and error["fields"]
    assert not sms.sent and not OtpChallenge.objects.exists()


# --- one answer for every number


def test_known_unknown_and_closed_numbers_get_the_same_answer(api_client, sms):
    known = MobileUserFactory(mobile="9000000001")
    MobileUserFactory(mobile="9000000002", is_active=False)
    users = User.objects.count()
    answers = [sms.ask(api_client, n) for n in ("9000000001", "9000000002", "9000000003")]
    assert {a.status_code for a in answers} == {202}
    assert len({a.content for a in answers}) == 1
    assert answers[0].json()["detail"].startswith("If this number can sign in, a 6-digit code is on its way by SMS")
    assert User.objects.count() == users  # no account for the unknown number
    # The known and the unknown number were sent a code alike; the closed account's number was not.
    assert [to for to, _code in sms.sent] == ["9000000001", "9000000003"]
    challenges = OtpChallenge.objects.order_by("id")
    assert [(c.user_id, c.mobile) for c in challenges] == [(None, "9000000001"), (None, "9000000003")]

    wrong = [verify(api_client, other_code(sms.code(n)), n) for n in ("9000000001", "9000000003")]
    wrong.append(verify(api_client, "123456", "9000000002"))
    assert {w.status_code for w in wrong} == {401} and len({w.content for w in wrong}) == 1
    assert wrong[0].json()["error"]["code"] == "invalid_code"
    assert User.objects.count() == users  # a wrong code makes no account either
    failed = AuditLog.objects.filter(action="login_failed").order_by("id")
    assert [f.new_values["known_account"] for f in failed] == [True, False, True]
    assert failed[0].object_id == str(known.pk)


def test_a_closed_accounts_number_cannot_sign_in(api_client, sms):
    closed = MobileUserFactory(mobile=NUMBER)
    sms.ask(api_client)
    code = sms.code()
    User.objects.filter(pk=closed.pk).update(is_active=False)  # closed after the code went out
    assert refusal(verify(api_client, code), 401)["code"] == "invalid_code"
    assert User.objects.count() == 1


# --- code lifetime, attempts, replacement


def test_a_code_lives_five_minutes(api_client, sms):
    sms.ask(api_client)
    challenge = OtpChallenge.objects.get()
    assert challenge.expires_at - challenge.created_at == timedelta(seconds=300)
    OtpChallenge.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert verify(api_client, sms.code()).status_code == 401
    assert not User.objects.exists()


def test_five_wrong_guesses_burn_the_code(api_client, sms):
    sms.ask(api_client)
    code = sms.code()
    assert [verify(api_client, other_code(code)).status_code for _ in range(5)] == [401] * 5
    assert verify(api_client, code).status_code == 401  # the right code no longer works
    assert OtpChallenge.objects.get().attempts == 5
    assert not User.objects.exists()


def test_a_new_code_replaces_the_old_one(api_client, sms):
    sms.ask(api_client)
    first = sms.code()
    sms.ask(api_client, "+91 98765 43210")
    second = sms.code()
    if first != second:
        assert verify(api_client, first).status_code == 401
    assert verify(api_client, second).status_code == 200


def test_a_numbers_code_never_signs_in_another_number(api_client, sms):
    sms.ask(api_client, "9000000001")
    sms.ask(api_client, "9000000002")
    first, second = sms.code("9000000001"), sms.code("9000000002")
    if first != second:  # one chance in a million that the two are the same
        assert verify(api_client, first, "9000000002").status_code == 401
    assert verify(api_client, second, "9000000002").status_code == 200
    assert list(User.objects.values_list("mobile", flat=True)) == ["9000000002"]


# --- rate limits and lockout, keyed on the number


def test_three_codes_per_number_per_quarter_hour_however_it_is_written(api_client, sms):
    spellings = ["+91 98765 43210", "098765 43210", "9876543210", "919876543210"]
    statuses = [sms.ask(api_client, s).status_code for s in spellings]
    assert statuses == [202, 202, 202, 429]
    assert len(sms.sent) == 3
    assert sms.ask(api_client, "9123456780").status_code == 202  # another number is not held back


def test_ten_code_requests_per_ip_per_hour(api_client, sms):
    statuses = [sms.ask(api_client, f"90000000{n:02d}").status_code for n in range(11)]
    assert statuses == [202] * 10 + [429]
    other_ip = sms.ask(api_client, "9123456780", REMOTE_ADDR="198.51.100.7")
    assert other_ip.status_code == 202


def test_guesses_are_limited_per_number_however_it_is_written(api_client, sms, settings):
    settings.AXES_FAILURE_LIMIT = 100  # the rate limit, not the lockout, answers here
    sms.ask(api_client)
    wrong = other_code(sms.code())
    spellings = ["+91 98765 43210", "098765 43210", "9876543210", "919876543210", "+919876543210"]
    statuses = [verify(api_client, wrong, spellings[n % 5]).status_code for n in range(11)]
    assert statuses == [401] * 10 + [429]  # 10 per 15 minutes per number
    assert refusal(verify(api_client, sms.code()), 429)["code"] == "throttled"


def test_the_lockout_is_keyed_on_the_number(api_client, sms, settings):
    settings.AXES_FAILURE_LIMIT = 3
    statuses = [verify(api_client, "000000", n).status_code for n in ("+91 98765 43210", "098765 43210", NUMBER)]
    assert statuses == [401, 401, 429]  # the failure that locks answers so
    assert AccessAttempt.objects.get().username == "+919876543210"
    sms.ask(api_client)
    locked = verify(api_client, sms.code())  # even the right code
    assert refusal(locked, 429)["code"] == "locked_out" and int(locked["Retry-After"]) >= 1
    assert not User.objects.exists()
    assert AuditLog.objects.filter(action="account_locked").count() == 1

    sms.ask(api_client, "9123456780")  # another number is not locked
    assert verify(api_client, sms.code("9123456780"), "9123456780").status_code == 200


def test_the_number_lock_and_an_email_lock_are_apart(api_client, sms, settings):
    settings.AXES_FAILURE_LIMIT = 2
    owner = UserFactory(email="asha@example.in", mobile=NUMBER, otp_enabled=True)
    for _ in range(2):
        api_client.post(VERIFY, {"email": "asha@example.in", "code": "000000"}, format="json")
    sms.ask(api_client)
    assert me(api_client, verify(api_client, sms.code()).json())["id"] == owner.pk


# --- housekeeping


def test_ended_codes_are_purged_after_a_day(api_client, sms, settings):
    sms.ask(api_client, "9000000001")
    sms.ask(api_client, "9000000002")
    old, fresh = OtpChallenge.objects.order_by("id")
    OtpChallenge.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1, seconds=1))
    assert purge_otp_challenges() == 1
    assert list(OtpChallenge.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert settings.CELERY_BEAT_SCHEDULE["purge-otp-challenges"]["task"] == "accounts.tasks.purge_otp_challenges"


def test_an_account_has_an_email_or_a_mobile(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="", mobile="")  # both stored as NULL
    assert str(MobileUserFactory(mobile=NUMBER)) == "+91 98765 43210"
    with pytest.raises(User.DoesNotExist):
        User.objects.get_by_natural_key(None)  # never "every account without an email"


def test_the_audit_log_names_an_account_without_email_by_its_id_alone(db):
    from audit import services as audit

    shopper = MobileUserFactory(mobile=NUMBER)
    row = audit.record(Action.OTHER, obj=shopper, actor=shopper, standalone=True)
    assert (row.actor_id, row.actor_label) == (shopper.pk, f"user:{shopper.pk}")  # no number in the log
