"""An invoice as it would be issued, built in memory (no database, nothing stored): what `make bench` times
render_pdf on, and what the renderer's own tests (many lines, long descriptions) draw."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from core.money import from_minor_units
from invoicing.models import DocumentKind, TaxDocument, TaxDocumentLine
from tax.split import split_inclusive
from tax.words import amount_in_words

# (description, HSN, quantity, GST rate, line total in paise, IMEIs of the line's units)
SampleLine = tuple[str, str, int, Decimal, int, list[list[str]]]

PHONES: list[SampleLine] = [
    (
        "Samsung Galaxy S24 Ultra (12 GB RAM, 256 GB, Titanium Black), SKU SAM-S24U-12-256-BLK",
        "85171300",
        1,
        Decimal("18.00"),
        12999900,
        [["356789012345678", "356789012345686"]],  # one dual-SIM unit
    ),
    (
        "Apple iPhone 15 (6 GB RAM, 128 GB, Blue), SKU APL-IP15-128-BLU",
        "85171300",
        2,
        Decimal("18.00"),
        15980000,
        [["351234567890123"], ["351234567890131"]],  # two single-IMEI units
    ),
    ("Fast Charger 33W (White), SKU CHG-33W-WHT", "85044030", 2, Decimal("18.00"), 259800, []),
]

ISSUED_AT = datetime(2026, 11, 26, 15, 30, tzinfo=ZoneInfo("Asia/Kolkata"))
BUYER = {
    "name": "Asha Rao",
    "email": "asha@example.com",
    "phone": "9876543210",
    "address": "12, 3rd Cross, Indiranagar, Bengaluru, Karnataka 560038",
    "state_code": "29",
    "gstin": "",
}
SELLER = {
    "legal_name": "PhoneStore Retail Private Limited",
    "trade_name": "PhoneStore",
    "gstin": "29AAFCP1234D1ZQ",
    "address": "No. 42, 2nd Floor, Residency Road, Bengaluru, Karnataka 560025",
    "state_code": "29",
    "state_name": "Karnataka",
    "email": "support@phonestore.local",
    "phone": "",
}


def sample_invoice(
    count: int = 3,
    *,
    place_of_supply: str = "29",
    items: Sequence[SampleLine] = PHONES,
    issued_at: datetime = ISSUED_AT,
) -> tuple[TaxDocument, list[TaxDocumentLine]]:
    """An unsaved invoice of `count` lines cycling through `items`, split as tax.split splits them."""
    intra = place_of_supply == SELLER["state_code"]
    lines = []
    for position in range(1, count + 1):
        description, hsn, quantity, rate, paise, imeis = items[(position - 1) % len(items)]
        split = split_inclusive(paise, rate, intra_state=intra)
        lines.append(
            TaxDocumentLine(
                position=position,
                description=description,
                hsn_code=hsn,
                quantity=quantity,
                gst_rate=rate,
                taxable_value=from_minor_units(split.taxable, "INR"),
                cgst=from_minor_units(split.cgst, "INR"),
                sgst=from_minor_units(split.sgst, "INR"),
                igst=from_minor_units(split.igst, "INR"),
                total=from_minor_units(split.total, "INR"),
                imeis=[list(unit) for unit in imeis],
            )
        )

    def total(name: str) -> Decimal:
        return sum((getattr(line, name) for line in lines), Decimal("0.00"))

    document = TaxDocument(
        kind=DocumentKind.INVOICE,
        number="PS/2627/000123",
        financial_year="2627",
        serial=123,
        issued_at=issued_at,
        seller=dict(SELLER),
        buyer={**BUYER, "state_code": place_of_supply},
        place_of_supply=place_of_supply,
        intra_state=intra,
        taxable_value=total("taxable_value"),
        cgst=total("cgst"),
        sgst=total("sgst"),
        igst=total("igst"),
        total=total("total"),
        amount_in_words=amount_in_words(total("total")),
    )
    return document, lines
