"""Issuing invoices and credit notes: the tax split, the totals, the numbers, the IMEIs, append-only rows."""

import hashlib
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from invoicing import services
from invoicing.models import AppendOnlyError, DocumentKind, TaxDocument, TaxDocumentLine
from invoicing.tests.fixtures import pay, place, record_units
from orders.models import OrderStatus

IST = ZoneInfo("Asia/Kolkata")
pytestmark = pytest.mark.usefixtures("dev_gateway")


def assert_adds_up(document):
    lines = list(document.lines.all())
    for line in lines:
        assert line.taxable_value + line.cgst + line.sgst + line.igst == line.total
    for name in ("taxable_value", "cgst", "sgst", "igst", "total"):
        assert sum(getattr(line, name) for line in lines) == getattr(document, name), name


def test_same_state_sale_is_split_into_cgst_and_sgst_and_adds_up_to_the_order(auth_client, flagship, charger):
    order = place(auth_client, [(flagship, 1), (charger, 2)], state_code="29")  # seller is in Karnataka (29)
    record_units(order)
    pay(order, to=OrderStatus.PACKED)

    invoice = services.issue_invoice(order.pk)

    assert invoice.kind == DocumentKind.INVOICE and invoice.intra_state
    assert invoice.total == order.total == Decimal("115597.00")
    assert invoice.igst == 0 and invoice.cgst > 0 and abs(invoice.cgst - invoice.sgst) <= Decimal("0.01")
    assert_adds_up(invoice)
    phone_line, charger_line = invoice.lines.all()
    # ₹1,12,999 at 18% inclusive: taxable 95,761.86, tax 17,237.14 split 8,618.57 + 8,618.57.
    assert (phone_line.taxable_value, phone_line.cgst, phone_line.sgst) == (
        Decimal("95761.86"),
        Decimal("8618.57"),
        Decimal("8618.57"),
    )
    assert phone_line.hsn_code == "85171300" and charger_line.hsn_code == "85044030"
    assert len(phone_line.imeis) == 1 and charger_line.imeis == []
    assert invoice.cgst + invoice.sgst == order.tax_total


def test_another_state_is_igst_only(auth_client, flagship):
    order = place(auth_client, [(flagship, 2)], state_code="27")
    record_units(order)
    pay(order, to=OrderStatus.PACKED)

    invoice = services.issue_invoice(order.pk)

    assert not invoice.intra_state and invoice.cgst == invoice.sgst == 0
    assert invoice.igst == order.tax_total and invoice.total == order.total
    assert invoice.lines.get().imeis and len(invoice.lines.get().imeis) == 2
    assert invoice.buyer["state_code"] == "27" and invoice.place_of_supply == "27"


def test_shipping_charge_is_a_line_of_its_own_at_the_goods_rate(auth_client, make_variant):
    from catalog.tests.factories import ProductFactory

    cable = make_variant(
        product=ProductFactory(hsn_code="85444299", imei_required=False), price=Decimal("299.00"), mrp=Decimal("499.00")
    )
    order = place(auth_client, [(cable, 1)])
    assert order.shipping_fee > 0
    pay(order)

    invoice = services.issue_invoice(order.pk)

    shipping = invoice.lines.get(hsn_code=services.SHIPPING_SAC)
    assert shipping.total == order.shipping_fee and shipping.gst_rate == Decimal("18.00")
    assert invoice.total == order.total and invoice.cgst + invoice.sgst == order.tax_total
    assert_adds_up(invoice)


def test_no_invoice_until_every_phone_has_its_imei(auth_client, flagship, charger):
    order = place(auth_client, [(flagship, 1), (charger, 1)])
    pay(order)
    assert services.issue_invoice(order.pk) is None
    record_units(order)
    assert services.issue_invoice(order.pk) is not None


def test_an_order_of_accessories_is_invoiced_at_payment(auth_client, charger):
    order = place(auth_client, [(charger, 1)])
    assert services.issue_invoice(order.pk) is None  # not paid yet
    pay(order)
    assert services.issue_invoice(order.pk).total == order.total


def test_issuing_again_returns_the_same_invoice(auth_client, charger):
    order = place(auth_client, [(charger, 1)])
    pay(order)
    first = services.issue_invoice(order.pk)
    assert services.issue_invoice(order.pk) == first
    assert TaxDocument.objects.filter(order=order).count() == 1


def test_off_when_invoicing_is_disabled(settings, auth_client, charger):
    settings.INVOICING_ENABLED = False
    order = place(auth_client, [(charger, 1)])
    pay(order)
    assert services.issue_invoice(order.pk) is None


def test_numbers_are_consecutive_within_a_financial_year_and_restart_in_april(auth_client, charger, monkeypatch):
    numbers = []
    for moment in (datetime(2027, 3, 31, 23, 59, tzinfo=IST), datetime(2027, 3, 31, 23, 59, 30, tzinfo=IST)):
        monkeypatch.setattr(services.timezone, "now", lambda moment=moment: moment)
        order = place(auth_client, [(charger, 1)])
        pay(order)
        numbers.append(services.issue_invoice(order.pk).number)
    monkeypatch.setattr(services.timezone, "now", lambda: datetime(2027, 4, 1, 0, 0, 5, tzinfo=IST))
    order = place(auth_client, [(charger, 1)])
    pay(order)
    numbers.append(services.issue_invoice(order.pk).number)

    assert numbers == ["PS/2627/000001", "PS/2627/000002", "PS/2728/000001"]
    assert all(len(n) <= 16 for n in numbers)


