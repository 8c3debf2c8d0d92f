"""The PDFs read back with a text extractor (pypdf): every field rule 46 (invoice) and rule 53 (credit note) asks
for is printed, with the row's values; long and many lines and characters Helvetica lacks lose nothing; the same
row draws the same bytes."""

import hashlib
import io
import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from catalog.tests.factories import ProductFactory
from invoicing import services
from invoicing.models import TaxDocument
from invoicing.pdf import imei_text, latin1, render_pdf, rupees
from invoicing.samples import PHONES, sample_invoice
from invoicing.tests.fixtures import luhn_complete, pay, place, record_units
from orders.models import Imei, Order, OrderStatus, OrderUnit
from tax.gstin import gstin_check_character
from tax.states import state_name

IST = ZoneInfo("Asia/Kolkata")
ISSUED = datetime(2026, 11, 26, 10, 15, tzinfo=IST)
BUYER_GSTIN = "29AABCU9603R1Z" + gstin_check_character("29AABCU9603R1Z")
BENGALURU = {
    "full_name": "Asha Rao",
    "phone": "9876543210",
    "line1": "12, 3rd Cross, Indiranagar",
    "city": "Bengaluru",
    "state": "Karnataka",
    "pincode": "560038",
}
SUPPLIER = [
    "PhoneStore Retail Private Limited",
    "No. 42, 2nd Floor, Residency Road, Bengaluru, Karnataka 560025",
    "GSTIN: 29AAFCP1234D1ZQ",
]
DECLARATION = "This is a computer-generated invoice, no signature required."

pytestmark = pytest.mark.usefixtures("dev_gateway")


def read(body: bytes) -> tuple[str, list[str]]:
    """All the text, and each page's."""
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]
    return "\n".join(pages), pages


def stored(document: TaxDocument) -> bytes:
    with document.pdf.open("rb") as f:
        return f.read()


def squash(text: str) -> str:
    """Without whitespace: a cell's wrapped text reads back with its line breaks where the spaces were."""
    return re.sub(r"\s+", "", text)


def assert_prints(text: str, *wanted: str) -> None:
    for value in wanted:
        assert squash(value) in squash(text), f"{value!r} is not on the document"


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(services.timezone, "now", lambda: ISSUED)


@pytest.fixture
def dual_sim_phone(make_variant):
    return make_variant(
        product=ProductFactory(title="Pixel 9 Pro", hsn_code="85171300", gst_rate=Decimal("18.00")),
        sku="PIX-9P-16-256",
        ram_gb=16,
        storage_gb=256,
        color="Obsidian",
        price=Decimal("112999.00"),
        mrp=Decimal("119999.00"),
        stock=5,
    )


def add_second_imei(order: Order) -> str:
    """Make the first phone unit dual-SIM."""
    unit = OrderUnit.objects.filter(item__order=order, item__imei_required=True).order_by("pk").first()
    assert unit is not None
    number = luhn_complete("35999988000001")
    Imei.objects.create(unit=unit, number=number, slot=2)
    return number


def invoice_for(auth_client, lines, *, state_code, address=None, gstin=""):
    order = place(auth_client, lines, state_code=state_code, address=address)
    if gstin:
        Order.objects.filter(pk=order.pk).update(buyer_gstin=gstin)
    record_units(order)
    pay(order, to=OrderStatus.PACKED)
    return order, services.issue_invoice(order.pk)


