"""'Download my data': every section, the shopper's own data only, audited and acknowledged by email."""

import json

import pytest
from django.core import mail

from accounts.models import User
from accounts.signals import account_exporting
from audit.models import AuditLog
from conftest import refusal
from privacy.models import DataRequest, RequestKind
from privacy.selectors import SECTIONS, export_data

pytestmark = pytest.mark.django_db


def download(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/account/export/")
    assert response.status_code == 200, response.content
    return response


def test_the_download_has_every_section_of_the_shoppers_data(history, stranger, django_capture_on_commit_callbacks):
    response = download(history.client, django_capture_on_commit_callbacks)
    assert response["Content-Disposition"].startswith('attachment; filename="phonestore-data-')
    assert response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert set(SECTIONS) <= set(data)

    assert data["profile"]["email"] == "asha@example.in" and data["profile"]["full_name"] == "Asha Rao"
    assert data["profile"]["phone"] == "9876543210"
    assert sorted(a["line1"] for a in data["addresses"]) == ["12 MG Road", "Tech Park, Whitefield"]
    assert [o["number"] for o in data["orders"]] == [history.small.number, history.big.number]
    big = data["orders"][1]
    assert big["total"] == "112999.00" and big["delivery_address"]["city"] == "Mumbai"
    assert big["items"][0]["quantity"] == 1 and len(big["items"][0]["imeis"]) == 1
    assert [d["number"] for d in big["tax_documents"]] == [history.invoices[1].number]
    assert [r["title"] for r in data["reviews"]] == ["Asha's honest review"]
    assert [(c["purpose"], c["channel"], c["withdrawn_at"]) for c in data["consents"]] == [("marketing", "email", None)]
    assert data["consents"][0]["text"].startswith("Email me offers")


def test_nothing_of_another_shopper_is_in_it(history, stranger, django_capture_on_commit_callbacks):
    other, order = stranger
    dumped = json.dumps(download(history.client, django_capture_on_commit_callbacks).json())
    for theirs in (other.email, "Ravi", "Park Street", "Ravi's review", order.number, "West Bengal"):
        assert theirs not in dumped, theirs


def test_each_download_is_audited_and_acknowledged_by_email(history, django_capture_on_commit_callbacks):
    download(history.client, django_capture_on_commit_callbacks)
    row = AuditLog.objects.get(action="personal_data_exported")
    assert row.actor_id == history.user.pk and row.object_id == str(history.user.pk)
    assert set(SECTIONS) <= set(row.new_values["sections"])
    [message] = mail.outbox
    assert message.to == ["asha@example.in"] and "downloaded" in message.subject
    assert "grievance officer" in message.body
    request = DataRequest.objects.get()
    assert request.kind == RequestKind.EXPORT and request.acknowledged_at and request.ack_to == ""


def test_other_apps_add_their_sections(history):
    def wishlist(sender, user, **kwargs):
        return {"loyalty_points": [f"saved by {user.pk}"]}

    account_exporting.connect(wishlist)
    try:
        assert export_data(history.user)["loyalty_points"] == [f"saved by {history.user.pk}"]
    finally:
        account_exporting.disconnect(wishlist)


def test_another_app_cannot_replace_a_section(history):
    def forged(sender, user, **kwargs):
        return {"orders": []}

    account_exporting.connect(forged)
    try:
        with pytest.raises(ValueError, match="orders"):
            export_data(history.user)
    finally:
        account_exporting.disconnect(forged)
    assert User.objects.filter(pk=history.user.pk).exists()


def test_signed_out_callers_and_reads_are_refused(api_client, auth_client):
    assert refusal(api_client.post("/api/account/export/"), 401)["code"] == "not_authenticated"
    assert refusal(auth_client.get("/api/account/export/"), 405)["code"] == "method_not_allowed"
    assert not DataRequest.objects.exists()
