"""Issuing tax invoices and credit notes: numbers, lines, tax split, PDF, in one transaction.

An invoice is issued once per order when it is paid (or, for an order not paid up front, when it ships); a
credit note whenever money goes back after the invoice exists, for exactly what went back. Every amount is
integer paise split by tax.split's one rounding rule, so each line's taxable value and taxes add up to the
line total and the document adds up to the order total (or the refund). Numbers come from a per-financial-
year series under a row lock in the same transaction as the document: a rolled-back issue gives its number
back, so the series has no gaps."""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from core import metrics, private_files
from core.errors import ApplicationError, CommonErrorCode
from core.money import allocate, from_minor_units, to_minor_units
from invoicing.models import DocumentKind, DocumentSeries, TaxDocument, TaxDocumentLine
from orders import lifecycle
from orders.models import Order, OrderItem, OrderStatus
from orders.selectors import units_complete
from tax.seller import seller
from tax.split import TaxSplit, is_intra_state, split_inclusive
from tax.states import state_name
from tax.words import amount_in_words

logger = logging.getLogger(__name__)

# Delivery charged with the goods is part of one composite supply: it takes the rate of the principal supply
# (the goods), and the invoice shows it as a line of its own under the courier services SAC.
SHIPPING_SAC = "996812"
SHIPPING_DESCRIPTION = "Shipping and handling charges"
COD_FEE_DESCRIPTION = "Cash on delivery charges"


# --- Numbers


def financial_year(moment: datetime) -> str:
    """'2627' for any moment from 1 April 2026 to 31 March 2027, in Indian time."""
    local = timezone.localtime(moment)
    start = local.year if local.month >= 4 else local.year - 1
    return f"{start % 100:02d}{(start + 1) % 100:02d}"


def format_number(prefix: str, year: str, serial: int) -> str:
    """PS/2627/000123. At most 16 characters (rule 46) with a prefix of up to 4."""
    return f"{prefix}/{year}/{serial:06d}"


def allocate_serial(kind: str, year: str) -> int:
    """The next serial of a series, taken under the series row's lock: concurrent issues queue here, and a
    rolled-back issue returns its serial with the rest of its transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_serial() runs inside the issuing transaction.")
    DocumentSeries.objects.bulk_create([DocumentSeries(kind=kind, financial_year=year)], ignore_conflicts=True)
    series = DocumentSeries.objects.select_for_update().get(kind=kind, financial_year=year)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number


# --- Lines


@dataclass
class LineDraft:
    """A line before it is a row: its total in paise and how that total splits."""

    description: str
    hsn_code: str
    quantity: int
    rate: Decimal
    split: TaxSplit
    order_item: OrderItem | None = None
    imeis: list[list[str]] = field(default_factory=list)


def _imeis(item: OrderItem) -> list[list[str]]:
    """Per unit, its IMEIs in slot order (two for a dual-SIM phone): the invoice keeps a unit's numbers together."""
    return [[imei.number for imei in unit.imeis.all()] for unit in item.units.all()]


def _description(item: OrderItem) -> str:
    return f"{item.product_title} ({item.variant_label}), SKU {item.sku}"


def _principal_rate(order: Order) -> Decimal:
    return max((item.gst_rate for item in order.items.all()), default=Decimal("0"))


def invoice_lines(order: Order) -> list[LineDraft]:
    """The order's lines, its shipping charge and its cash-on-delivery fee, each split at its own rate."""
    intra = is_intra_state(seller().state_code, order.place_of_supply)
    drafts = [
        LineDraft(
            description=_description(item),
            hsn_code=item.hsn_code,
            quantity=item.quantity,
            rate=item.gst_rate,
            # What was paid for the line: its total less its share of a coupon's discount.
            split=split_inclusive(
                to_minor_units(item.line_total - item.discount, order.currency), item.gst_rate, intra_state=intra
            ),
            order_item=item,
            imeis=_imeis(item),
        )
        for item in order.items.all()
    ]
    if order.shipping_fee > 0:
        rate = _principal_rate(order)
        drafts.append(
            LineDraft(
                description=SHIPPING_DESCRIPTION,
                hsn_code=SHIPPING_SAC,
                quantity=1,
                rate=rate,
                split=split_inclusive(to_minor_units(order.shipping_fee, order.currency), rate, intra_state=intra),
            )
        )
    if order.cod_fee > 0:  # cash on delivery's fee: delivery-related, taxed like shipping at the goods' rate
        rate = _principal_rate(order)
        drafts.append(
            LineDraft(
                description=COD_FEE_DESCRIPTION,
                hsn_code=SHIPPING_SAC,
                quantity=1,
                rate=rate,
                split=split_inclusive(to_minor_units(order.cod_fee, order.currency), rate, intra_state=intra),
            )
        )
    return drafts