def test_a_same_state_invoice_prints_every_rule_46_field(frozen, auth_client, dual_sim_phone, charger):
    order = place(auth_client, [(dual_sim_phone, 1), (charger, 2)], state_code="29", address=BENGALURU)
    Order.objects.filter(pk=order.pk).update(buyer_gstin=BUYER_GSTIN)
    record_units(order)
    second = add_second_imei(order)
    pay(order, to=OrderStatus.PACKED)
    invoice = services.issue_invoice(order.pk)
    phone_line, charger_line = invoice.lines.all()

    text, pages = read(stored(invoice))

    assert len(pages) == 1 and "TAX INVOICE" in text
    assert_prints(text, *SUPPLIER)
    assert "Invoice no.: PS/2627/000001" in text and "Date: 26-11-2026" in text
    assert f"Order: {order.number}" in text
    # The buyer: name, delivery address with its state and code, GSTIN.
    assert_prints(text, "Asha Rao", "12, 3rd Cross, Indiranagar, Bengaluru, Karnataka 560038")
    assert "State: Karnataka (code 29)" in text and f"GSTIN: {BUYER_GSTIN}" in text
    assert "Place of supply: Karnataka (29)" in text
    # The lines: description, HSN, quantity and unit, taxable value, rate and amount of CGST and SGST, total.
    assert "IGST" not in text
    assert_prints(text, "CGST", "SGST", "Rate", "Amount")
    assert phone_line.description == "Pixel 9 Pro (16 GB RAM / 256 GB, Obsidian), SKU PIX-9P-16-256"
    assert_prints(text, phone_line.description, charger_line.description)
    assert_prints(text, "85171300 1 NOS 95,761.86 9% 8,618.57 9% 8,618.57 1,12,999.00")
    assert_prints(text, "Fast Charger 33W", "85044030 2 NOS 2,201.69 9% 198.16 9% 198.15 2,598.00")
    assert len(phone_line.imeis) == 1 and second == phone_line.imeis[0][1] and charger_line.imeis == []
    assert_prints(text, imei_text(phone_line.imeis))
    assert " / " + second in text  # the dual-SIM unit's two numbers together
    # Totals, in words (the Indian way), reverse charge, the declaration.
    assert_prints(text, "Taxable value 97,963.55", "CGST 8,816.73", "SGST 8,816.72", "Total tax 17,633.45")
    assert_prints(text, "Invoice total (Rs.) 1,15,597.00")
    assert (invoice.taxable_value, invoice.cgst, invoice.sgst, invoice.total) == (
        Decimal("97963.55"),
        Decimal("8816.73"),
        Decimal("8816.72"),
        Decimal("115597.00"),
    )
    assert_prints(text, "Amount in words: Rupees One Lakh Fifteen Thousand Five Hundred Ninety-Seven Only")
    assert "Reverse charge: No" in text and "Tax payable on reverse charge: No" in text
    assert_prints(text, DECLARATION)


def test_an_invoice_to_another_state_prints_igst(frozen, auth_client, flagship, charger):
    order, invoice = invoice_for(auth_client, [(flagship, 2), (charger, 1)], state_code="19")
    phone_line = invoice.lines.get(hsn_code="85171300")

    text, _ = read(stored(invoice))

    assert "Place of supply: West Bengal (19)" in text and "State: West Bengal (code 19)" in text
    assert_prints(text, *SUPPLIER, "Ravi Kumar", "4 Park Street, Kolkata, West Bengal 700016")
    assert "CGST" not in text and "SGST" not in text and "GSTIN: " + BUYER_GSTIN not in text
    assert len(phone_line.imeis) == 2
    assert_prints(text, imei_text(phone_line.imeis))
    # 2 × ₹1,12,999 at 18%: taxable 1,91,523.73, IGST 34,474.27.
    assert_prints(text, "85171300 2 NOS 1,91,523.73 18% 34,474.27 2,25,998.00")
    assert_prints(text, "85044030 1 NOS 1,100.85 18% 198.15 1,299.00")
    assert_prints(text, f"IGST {rupees(invoice.igst)}", f"Invoice total (Rs.) {rupees(order.total)}")
    assert_prints(text, "Rupees Two Lakh Twenty-Seven Thousand Two Hundred Ninety-Seven Only")
    assert "Tax payable on reverse charge: No" in text
    assert_prints(text, DECLARATION)


def test_the_stored_pdf_is_what_the_row_draws_again(frozen, auth_client, flagship, charger):
    _, invoice = invoice_for(auth_client, [(flagship, 1), (charger, 1)], state_code="29", gstin=BUYER_GSTIN)
    row = TaxDocument.objects.get(pk=invoice.pk)  # as it comes back from the database

    again = render_pdf(row, list(row.lines.all()), place_of_supply_name=state_name(row.place_of_supply))

    assert hashlib.sha256(again).hexdigest() == row.pdf_sha256 == hashlib.sha256(stored(row)).hexdigest()


def test_a_credit_note_names_the_invoice_and_its_date(frozen, auth_client, flagship, charger, monkeypatch):
    order, invoice = invoice_for(auth_client, [(flagship, 1), (charger, 1)], state_code="29")
    monkeypatch.setattr(services.timezone, "now", lambda: datetime(2026, 12, 2, 9, 0, tzinfo=IST))
    note = services.issue_credit_note(order.pk, None, reason="Order returned", reference="rfnd_1")
    partial = services.issue_credit_note(order.pk, None, reason="x", reference="rfnd_2")  # nothing left
    assert partial is None

    text, _ = read(stored(note))

    assert "CREDIT NOTE" in text and "TAX INVOICE" not in text
    assert "Credit note no.: CN/2627/000001" in text and "Date: 02-12-2026" in text
    assert "Against invoice: PS/2627/000001" in text and "Invoice date: 26-11-2026" in text
    assert_prints(text, *SUPPLIER, "Ravi Kumar", "Reason: Order returned", "Place of supply: Karnataka (29)")
    assert_prints(text, "85171300 1 NOS 95,761.86 9% 8,618.57 9% 8,618.57 1,12,999.00")
    assert_prints(text, f"Credit note total (Rs.) {rupees(invoice.total)}", invoice.amount_in_words)
    assert_prints(text, "This is a computer-generated credit note, no signature required.")