@pytest.mark.parametrize(
    ("moment", "year"),
    [
        (datetime(2026, 4, 1, 0, 0, tzinfo=IST), "2627"),
        (datetime(2026, 3, 31, 23, 59, tzinfo=IST), "2526"),
        (datetime(2026, 3, 31, 18, 45, tzinfo=ZoneInfo("UTC")), "2627"),  # 00:15 on 1 April in India
        (datetime(2099, 12, 1, tzinfo=IST), "9900"),
    ],
)
def test_financial_year_runs_april_to_march_in_indian_time(moment, year):
    assert services.financial_year(moment) == year


def test_the_stored_pdf_is_the_one_hashed(auth_client, charger):
    order = place(auth_client, [(charger, 1)])
    pay(order)
    invoice = services.issue_invoice(order.pk)
    with invoice.pdf.open("rb") as f:
        body = f.read()
    assert body.startswith(b"%PDF-") and hashlib.sha256(body).hexdigest() == invoice.pdf_sha256


def test_documents_are_append_only(auth_client, charger):
    order = place(auth_client, [(charger, 1)])
    pay(order)
    invoice = services.issue_invoice(order.pk)
    with pytest.raises(AppendOnlyError):
        invoice.save()
    with pytest.raises(AppendOnlyError):
        invoice.delete()
    with pytest.raises(AppendOnlyError):
        TaxDocument.objects.filter(pk=invoice.pk).update(total=0)
    with pytest.raises(AppendOnlyError):
        TaxDocumentLine.objects.filter(document=invoice).delete()
    if connection.vendor == "postgresql":  # the trigger refuses even raw SQL
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE invoicing_taxdocument SET total = 0 WHERE id = %s", [invoice.pk])
    invoice.refresh_from_db()
    assert invoice.total == order.total


# --- Credit notes


def invoiced(auth_client, lines, state_code="29"):
    order = place(auth_client, lines, state_code=state_code)
    record_units(order)
    pay(order, to=OrderStatus.PACKED)
    return order, services.issue_invoice(order.pk)


def test_a_full_refund_credits_every_line_with_the_same_split(auth_client, flagship, charger):
    order, invoice = invoiced(auth_client, [(flagship, 1), (charger, 1)])

    note = services.issue_credit_note(order.pk, None, reason="Order cancelled", reference="rfnd_1")

    assert note.kind == DocumentKind.CREDIT_NOTE and note.invoice == invoice
    assert note.number == "CN/" + invoice.financial_year + "/000001"
    for name in ("taxable_value", "cgst", "sgst", "igst", "total"):
        assert getattr(note, name) == getattr(invoice, name), name
    assert [(line.total, line.cgst, line.imeis) for line in note.lines.all()] == [
        (line.total, line.cgst, line.imeis) for line in invoice.lines.all()
    ]


def test_a_partial_refund_credits_exactly_what_went_back(auth_client, flagship, charger):
    order, invoice = invoiced(auth_client, [(flagship, 1), (charger, 1)], state_code="07")

    note = services.issue_credit_note(order.pk, Decimal("1000.01"), reason="Goodwill", reference="rfnd_2")

    assert note.total == Decimal("1000.01") and not note.intra_state and note.igst > 0
    assert_adds_up(note)
    rest = services.issue_credit_note(order.pk, None, reason="Returned", reference="rfnd_3")
    assert note.total + rest.total == invoice.total
    assert services.issue_credit_note(order.pk, Decimal("1.00"), reason="more", reference="rfnd_4") is None
    per_line = {}
    for line in TaxDocumentLine.objects.filter(document__invoice=invoice):
        per_line[line.hsn_code] = per_line.get(line.hsn_code, 0) + line.total
    assert per_line == {line.hsn_code: line.total for line in invoice.lines.all()}


def test_the_same_refund_is_credited_once(auth_client, charger):
    order, _ = invoiced(auth_client, [(charger, 2)])
    first = services.issue_credit_note(order.pk, Decimal("100.00"), reason="Refund", reference="rfnd_same")
    again = services.issue_credit_note(order.pk, Decimal("100.00"), reason="Refund", reference="rfnd_same")
    assert again == first and TaxDocument.objects.filter(kind=DocumentKind.CREDIT_NOTE).count() == 1


def test_no_credit_note_without_an_invoice(auth_client, flagship):
    order = place(auth_client, [(flagship, 1)])
    pay(order)  # paid, not packed: no IMEI yet, so no invoice
    assert services.issue_credit_note(order.pk, None, reason="Cancelled") is None


def test_paying_and_refunding_issue_the_documents_on_their_own(commit, dev_gateway, auth_client, charger):
    """The receivers: payment → invoice (after commit), a processed refund → its credit note."""
    from payments.models import Payment

    order = place(auth_client, [(charger, 1)])
    with commit():
        response = auth_client.post("/api/payments/dev/confirm/", {"order_id": order.pk}, format="json")
    assert response.status_code == 200, response.content
    invoice = services.invoice_of(order)
    assert invoice is not None and invoice.total == order.total

    payment = Payment.objects.get(order=order)
    with commit():
        note = services.credit_refund(payment.pk, 50000, "rfnd_part")
    assert note.total == Decimal("500.00") and note.reference == "rfnd_part"


def test_the_periodic_catch_up_invoices_what_was_missed(settings, auth_client, flagship):
    """An invoice task lost with the broker (or an order packed while invoicing was off) is issued later."""
    settings.INVOICING_ENABLED = False
    order = place(auth_client, [(flagship, 1)])
    record_units(order)
    pay(order, to=OrderStatus.PACKED)
    assert services.issue_invoice(order.pk) is None
    settings.INVOICING_ENABLED = True

    assert services.issue_missed_invoices() == 1
    assert services.invoice_of(order) is not None
    assert services.issue_missed_invoices() == 0