def credit_lines(invoice: TaxDocument, amount_paise: int) -> list[LineDraft]:
    """What a credit of `amount_paise` takes back: shared over the invoice's lines in proportion to what is
    still uncredited on each, every share split at its line's rate (so the tax split follows the invoice's)."""
    credited: dict[int, int] = {}
    for position, total in TaxDocumentLine.objects.filter(
        document__invoice=invoice, document__kind=DocumentKind.CREDIT_NOTE
    ).values_list("position", "total"):
        credited[position] = credited.get(position, 0) + to_minor_units(total, invoice.currency)
    lines = list(invoice.lines.select_related("order_item"))
    open_paise = [to_minor_units(line.total, invoice.currency) - credited.get(line.position, 0) for line in lines]
    shares = allocate(min(amount_paise, sum(open_paise)), open_paise)
    drafts = []
    for line, share, still_open in zip(lines, shares, open_paise, strict=True):
        if not share:
            continue
        whole = share == to_minor_units(line.total, invoice.currency) and share == still_open
        drafts.append(
            LineDraft(
                description=line.description if whole else f"{line.description}: value credited",
                hsn_code=line.hsn_code,
                quantity=line.quantity if whole else 0,
                rate=line.gst_rate,
                split=split_inclusive(share, line.gst_rate, intra_state=invoice.intra_state),
                order_item=line.order_item,
                imeis=list(line.imeis) if whole else [],
            )
        )
    return drafts


# --- Documents


def _buyer(order: Order) -> dict[str, Any]:
    address = order.shipping_address or {}
    return {
        "name": address.get("full_name") or order.user.full_name or order.user.email or "",
        "email": order.user.email or "",  # none for a shopper who signs in by mobile
        "phone": address.get("phone", ""),
        "address": ", ".join(
            part
            for part in (
                address.get("line1", ""),
                address.get("line2", ""),
                address.get("landmark", ""),
                address.get("city", ""),
                f"{address.get('state', '')} {address.get('pincode', '')}".strip(),
            )
            if part
        ),
        "state_code": order.place_of_supply,
        "gstin": order.buyer_gstin,
    }


def _seller_snapshot() -> dict[str, str]:
    s = seller()
    return {
        "legal_name": s.legal_name,
        "trade_name": s.trade_name,
        "gstin": s.gstin,
        "address": s.address,
        "state_code": s.state_code,
        "state_name": s.state_name,
        "email": s.email,
        "phone": s.phone,
    }


def _write(
    kind: str,
    order: Order,
    drafts: list[LineDraft],
    *,
    invoice: TaxDocument | None = None,
    reason: str = "",
    reference: str = "",
) -> TaxDocument:
    """Number, render and store one document with its lines (inside the caller's transaction)."""
    from invoicing.pdf import render_pdf

    now = timezone.now()
    year = financial_year(now)
    serial = allocate_serial(kind, year)
    prefix = settings.INVOICE_PREFIX if kind == DocumentKind.INVOICE else settings.CREDIT_NOTE_PREFIX
    currency = order.currency

    def money(paise: int) -> Decimal:
        return from_minor_units(paise, currency)

    totals = {name: sum(getattr(d.split, name) for d in drafts) for name in ("taxable", "cgst", "sgst", "igst")}
    total = sum(totals.values())
    if total != sum(d.split.total for d in drafts):  # each split adds up (tax.split), so their sums do too
        raise AssertionError("A tax document's lines do not add up to its total.")
    document = TaxDocument(
        kind=kind,
        number=format_number(prefix, year, serial),
        financial_year=year,
        serial=serial,
        issued_at=now,
        order=order,
        invoice=invoice,
        reason=reason[:200],
        reference=reference[:100],
        seller=_seller_snapshot() if invoice is None else invoice.seller,
        buyer=_buyer(order) if invoice is None else invoice.buyer,
        place_of_supply=order.place_of_supply,
        intra_state=is_intra_state(seller().state_code, order.place_of_supply)
        if invoice is None
        else invoice.intra_state,
        currency=currency,
        taxable_value=money(totals["taxable"]),
        cgst=money(totals["cgst"]),
        sgst=money(totals["sgst"]),
        igst=money(totals["igst"]),
        total=money(total),
        amount_in_words=amount_in_words(money(total)),
    )
    lines = [
        TaxDocumentLine(
            position=position,
            order_item=draft.order_item,
            description=draft.description[:300],
            hsn_code=draft.hsn_code,
            quantity=draft.quantity,
            gst_rate=draft.rate,
            taxable_value=money(draft.split.taxable),
            cgst=money(draft.split.cgst),
            sgst=money(draft.split.sgst),
            igst=money(draft.split.igst),
            total=money(draft.split.total),
            imeis=draft.imeis,
        )
        for position, draft in enumerate(drafts, start=1)
    ]
    pdf = render_pdf(document, lines, place_of_supply_name=state_name(order.place_of_supply))
    document.pdf_sha256 = private_files.store(document.pdf, file_name(document), pdf)
    document.save()
    for line in lines:
        line.document = document
    TaxDocumentLine.objects.bulk_create(lines)
    return document


