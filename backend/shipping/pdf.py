"""The mock carrier's own documents, drawn with fpdf2 as a courier's would be: the shipping label (4 x 6 inch,
the thermal printers' size) and the day's pickup manifest (A4).

The label's AWB is a Code 128 barcode drawn by python-barcode as SVG and placed as vector art, so it stays sharp
at any printer resolution; the AWB is printed under it for a person to read. The built-in Helvetica covers
Latin-1 only: text goes through invoicing.pdf.latin1 and amounts read "Rs."."""

import io
import warnings
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from barcode import Code128
from barcode.writer import SVGWriter
from django.conf import settings
from django.utils import timezone
from fpdf import FPDF
from fpdf.fonts import FontFace

from invoicing.pdf import latin1, rupees
from shipping.models import Shipment
from shipping.providers.base import cod_to_collect, parcel_for
from tax.seller import seller as seller_identity

FONT = "Helvetica"
LABEL_SIZE_MM = (101.6, 152.4)  # 4 x 6 inch


def code128_svg(text: str) -> bytes:
    """`text` as a Code 128 barcode in SVG: bars only (the AWB is printed under it separately), 0.33 mm modules
    and the 10-module quiet zones the symbology asks for."""
    out = io.BytesIO()
    Code128(text, writer=SVGWriter()).write(
        out, options={"module_width": 0.33, "module_height": 18, "quiet_zone": 3.3, "write_text": False}
    )
    return out.getvalue()


def _svg(pdf: FPDF, svg: bytes, *, x: float, y: float, w: float, h: float) -> None:
    with warnings.catch_warnings():  # python-barcode's SVG sizes itself in mm without a viewBox: fpdf2 derives one
        warnings.filterwarnings("ignore", message=".*viewBox.*")
        pdf.image(io.BytesIO(svg), x=x, y=y, w=w, h=h)


def _address_lines(address: dict) -> list[str]:
    place = " ".join(p for p in (address.get("city", ""), address.get("pincode", "")) if p)
    lines = [
        address.get("full_name", ""),
        address.get("line1", ""),
        ", ".join(p for p in (address.get("line2"), address.get("landmark")) if p),
        ", ".join(p for p in (place, address.get("state", "")) if p),
        f"Phone: {address['phone']}" if address.get("phone") else "",
    ]
    return [line for line in lines if line]


def _payment(shipment: Shipment) -> str:
    collect = cod_to_collect(shipment.order)
    return f"COD - COLLECT Rs. {rupees(collect)}" if collect else "PREPAID - DO NOT COLLECT CASH"