def test_a_partial_credit_note_prints_the_value_credited(frozen, auth_client, charger):
    order, _ = invoice_for(auth_client, [(charger, 2)], state_code="27")
    note = services.issue_credit_note(order.pk, Decimal("500.00"), reason="Goodwill", reference="rfnd_3")

    text, _ = read(stored(note))

    assert_prints(text, "value credited", "Credit note total (Rs.) 500.00", "Rupees Five Hundred Only")
    assert_prints(text, "IGST", "18%")


def test_characters_helvetica_lacks_are_spelt_plainly(frozen, auth_client, make_variant):
    title = "Galaxy S24 Ultra — 5G ₹ “Titan” गैलेक्सी"
    variant = make_variant(product=ProductFactory(title=title), price=Decimal("1299.00"), mrp=Decimal("1999.00"))
    address = {**BENGALURU, "full_name": "Zoë Ñúñez", "line1": "Flat 1 – Ground Floor"}
    _, invoice = invoice_for(auth_client, [(variant, 1)], state_code="29", address=address)

    text, _ = read(stored(invoice))

    assert latin1(title) == 'Galaxy S24 Ultra - 5G Rs. "Titan" ????????'
    assert_prints(text, 'Galaxy S24 Ultra - 5G Rs. "Titan"', "Zoë Ñúñez", "Flat 1 - Ground Floor")


def test_union_territory_without_legislature_prints_utgst(frozen, settings, auth_client, charger):
    settings.SELLER_STATE_CODE = "04"
    settings.SELLER_GSTIN = "04AAFCP1234D1Z" + gstin_check_character("04AAFCP1234D1Z")
    _, invoice = invoice_for(auth_client, [(charger, 1)], state_code="04")

    text, _ = read(stored(invoice))

    assert invoice.intra_state and "Place of supply: Chandigarh (04)" in text
    assert_prints(text, "CGST", "UTGST", f"UTGST {rupees(invoice.sgst)}")
    assert "SGST" not in text.replace("UTGST", "")


# --- The renderer alone (documents built in memory)


def test_twenty_five_lines_run_onto_a_second_page_and_lose_nothing():
    document, lines = sample_invoice(25)

    text, pages = read(render_pdf(document, lines, place_of_supply_name="Karnataka"))

    assert len(pages) == 2
    assert "Description of goods / services" in pages[1]  # the headings repeat
    assert "Page 1/2" in pages[0] and "Page 2/2" in pages[1]
    for line in lines:
        assert_prints(text, line.description, f"{line.hsn_code} {line.quantity} {line.unit}")
        assert_prints(text, f"{rupees(line.taxable_value)} 9% {rupees(line.cgst)} 9% {rupees(line.sgst)}")
        if line.imeis:
            assert_prints(text, imei_text(line.imeis))
    for position in range(1, 26):
        assert re.search(rf"(?m)^{position}\b", text), position
    # The totals, the words and the declaration are kept together, on the last page.
    for value in (f"Invoice total (Rs.) {rupees(document.total)}", document.amount_in_words, DECLARATION):
        assert squash(value) in squash(pages[1])


def test_long_descriptions_wrap_without_losing_a_character():
    long_word = "X" * 70  # wider than the column: broken inside the word
    description = (
        "Samsung Galaxy Z Fold6 5G AI Smartphone with Galaxy AI, Dual SIM, 12 GB RAM, 1 TB Storage, "
        f"Crafted Black, with the Ultra Protection Combo and the Extended Warranty Plan {long_word}, SKU SAM-ZF6-1TB"
    )
    document, lines = sample_invoice(2, place_of_supply="27", items=[(description, *PHONES[0][1:]), PHONES[2]])

    text, pages = read(render_pdf(document, lines, place_of_supply_name="Maharashtra"))

    assert len(pages) == 1
    assert_prints(text, description, "IMEI: 356789012345678 / 356789012345686")
    assert_prints(text, "85171300 1 NOS 1,10,168.64 18% 19,830.36 1,29,999.00")
    assert_prints(text, "85044030 2 NOS 2,201.69 18% 396.31 2,598.00")


def test_the_same_document_draws_the_same_bytes():
    document, lines = sample_invoice(3)
    first = render_pdf(document, lines, place_of_supply_name="Karnataka")
    assert render_pdf(document, lines, place_of_supply_name="Karnataka") == first
    assert first.startswith(b"%PDF-")
