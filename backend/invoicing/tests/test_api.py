"""GET /api/orders/{id}/invoice/ and /api/orders/{id}/credit-notes/{id}/: the shopper's own PDFs, staff any;
one 404 for everything else; a file that no longer matches its hash is never served. The order answers link
to them."""

import hashlib
import logging
from decimal import Decimal

import pytest

from conftest import client_for, refusal
from invoicing import services
from invoicing.tests.fixtures import pay, place, record_units
from orders.models import OrderStatus

pytestmark = pytest.mark.usefixtures("dev_gateway")


def invoiced(client, variant, quantity=1):
    order = place(client, [(variant, quantity)])
    record_units(order)
    pay(order, to=OrderStatus.PACKED)
    return order, services.issue_invoice(order.pk)


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


def stored(document) -> bytes:
    with document.pdf.open("rb") as f:
        return f.read()


def test_the_shopper_gets_the_invoice_pdf_as_stored(auth_client, charger):
    order, invoice = invoiced(auth_client, charger)

    response = auth_client.get(f"/api/orders/{order.pk}/invoice/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="PS-2627-000001.pdf"'.replace(
        "2627", invoice.financial_year
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-SHA256"] == invoice.pdf_sha256 and response["ETag"] == f'"{invoice.pdf_sha256}"'
    body = body_of(response)
    assert body.startswith(b"%PDF-") and hashlib.sha256(body).hexdigest() == invoice.pdf_sha256
    assert int(response["Content-Length"]) == len(body)


def test_a_client_asking_for_pdf_gets_json_errors_too(auth_client, charger):
    order, _ = invoiced(auth_client, charger)
    assert auth_client.get(f"/api/orders/{order.pk}/invoice/", HTTP_ACCEPT="application/pdf").status_code == 200
    missing = auth_client.get(f"/api/orders/{order.pk + 1}/invoice/", HTTP_ACCEPT="application/pdf")
    assert refusal(missing, 404)["code"] == "not_found" and missing["Content-Type"] == "application/json"


def test_one_answer_for_someone_elses_order_a_missing_one_and_one_without_invoice(auth_client, other_user, charger):
    theirs, _ = invoiced(client_for(other_user), charger)
    mine_unpaid = place(auth_client, [(charger, 1)])

    answers = [
        refusal(auth_client.get(f"/api/orders/{order_id}/invoice/"), 404)
        for order_id in (theirs.pk, mine_unpaid.pk, 999999)
    ]

    assert answers == [{"code": "not_found", "message": "No invoice for this order.", "fields": {}}] * 3


def test_anonymous_callers_are_asked_to_sign_in(api_client, auth_client, charger):
    order, _ = invoiced(auth_client, charger)
    assert refusal(api_client.get(f"/api/orders/{order.pk}/invoice/"), 401)["code"] == "not_authenticated"


def test_staff_may_fetch_any_orders_documents_and_a_bare_is_staff_flag_may_not(auth_client, staff_client, charger):
    from accounts.tests.factories import UserFactory

    order, invoice = invoiced(auth_client, charger)
    note = services.issue_credit_note(order.pk, Decimal("100.00"), reason="Goodwill", reference="rfnd_s")

    assert hashlib.sha256(body_of(staff_client.get(f"/api/orders/{order.pk}/invoice/"))).hexdigest() == (
        invoice.pdf_sha256
    )
    answer = staff_client.get(f"/api/orders/{order.pk}/credit-notes/{note.pk}/")
    assert answer.status_code == 200 and answer["X-Content-SHA256"] == note.pdf_sha256
    no_role = client_for(UserFactory(is_staff=True))  # staff flag without the role's permission
    assert refusal(no_role.get(f"/api/orders/{order.pk}/invoice/"), 404)["code"] == "not_found"


def test_credit_notes_are_fetched_by_the_id_the_order_lists(auth_client, other_user, charger):
    order, invoice = invoiced(auth_client, charger, quantity=2)
    note = services.issue_credit_note(order.pk, Decimal("500.00"), reason="Goodwill", reference="rfnd_1")
    other_order, _ = invoiced(client_for(other_user), charger)

    listed = auth_client.get(f"/api/orders/{order.pk}/").json()["credit_notes"]
    assert [n["number"] for n in listed] == [note.number]
    response = auth_client.get(listed[0]["url"])

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="{note.number.replace("/", "-")}.pdf"'
    assert hashlib.sha256(body_of(response)).hexdigest() == note.pdf_sha256
    for path in (
        f"/api/orders/{order.pk}/credit-notes/{invoice.pk}/",  # the invoice is no credit note
        f"/api/orders/{other_order.pk}/credit-notes/{note.pk}/",  # another order's path
        f"/api/orders/{order.pk}/credit-notes/999999/",
    ):
        assert refusal(auth_client.get(path), 404)["code"] == "not_found"
    assert refusal(client_for(other_user).get(listed[0]["url"]), 404)["code"] == "not_found"


@pytest.mark.parametrize("damage", ["tampered", "missing"])
def test_a_file_that_no_longer_matches_its_hash_is_never_served(auth_client, charger, caplog, damage):
    order, invoice = invoiced(auth_client, charger)
    path = invoice.pdf.path
    if damage == "tampered":
        with open(path, "r+b") as f:
            f.seek(200)
            f.write(b"X")
    else:
        invoice.pdf.storage.delete(invoice.pdf.name)

    with caplog.at_level(logging.ERROR, logger="invoicing.services"):
        response = auth_client.get(f"/api/orders/{order.pk}/invoice/")

    assert refusal(response, 500) == {
        "code": "server_error",
        "message": "This document cannot be delivered just now.",
        "fields": {},
    }
    assert b"%PDF" not in response.content
    [record] = [r for r in caplog.records if r.name == "invoicing.services" and r.levelno >= logging.WARNING]
    assert record.levelno == logging.ERROR and invoice.number in record.getMessage()
    assert ("does not match its hash" if damage == "tampered" else "cannot be read") in record.getMessage()


# --- The order answers


def test_the_order_links_its_invoice_and_credit_notes(auth_client, charger):
    order, invoice = invoiced(auth_client, charger, quantity=2)
    note = services.issue_credit_note(order.pk, Decimal("100.00"), reason="Goodwill", reference="rfnd_2")

    body = auth_client.get(f"/api/orders/{order.pk}/").json()

    assert body["invoice"] == {
        "id": invoice.pk,
        "number": invoice.number,
        "issued_at": body["invoice"]["issued_at"],
        "total": str(invoice.total),
        "url": f"/api/orders/{order.pk}/invoice/",
    }
    assert body["credit_notes"] == [
        {
            "id": note.pk,
            "number": note.number,
            "issued_at": body["credit_notes"][0]["issued_at"],
            "total": "100.00",
            "url": f"/api/orders/{order.pk}/credit-notes/{note.pk}/",
        }
    ]
    listed = auth_client.get("/api/orders/").json()["results"][0]
    assert listed["invoice"] == body["invoice"] and listed["credit_notes"] == body["credit_notes"]


def test_an_order_without_invoice_says_null(auth_client, phone):
    order = place(auth_client, [(phone, 1)])
    assert auth_client.get(f"/api/orders/{order.pk}/").json()["invoice"] is None  # awaiting payment
    pay(order)  # paid, but the phone's IMEI is not recorded yet
    body = auth_client.get(f"/api/orders/{order.pk}/").json()
    assert body["invoice"] is None and body["credit_notes"] == []


def test_the_order_lists_query_count_does_not_grow_with_invoiced_orders(
    auth_client, staff_client, charger, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(client, path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    order, _ = invoiced(auth_client, charger, quantity=2)
    services.issue_credit_note(order.pk, Decimal("10.00"), reason="Goodwill", reference="rfnd_q1")
    one = (count(auth_client, "/api/orders/"), count(staff_client, "/api/staff/orders/"))
    for n in range(3):
        more, _ = invoiced(auth_client, charger)
        services.issue_credit_note(more.pk, Decimal("10.00"), reason="Goodwill", reference=f"rfnd_q{n + 2}")
    place(auth_client, [(charger, 1)])  # and one awaiting payment

    assert auth_client.get("/api/orders/").json()["count"] == 5
    assert (count(auth_client, "/api/orders/"), count(staff_client, "/api/staff/orders/")) == one