def render_label(shipment: Shipment, *, courier: str) -> bytes:
    """The label of a booked shipment: courier, payment (prepaid, or the cash to collect), ship-to address, the AWB
    as a barcode, order number, date and weight, and the return address (the store's warehouse)."""
    order = shipment.order
    seller = seller_identity()
    weight = shipment.weight_kg or parcel_for(order).weight_kg
    pdf = FPDF(unit="mm", format=LABEL_SIZE_MM)
    pdf.set_creation_date(shipment.awb_assigned_at or timezone.now())
    pdf.set_title(f"Shipping label {shipment.awb}")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(5, 5, 5)
    pdf.add_page()
    width = LABEL_SIZE_MM[0] - 10

    pdf.set_font(FONT, "B", 11)
    pdf.cell(width, 6, latin1(courier), border="B", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, "B", 12)
    pdf.set_fill_color(0, 0, 0)
    pdf.set_text_color(255, 255, 255)
    pdf.cell(width, 8, latin1(_payment(shipment)), align="C", fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)

    pdf.ln(2)
    pdf.set_font(FONT, "B", 8)
    pdf.cell(width, 4, "SHIP TO", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    for line in _address_lines(order.shipping_address or {}):
        pdf.multi_cell(width, 4.6, latin1(line), new_x="LMARGIN", new_y="NEXT")

    pdf.ln(2)
    top = pdf.get_y()
    _svg(pdf, code128_svg(shipment.awb), x=5, y=top, w=width, h=24)
    pdf.set_y(top + 25)
    pdf.set_font(FONT, "B", 13)
    pdf.cell(width, 6, latin1(f"AWB {shipment.awb}"), align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.ln(1)
    pdf.set_font(FONT, size=9)
    booked = timezone.localtime(shipment.awb_assigned_at or timezone.now())
    for name, value in (
        ("Order", order.number),
        ("Date", f"{booked:%d %b %Y}"),
        ("Weight", f"{weight} kg"),
        ("Pieces", str(sum(item.quantity for item in order.items.all()))),
    ):
        pdf.set_font(FONT, "B", 9)
        pdf.cell(18, 4.6, name)
        pdf.set_font(FONT, size=9)
        pdf.cell(width - 18, 4.6, latin1(value), new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(LABEL_SIZE_MM[1] - 34)
    pdf.set_font(FONT, "B", 8)
    pdf.cell(width, 4, "IF UNDELIVERED, RETURN TO", border="T", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=8)
    returns = [
        seller.trade_name or seller.legal_name,
        seller.address,
        f"{settings.RETURN_WAREHOUSE_CITY} {settings.SHIPPING_ORIGIN_PINCODE}",
        f"Phone: {seller.phone}" if seller.phone else "",
        f"GSTIN: {seller.gstin}" if seller.gstin else "",
    ]
    for line in filter(None, returns):
        pdf.multi_cell(width, 3.6, latin1(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@dataclass(frozen=True)
class ManifestRow:
    order_number: str
    awb: str
    courier: str
    weight_kg: Decimal
    cod: Decimal


def manifest_rows(shipments: list[Shipment]) -> list[ManifestRow]:
    return [
        ManifestRow(
            order_number=s.order.number,
            awb=s.awb,
            courier=s.courier,
            weight_kg=s.weight_kg or parcel_for(s.order).weight_kg,
            cod=cod_to_collect(s.order),
        )
        for s in shipments
    ]


def render_manifest(shipments: list[Shipment], *, day: date, carrier: str) -> bytes:
    """The pickup manifest: one row per parcel (order, AWB, courier, weight, cash to collect), the totals, and lines
    for the store's and the pickup agent's signatures."""
    rows = manifest_rows(shipments)
    seller = seller_identity()
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_creation_date(timezone.now())
    pdf.set_title(f"Pickup manifest {day:%Y-%m-%d}")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font(FONT, "B", 15)
    pdf.cell(0, 8, "Pickup manifest", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    for line in (
        f"Pickup date: {day:%d %b %Y}",
        f"Carrier: {carrier}",
        f"Shipper: {seller.trade_name or seller.legal_name}, {seller.address}",
        f"Pickup pincode: {settings.SHIPPING_ORIGIN_PINCODE}",
    ):
        pdf.cell(0, 5, latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    cod_total = sum((r.cod for r in rows), Decimal("0.00"))
    weight_total = sum((r.weight_kg for r in rows), Decimal("0"))
    pdf.set_font(FONT, size=9)
    headings = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    with pdf.table(
        col_widths=(8, 28, 40, 52, 18, 30),
        text_align=("RIGHT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT"),
        headings_style=headings,
        line_height=6,
    ) as table:
        table.row(["#", "Order", "AWB", "Courier", "Kg", "COD (Rs.)"])
        for n, r in enumerate(rows, start=1):
            table.row(
                [str(n), r.order_number, r.awb, latin1(r.courier), f"{r.weight_kg}", rupees(r.cod) if r.cod else "-"]
            )
        table.row(["", "Total", f"{len(rows)} parcels", "", f"{weight_total}", rupees(cod_total)], style=headings)
    pdf.ln(4)
    pdf.set_font(FONT, "B", 10)
    cod_count = sum(1 for r in rows if r.cod)
    pdf.cell(0, 6, latin1(f"Parcels: {len(rows)}    Cash on delivery: {cod_count} parcels, Rs. {rupees(cod_total)}"))
    pdf.ln(20)
    pdf.set_font(FONT, size=9)
    y = pdf.get_y()
    for x, who in ((12, "For the shipper (name, signature, seal)"), (112, "Pickup agent (name, signature, date)")):
        pdf.line(x, y, x + 86, y)
        pdf.set_xy(x, y + 1)
        pdf.cell(86, 5, who)
    return bytes(pdf.output())
