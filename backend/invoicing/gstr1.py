"""GSTR-1: a month's outward supplies in the JSON layout of the GST portal's offline tool.

Built from the tax documents alone (invoices and credit notes as issued), for the month in Indian time by
`issued_at`. Sections:

- `b2b`: invoices to a buyer with a GSTIN, by buyer (`ctin`), each invoice with one item per GST rate.
- `b2cl`: inter-state invoices to buyers without a GSTIN above the B2CL threshold, by place of supply.
- `b2cs`: every other invoice to a buyer without a GSTIN, summed by supply type, place of supply and rate,
  **net of the month's credit notes against such invoices** (whatever month the invoice was in): the portal
  takes no note-by-note detail of small B2C sales, so their credit notes reduce the month's B2CS figures at
  the invoice's place of supply and rate (Table 7 is reported net). A net figure may be negative; a row
  that nets to zero is left out.
- `cdnr`: the month's credit notes against B2B invoices, by buyer; `cdnur`: those against B2CL invoices
  (`typ` "B2CL"). A credit note is classified by its original invoice (its GSTIN, its value, its date).
- `hsn`: Table 12, net of credit notes, split into `hsn_b2b` (B2B invoices and CDNR) and `hsn_b2c` (the
  rest), one row per HSN/SAC, unit and rate. Services (SAC 99…) are reported with unit "NA" and quantity 0.
- `doc_issue`: Table 13, the number ranges used in the month: invoices (doc_num 1) and credit notes
  (doc_num 5), per number series.

Sums are computed by the database (GROUP BY for B2CS and HSN; one per-document, per-rate GROUP BY for the
items of the listed documents), exact Decimal, rounded half up to 2 places. `gstr1()` returns Decimals;
`json_ready()` / `dumps()` turn them into JSON numbers at the very edge (`float(d)`, checked to write the
same digits back: every amount has at most 15 significant digits). A section without rows is left out.
"""

import json
import re
from collections import defaultdict
from collections.abc import Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.utils import timezone

from core.money import MONEY
from invoicing.models import DocumentKind, TaxDocument, TaxDocumentLine
from tax.seller import seller

IST = ZoneInfo("Asia/Kolkata")
GST_BEGAN = date(2017, 7, 1)
MONTH_FORMAT = re.compile(r"^(\d{4})-(\d{2})$")

# B2CL: an inter-state supply to a buyer without a GSTIN whose invoice value is above the threshold. It was
# ₹2,50,000 until July 2024 and is ₹1,00,000 for invoices from 1 August 2024 (Notification 12/2024-CT); the
# portal applies the threshold by invoice date, so a credit note against an older invoice follows the old one.
B2CL_THRESHOLD = Decimal("100000.00")
B2CL_THRESHOLD_BEFORE_AUGUST_2024 = Decimal("250000.00")
B2CL_THRESHOLD_CHANGED = datetime(2024, 8, 1, tzinfo=IST)

B2B, B2CL, B2CS = "b2b", "b2cl", "b2cs"
SERVICES_PREFIX = "99"  # SAC codes; the portal wants unit "NA" and quantity 0 for services
DOC_INVOICES, DOC_CREDIT_NOTES = 1, 5  # Table 13's natures of document
CENT = Decimal("0.01")
AMOUNTS = ("taxable_value", "igst", "cgst", "sgst")

# Table 12's description column (at most 30 characters); the portal takes the HSN master's own wording for
# a code chosen from its list, so a code not named here goes with an empty description.
HSN_DESCRIPTIONS = {
    "8517": "Telephone sets, smartphones",
    "85171300": "Smartphones",
    "8504": "Transformers, chargers",
    "85044030": "Chargers for mobile phones",
    "8518": "Headphones, earphones",
    "8544": "Insulated cables",
    "8507": "Electric accumulators",
    "996812": "Courier services",
}


class MonthError(ValueError):
    """A month that is not YYYY-MM, is in the future, or is before GST began."""