def invoice_of(order: Order) -> TaxDocument | None:
    return TaxDocument.objects.filter(order=order, kind=DocumentKind.INVOICE).first()


def issue_invoice(order_id: int) -> TaxDocument | None:
    """The order's tax invoice, issued now if it has none and it can be: paid (or, cash on delivery, once it has
    shipped: lifecycle.invoiceable), and every unit that needs an IMEI has one (the invoice prints them and is
    never rewritten). None when invoicing is off, it cannot be issued yet, or the order has no place of supply.
    Safe to repeat."""
    if not settings.INVOICING_ENABLED:
        return None
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(pk=order_id).first()
        if (
            order is None
            or not lifecycle.invoiceable(order.status, order.payment_method)
            or not order.place_of_supply
            or not units_complete(order)
        ):
            return None
        existing = invoice_of(order)
        if existing is not None:
            return existing
        document = _write(DocumentKind.INVOICE, order, invoice_lines(order))
    logger.info("Order %s invoiced: %s for %s.", order_id, document.number, document.total)
    return document


def issue_credit_note(order_id: int, amount: Decimal | None, *, reason: str, reference: str = "") -> TaxDocument | None:
    """A credit note against the order's invoice for `amount` (None: whatever is still uncredited). Nothing
    when there is no invoice (money returned before invoicing needs none) or nothing left to credit. A
    `reference` (the gateway's refund id) is credited once: a repeated report changes nothing."""
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(pk=order_id).first()
        invoice = invoice_of(order) if order is not None else None
        if order is None or invoice is None:
            return None
        if reference:
            earlier = invoice.credit_notes.filter(reference=reference[:100]).first()
            if earlier is not None:
                return earlier
        already = to_minor_units(invoice.credit_notes.aggregate(s=Sum("total"))["s"] or Decimal("0"), invoice.currency)
        remaining = to_minor_units(invoice.total, invoice.currency) - already
        wanted = remaining if amount is None else min(to_minor_units(amount, invoice.currency), remaining)
        if amount is not None and to_minor_units(amount, invoice.currency) > remaining:
            logger.warning("Credit of %s on %s exceeds what is uncredited; %s paise credited.", amount, invoice, wanted)
        if wanted <= 0:
            return None
        document = _write(
            DocumentKind.CREDIT_NOTE,
            order,
            credit_lines(invoice, wanted),
            invoice=invoice,
            reason=reason,
            reference=reference,
        )
    logger.info("Order %s credited: %s for %s against %s.", order_id, document.number, document.total, invoice.number)
    return document


def credit_refund(payment_id: int, amount_minor: int, refund_id: str) -> TaxDocument | None:
    """The credit note of a processed refund: the refunded amount in the order's currency (a refund of a
    charge in another currency credits the same share of the order total), everything when all came back."""
    from payments.models import Payment
    from payments.services import charged_minor

    payment = Payment.objects.select_related("order").filter(pk=payment_id).first()
    if payment is None:
        return None
    order = payment.order
    charged = charged_minor(payment)
    if amount_minor >= charged:
        amount = None
    elif payment.currency == order.currency:
        amount = from_minor_units(amount_minor, order.currency)
    else:
        share = to_minor_units(order.total, order.currency) * amount_minor
        amount = from_minor_units((2 * share + charged) // (2 * charged), order.currency)  # half up
    return issue_credit_note(order.pk, amount, reason="Refund", reference=refund_id)


def issue_missed_invoices(limit: int = 200) -> int:
    """Invoice the orders past payment that should have an invoice by now and have none."""
    due = (
        Order.objects.filter(status__in=[OrderStatus.PACKED, OrderStatus.SHIPPED, OrderStatus.DELIVERED])
        .exclude(place_of_supply="")
        .exclude(tax_documents__kind=DocumentKind.INVOICE)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for order_id in list(due) if issue_invoice(order_id) is not None)


# --- Reading a stored document back

# Far above any invoice (25 lines draw about 7 kB): a file this large is not one we wrote.
MAX_PDF_BYTES = 5 * 1024 * 1024


def file_name(document: TaxDocument) -> str:
    """PS-2627-000123.pdf: the number, with the slashes a file name cannot hold."""
    return f"{document.number.replace('/', '-')}.pdf"


def verified_pdf(document: TaxDocument) -> bytes:
    """The stored PDF, only if it is still the one issued: its SHA-256 equal to the row's. A missing, unreadable,
    oversized or altered file is logged as an error and refused (a server error: nothing a caller can fix); it is
    never served, mailed or drawn again in its place."""
    try:
        return private_files.read_verified(document.pdf, document.pdf_sha256, max_bytes=MAX_PDF_BYTES)
    except private_files.UnverifiedFile as exc:
        logger.error("The PDF of %s (%s) %s: not served.", document, document.pdf.name, exc)
        metrics.increment("tax_document_unreadable", kind=document.kind)
        raise ApplicationError(CommonErrorCode.SERVER_ERROR, "This document cannot be delivered just now.") from None
