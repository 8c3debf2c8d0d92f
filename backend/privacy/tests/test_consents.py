"""Marketing only with a recorded consent: the exact words shown, the channel, when; withdrawn in one call; every
consent kept as it was given (history, append-only)."""

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AuditLog
from conftest import client_for, refusal
from privacy import consents
from privacy.models import AppendOnlyError, Channel, Consent, Purpose
from privacy.selectors import may_send_marketing
from privacy.tests.conftest import give

pytestmark = pytest.mark.django_db


def test_the_choices_show_the_exact_words_and_nothing_is_given_by_default(auth_client, user):
    body = auth_client.get("/api/account/consents/").json()
    assert [(c["purpose"], c["channel"], c["given"]) for c in body["choices"]] == [
        ("marketing", "email", False),
        ("marketing", "sms", False),
    ]
    email = body["choices"][0]
    assert email["text"] == consents.text_for("marketing", "email") and "PhoneStore" in email["text"]
    assert email["text_version"] == consents.version_of(email["text"])
    assert body["history"] == [] and not may_send_marketing(user, Channel.EMAIL)


def test_a_consent_records_the_words_shown_the_channel_and_when(auth_client, user):
    response = give(auth_client)
    assert response.status_code == 201
    consent = Consent.objects.get()
    assert (consent.user, consent.purpose, consent.channel) == (user, "marketing", "email")
    assert consent.text == consents.text_for("marketing", "email") and consent.withdrawn_at is None
    assert consent.given_at and consent.source == "account"
    chosen = {c["channel"]: c for c in response.json()["choices"]}
    assert chosen["email"]["given"] and not chosen["sms"]["given"]
    assert may_send_marketing(user, Channel.EMAIL) and not may_send_marketing(user, Channel.SMS)
    row = AuditLog.objects.get(action="consent_given")
    assert row.actor_id == user.pk and row.new_values["channel"] == "email"


def test_agreeing_twice_to_the_same_words_records_one_consent(auth_client):
    assert give(auth_client).status_code == 201
    assert give(auth_client).status_code == 200
    assert Consent.objects.count() == 1


def test_words_the_shopper_was_not_shown_are_refused(auth_client):
    body = {"purpose": "marketing", "channel": "email", "text_version": "0" * 16}
    error = refusal(auth_client.post("/api/account/consents/", body, format="json"), 409)
    assert error["code"] == "consent_text_changed" and not Consent.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"purpose": "profiling", "channel": "email", "text_version": "0" * 16},
        {"purpose": "marketing", "channel": "pigeon", "text_version": "0" * 16},
        {"purpose": "marketing", "channel": "email"},
        {"purpose": "marketing", "channel": "email", "text_version": 12345},
        {"purpose": "marketing", "channel": "email", "text_version": "0" * 16, "given_at": "2020-01-01"},
    ],
)
def test_bad_input_is_a_400_and_records_nothing(auth_client, body):
    refusal(auth_client.post("/api/account/consents/", body, format="json"), 400)
    assert not Consent.objects.exists()


def test_withdrawing_is_one_call_and_keeps_the_record(auth_client, user):
    give(auth_client)
    response = auth_client.delete("/api/account/consents/marketing/email/")
    assert response.status_code == 200 and not response.json()["choices"][0]["given"]
    consent = Consent.objects.get()
    assert consent.withdrawn_at is not None and consent.text == consents.text_for("marketing", "email")
    assert not may_send_marketing(user, Channel.EMAIL)
    assert AuditLog.objects.filter(action="consent_withdrawn", actor=user).count() == 1
    # Again: nothing to withdraw, nothing changes.
    assert auth_client.delete("/api/account/consents/marketing/email/").status_code == 200
    assert AuditLog.objects.filter(action="consent_withdrawn").count() == 1


def test_consenting_again_is_a_new_record_so_the_history_shows_both(auth_client):
    give(auth_client)
    auth_client.delete("/api/account/consents/marketing/email/")
    give(auth_client)
    history = auth_client.get("/api/account/consents/").json()["history"]
    assert len(history) == 2 and history[0]["withdrawn_at"] is None and history[1]["withdrawn_at"] is not None
    assert Consent.objects.count() == 2


def test_unknown_consents_cannot_be_withdrawn(auth_client):
    assert auth_client.delete("/api/account/consents/profiling/email/").status_code == 404


def test_a_shopper_sees_and_withdraws_only_their_own(auth_client, other_user):
    other = client_for(other_user)
    give(other)
    assert auth_client.get("/api/account/consents/").json()["history"] == []
    auth_client.delete("/api/account/consents/marketing/email/")
    assert Consent.objects.get().withdrawn_at is None  # the other shopper's stays given
    assert may_send_marketing(other_user, Channel.EMAIL)


def test_signed_out_callers_are_refused(api_client):
    assert refusal(api_client.get("/api/account/consents/"), 401)["code"] == "not_authenticated"


def test_consent_records_are_never_rewritten(user):
    consent = Consent.objects.create(
        user=user, purpose=Purpose.MARKETING, channel=Channel.SMS, text="Send me offers.", text_version="a" * 16
    )
    with pytest.raises(AppendOnlyError):
        consent.save()
    with pytest.raises(AppendOnlyError):
        consent.delete()
    with pytest.raises(AppendOnlyError):
        Consent.objects.filter(pk=consent.pk).update(text="Something else")
    with pytest.raises(AppendOnlyError):
        Consent.objects.filter(pk=consent.pk).delete()
    if connection.vendor == "postgresql":  # the trigger refuses raw SQL too, except the withdrawal itself
        for sql in (
            "UPDATE privacy_consent SET text = 'x' WHERE id = %s",
            "DELETE FROM privacy_consent WHERE id = %s",
        ):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
                c.execute(sql, [consent.pk])
    assert consent.withdraw() and not consent.withdraw()  # once
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute("UPDATE privacy_consent SET withdrawn_at = NULL WHERE id = %s", [consent.pk])
    consent.refresh_from_db()
    assert consent.text == "Send me offers." and consent.withdrawn_at is not None