def parse_month(value: str | date, *, now: datetime | None = None) -> date:
    """'2026-11' → date(2026, 11, 1). Refuses a malformed month, a month after the current one (Indian
    time) and one before GST began (July 2017). The current month is allowed: its return so far."""
    if isinstance(value, date):
        month = value.replace(day=1)
    else:
        match = MONTH_FORMAT.match(value.strip())
        if match is None or not 1 <= int(match.group(2)) <= 12:
            raise MonthError("A month is YYYY-MM, e.g. 2026-11.")
        try:
            month = date(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:  # year 0000
            raise MonthError("GST began in July 2017.") from None
    today = timezone.localtime(now or timezone.now(), IST).date()
    if month > today.replace(day=1):
        raise MonthError("That month has not begun yet.")
    if month < GST_BEGAN:
        raise MonthError("GST began in July 2017.")
    return month


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month's first moment and the next month's, in Indian time."""
    start = datetime(month.year, month.month, 1, tzinfo=IST)
    end = datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=IST)
    return start, end


# --- Classification, in SQL


def _category(prefix: str) -> Case:
    """b2b, b2cl or b2cs for the invoice at `prefix` ("" for a TaxDocument itself, "invoice__" for a credit
    note's invoice; "document__" ahead of either from a line)."""
    gstin = Coalesce(KeyTextTransform("gstin", f"{prefix}buyer"), Value(""), output_field=TextField())
    large = Q(**{f"{prefix}intra_state": False}) & (
        Q(**{f"{prefix}issued_at__gte": B2CL_THRESHOLD_CHANGED, f"{prefix}total__gt": B2CL_THRESHOLD})
        | Q(
            **{
                f"{prefix}issued_at__lt": B2CL_THRESHOLD_CHANGED,
                f"{prefix}total__gt": B2CL_THRESHOLD_BEFORE_AUGUST_2024,
            }
        )
    )
    return Case(
        When(Exact(gstin, Value("")), then=Case(When(large, then=Value(B2CL)), default=Value(B2CS))),
        default=Value(B2B),
        output_field=CharField(),
    )


def document_category(document: str = "") -> Case:
    """The GSTR-1 category of a document (an invoice's own; a credit note's invoice's), from `document`
    ("" on TaxDocument, "document__" on TaxDocumentLine)."""
    return Case(
        When(Q(**{f"{document}kind": DocumentKind.INVOICE}), then=_category(document)),
        default=_category(f"{document}invoice__"),
        output_field=CharField(),
    )


def _signed(field: str) -> Sum:
    """Sum of a line's `field`, credit notes' lines counted negative."""
    output = IntegerField() if field == "quantity" else DecimalField(**MONEY)
    value = Case(When(document__kind=DocumentKind.CREDIT_NOTE, then=-F(field)), default=F(field), output_field=output)
    return Sum(value, output_field=output)


# --- Shaping


def money(value: Decimal | None) -> Decimal:
    """2 places, half up (sums of 2-place figures are exact; SQLite's come back through a float)."""
    return (value or Decimal("0")).quantize(CENT, rounding=ROUND_HALF_UP)


def rate(value: Decimal) -> int | Decimal:
    """18.00 → 18, 0.25 → 0.25: the GST rate as the portal writes it."""
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral_value() else normal


def _date(moment: datetime) -> str:
    return timezone.localtime(moment, IST).strftime("%d-%m-%Y")


def _item_details(row: Mapping[str, Any], *, intra_state: bool | None) -> dict[str, Any]:
    """Taxable value, rate and taxes of a summed row. An item or B2CS row names only the taxes of its supply
    (IGST between states, CGST + SGST within one; the others are zero by tax.split), as the offline tool
    writes them; an HSN row (intra_state None) mixes both and names all three. Cess is always 0 here."""
    details = {"txval": money(row["taxable_value"]), "rt": rate(row["gst_rate"])}
    if intra_state is not True:
        details["iamt"] = money(row["igst"])
    if intra_state is not False:
        details["camt"], details["samt"] = money(row["cgst"]), money(row["sgst"])
    details["csamt"] = money(Decimal("0"))
    return details


def _items_by_document(listed: "QuerySet[TaxDocument]") -> dict[int, list[dict[str, Any]]]:
    """One item per document and GST rate (the portal's layout), summed by the database."""
    rows = (
        TaxDocumentLine.objects.filter(document__in=listed.values("pk"))
        .values("document_id", "document__intra_state", "gst_rate")
        .annotate(**{name: Sum(name) for name in AMOUNTS})
        .order_by("document_id", "gst_rate")
    )
    items: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        document_items = items[row["document_id"]]
        details = _item_details(row, intra_state=row["document__intra_state"])
        document_items.append({"num": len(document_items) + 1, "itm_det": details})
    return items


def _grouped(documents: list[dict[str, Any]], key: str, inner: str) -> list[dict[str, Any]]:
    """[{key: k, inner: [document, …]}, …] in order of k, documents in number order."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for document in documents:
        groups[document.pop(key)].append(document)
    return [{key: k, inner: groups[k]} for k in sorted(groups)]


def _listed_sections(in_month: "QuerySet[TaxDocument]") -> dict[str, list[dict[str, Any]]]:
    """B2B, B2CL, CDNR and CDNUR: each document listed with its items."""
    listed = in_month.annotate(category=document_category()).exclude(category=B2CS)
    items = _items_by_document(listed)
    b2b: list[dict[str, Any]] = []
    b2cl: list[dict[str, Any]] = []
    cdnr: list[dict[str, Any]] = []
    cdnur: list[dict[str, Any]] = []
    fields = ("kind", "number", "issued_at", "buyer", "place_of_supply", "reverse_charge", "total")
    for document in listed.only(*fields).order_by("kind", "financial_year", "serial"):
        category: str = document.category
        ctin = str(document.buyer.get("gstin", "")).upper()
        registered = {"rchrg": "Y" if document.reverse_charge else "N", "inv_typ": "R"}
        value, pos, itms = money(document.total), document.place_of_supply, items[document.pk]
        if document.kind == DocumentKind.INVOICE:
            invoice = {"inum": document.number, "idt": _date(document.issued_at), "val": value}
            if category == B2B:
                b2b.append({"ctin": ctin, **invoice, "pos": pos, **registered, "itms": itms})
            else:
                b2cl.append({"pos": pos, **invoice, "itms": itms})
        else:
            note = {"ntty": "C", "nt_num": document.number, "nt_dt": _date(document.issued_at), "val": value}
            if category == B2B:
                cdnr.append({"ctin": ctin, **note, "pos": pos, **registered, "itms": itms})
            else:
                cdnur.append({"typ": "B2CL", **note, "pos": pos, "itms": itms})
    return {
        "b2b": _grouped(b2b, "ctin", "inv"),
        "b2cl": _grouped(b2cl, "pos", "inv"),
        "cdnr": _grouped(cdnr, "ctin", "nt"),
        "cdnur": cdnur,
    }


def _b2cs(lines: "QuerySet[TaxDocumentLine]") -> list[dict[str, Any]]:
    """Small B2C sales by supply type, place of supply and rate, net of their credit notes."""
    rows = (
        lines.annotate(category=document_category("document__"))
        .filter(category=B2CS)
        .values("document__intra_state", "document__place_of_supply", "gst_rate")
        .annotate(**{name: _signed(name) for name in AMOUNTS})
        .order_by("document__place_of_supply", "document__intra_state", "gst_rate")
    )
    out = []
    for row in rows:
        amounts = _item_details(row, intra_state=row["document__intra_state"])
        if not any(amounts.get(key) for key in ("txval", "iamt", "camt", "samt")):
            continue  # sales and their credit notes net to nothing
        out.append(
            {
                "sply_ty": "INTRA" if row["document__intra_state"] else "INTER",
                "pos": row["document__place_of_supply"],
                "typ": "OE",  # sold by us, not through an e-commerce operator
                **amounts,
            }
        )
    return out


def hsn_description(code: str) -> str:
    return HSN_DESCRIPTIONS.get(code) or HSN_DESCRIPTIONS.get(code[:4], "")


def _hsn(lines: "QuerySet[TaxDocumentLine]") -> dict[str, list[dict[str, Any]]]:
    """Table 12 by HSN/SAC, unit and rate, net of credit notes, split B2B / B2C."""
    rows = (
        lines.annotate(category=document_category("document__"))
        .annotate(b2b=Case(When(category=B2B, then=Value(True)), default=Value(False)))
        .values("b2b", "hsn_code", "unit", "gst_rate")
        .annotate(qty=_signed("quantity"), **{name: _signed(name) for name in AMOUNTS})
        .order_by("-b2b", "hsn_code", "unit", "gst_rate")
    )
    tables: dict[str, list[dict[str, Any]]] = {"hsn_b2b": [], "hsn_b2c": []}
    for row in rows:
        table = tables["hsn_b2b" if row["b2b"] else "hsn_b2c"]
        service = row["hsn_code"].startswith(SERVICES_PREFIX)
        details = _item_details(row, intra_state=None)
        table.append(
            {
                "num": len(table) + 1,
                "hsn_sc": row["hsn_code"],
                "desc": hsn_description(row["hsn_code"]),
                "uqc": "NA" if service else row["unit"],
                "qty": 0 if service else int(row["qty"] or 0),
                "rt": details.pop("rt"),
                **details,
            }
        )
    return {name: rows for name, rows in tables.items() if rows}


def _doc_issue(in_month: "QuerySet[TaxDocument]") -> dict[str, Any]:
    """Table 13: per kind and number series, the first and last number issued in the month. Numbers are
    consecutive with no gaps (`services.allocate_serial`) and documents are never cancelled (money going back
    makes a credit note), so `cancel` is 0; it is computed anyway, as the numbers in the range that have no
    document."""
    ranges = list(
        in_month.values("kind", "financial_year")
        .annotate(first=Min("serial"), last=Max("serial"), count=Count("pk"))
        .order_by("kind", "financial_year")
    )
    if not ranges:
        return {}
    ends = Q()
    for r in ranges:
        ends |= Q(kind=r["kind"], financial_year=r["financial_year"], serial__in=[r["first"], r["last"]])
    numbers = {
        (kind, year, serial): number
        for kind, year, serial, number in TaxDocument.objects.filter(ends).values_list(
            "kind", "financial_year", "serial", "number"
        )
    }
    details: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in ranges:
        kind, year = r["kind"], r["financial_year"]
        doc_num = DOC_INVOICES if kind == DocumentKind.INVOICE else DOC_CREDIT_NOTES
        issued = TaxDocument.objects.filter(
            kind=kind, financial_year=year, serial__gte=r["first"], serial__lte=r["last"]
        ).count()
        total = r["last"] - r["first"] + 1
        docs = details[doc_num]
        docs.append(
            {
                "num": len(docs) + 1,
                "from": numbers[(kind, year, r["first"])],
                "to": numbers[(kind, year, r["last"])],
                "totnum": total,
                "cancel": total - issued,
                "net_issue": issued,
            }
        )
    return {"doc_det": [{"doc_num": n, "docs": details[n]} for n in sorted(details)]}


def gstr1(month: str | date) -> dict[str, Any]:
    """The month's GSTR-1 ("YYYY-MM" or a date in it), amounts as Decimals (see `json_ready`)."""
    first = parse_month(month)
    start, end = month_bounds(first)
    in_month = TaxDocument.objects.filter(issued_at__gte=start, issued_at__lt=end)
    lines = TaxDocumentLine.objects.filter(document__issued_at__gte=start, document__issued_at__lt=end)
    listed = _listed_sections(in_month)
    report: dict[str, Any] = {
        "gstin": seller().gstin,
        "fp": f"{first.month:02d}{first.year}",
        "b2b": listed["b2b"],
        "b2cl": listed["b2cl"],
        "b2cs": _b2cs(lines),
        "cdnr": listed["cdnr"],
        "cdnur": listed["cdnur"],
        "hsn": _hsn(lines),
        "doc_issue": _doc_issue(in_month),
    }
    return {key: value for key, value in report.items() if value or key in ("gstin", "fp")}


# --- The edge: JSON


def json_ready(value: Any) -> Any:
    """The report with every Decimal as a float, for a JSON encoder (DRF's, `dumps`). Exact: each amount has
    at most 15 significant digits, so the float's shortest form is the Decimal's own digits (checked)."""
    if isinstance(value, Decimal):
        number = float(value)
        if Decimal(repr(number)) != value:
            raise ValueError(f"{value} does not survive as a JSON number.")
        return number
    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_ready(item) for item in value]
    return value


def dumps(report: dict[str, Any]) -> str:
    """The report as the JSON file the portal's offline tool opens."""
    return json.dumps(json_ready(report), indent=2, ensure_ascii=False)
