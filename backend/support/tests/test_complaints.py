"""Complaints to the grievance officer: a reference at once, the officer told and the shopper acknowledged by email,
due in a month; closed by staff in the admin with what was done; in the shopper's download, reduced on erasure."""

import re
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from audit.models import AuditLog
from conftest import client_for, refusal
from core.errors import ApplicationError
from privacy import services as privacy
from privacy.selectors import export_data
from support import services
from support.models import Complaint, ComplaintStatus

pytestmark = pytest.mark.django_db

COMPLAINT = {
    "name": "Asha Rao",
    "email": "Asha@Example.in",
    "phone": "9876543210",
    "order_number": "ps00001234",
    "category": "order",
    "message": "My phone arrived with a cracked screen.",
}


def file(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/api/support/complaints/", {**COMPLAINT, **changes}, format="json")


def test_anyone_files_a_complaint_and_gets_a_reference(api_client, settings, django_capture_on_commit_callbacks):
    settings.GRIEVANCE_OFFICER_EMAIL = "grievance@example.in"
    response = file(api_client, django_capture_on_commit_callbacks)
    assert response.status_code == 201, response.content
    body = response.json()
    assert re.fullmatch(r"C-[A-HJ-NP-Z2-9]{8}", body["reference"]) and body["status"] == "open"
    complaint = Complaint.objects.get()
    assert complaint.user is None and complaint.email == "asha@example.in" and complaint.order_number == "PS00001234"
    assert complaint.due_by == services.one_month_after(complaint.created_at)
    officer, shopper = sorted(mail.outbox, key=lambda m: m.to[0] != "grievance@example.in")
    assert officer.to == ["grievance@example.in"] and body["reference"] in officer.subject
    assert "cracked screen" in officer.body and "9876543210" in officer.body and "PS00001234" in officer.body
    assert shopper.to == ["asha@example.in"] and body["reference"] in shopper.body
    assert settings.GRIEVANCE_OFFICER_NAME in shopper.body
    complaint.refresh_from_db()
    assert complaint.officer_notified_at and complaint.acknowledged_at


def test_a_signed_in_shoppers_complaint_is_theirs(auth_client, user, django_capture_on_commit_callbacks):
    assert file(auth_client, django_capture_on_commit_callbacks).status_code == 201
    assert Complaint.objects.get().user == user


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"message": "short"}, "message"),
        ({"message": "x" * 5001}, "message"),
        ({"category": "gossip"}, "category"),
        ({"order_number": "12345678"}, "order_number"),
        ({"phone": "12345"}, "phone"),
        ({"name": 42}, "name"),
        ({"status": "closed"}, "status"),
    ],
)
def test_bad_input_is_a_400_and_files_nothing(api_client, changes, field, django_capture_on_commit_callbacks):
    error = refusal(file(api_client, django_capture_on_commit_callbacks, **changes), 400)
    assert field in error["fields"] and not Complaint.objects.exists() and not mail.outbox


def test_filing_is_rate_limited_per_ip(api_client, settings, django_capture_on_commit_callbacks):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "support_complaint_ip": "2/h"}
    for _ in range(2):
        assert file(api_client, django_capture_on_commit_callbacks).status_code == 201
    assert refusal(file(api_client, django_capture_on_commit_callbacks), 429)["code"] == "throttled"
    assert Complaint.objects.count() == 2


@pytest.mark.parametrize(
    ("filed", "due"),
    [
        (datetime(2026, 1, 31, 10, tzinfo=UTC), datetime(2026, 2, 28, 10, tzinfo=UTC)),
        (datetime(2028, 1, 31, 10, tzinfo=UTC), datetime(2028, 2, 29, 10, tzinfo=UTC)),
        (datetime(2026, 12, 15, 10, tzinfo=UTC), datetime(2027, 1, 15, 10, tzinfo=UTC)),
    ],
)
def test_a_complaint_is_due_one_month_after_it_is_received(filed, due):
    assert services.one_month_after(filed) == due


def test_emails_that_failed_are_sent_by_the_catch_up(api_client, django_capture_on_commit_callbacks):
    with mock.patch("support.services.send_mail", side_effect=OSError("mail server down")):
        assert file(api_client, django_capture_on_commit_callbacks).status_code == 201
    complaint = Complaint.objects.get()
    assert complaint.officer_notified_at is None and complaint.acknowledged_at is None and not mail.outbox
    assert services.send_missed() == 0  # too early: the task has had no chance yet
    assert services.send_missed(now=timezone.now() + timedelta(minutes=3)) == 1
    complaint.refresh_from_db()
    assert complaint.officer_notified_at and complaint.acknowledged_at and len(mail.outbox) == 2
    assert services.send_missed(now=timezone.now() + timedelta(minutes=3)) == 0


def test_staff_close_a_complaint_in_the_admin_and_the_shopper_is_told(api_client, django_capture_on_commit_callbacks):
    from staff.tests.factories import staff_member

    file(api_client, django_capture_on_commit_callbacks)
    complaint = Complaint.objects.get()
    mail.outbox.clear()
    member = staff_member()
    browser = Client()
    browser.force_login(member)
    url = f"/admin/support/complaint/{complaint.pk}/change/"
    assert browser.get("/admin/support/complaint/").status_code == 200
    assert browser.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(url, {"resolution": "We replaced the phone; the new one shipped today."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.closed_by == member and complaint.closed_at
    [told] = mail.outbox
    assert told.to == ["asha@example.in"] and "replaced the phone" in told.body and complaint.reference in told.subject
    row = AuditLog.objects.get(action="complaint_closed")
    assert row.actor_id == member.pk and row.new_values == {"reference": complaint.reference, "late": False}


def test_a_closed_complaint_cannot_be_closed_again(api_client, django_capture_on_commit_callbacks):
    file(api_client, django_capture_on_commit_callbacks)
    complaint = Complaint.objects.get()
    officer = UserFactory(is_staff=True)
    services.close(complaint.pk, resolution="Refunded.", by=officer)
    with pytest.raises(ApplicationError) as refused:
        services.close(complaint.pk, resolution="Again.", by=officer)
    assert refused.value.code == "complaint_closed" and refused.value.http_status == 409
    assert Complaint.objects.get().resolution == "Refunded."


def test_closing_needs_what_was_done(api_client, django_capture_on_commit_callbacks):
    file(api_client, django_capture_on_commit_callbacks)
    complaint = Complaint.objects.get()
    with pytest.raises(ApplicationError) as refused:
        services.close(complaint.pk, resolution="   ", by=UserFactory(is_staff=True))
    assert "resolution" in refused.value.fields
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.OPEN


def test_a_shoppers_complaints_are_in_their_download_and_lose_their_contacts_on_erasure(
    user, django_capture_on_commit_callbacks
):
    client = client_for(user)
    file(client, django_capture_on_commit_callbacks)
    [complaint] = export_data(user)["complaints"]
    assert complaint["email"] == "asha@example.in" and complaint["message"].startswith("My phone arrived")
    privacy.erase_account(user, password=DEFAULT_PASSWORD, request=None)
    kept = Complaint.objects.get()
    assert (kept.name, kept.email, kept.phone) == ("", "", "")
    assert kept.message.startswith("My phone arrived") and kept.reference == complaint["reference"]
