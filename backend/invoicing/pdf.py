"""The PDF of a tax invoice or credit note, drawn with fpdf2 (pure Python: nothing to install beyond PyPI).

Everything rule 46 (invoice) and rule 53 (credit note) ask for is printed from the document row and its lines,
never from the live order: supplier name, address and GSTIN; number and date; buyer name, delivery address and
GSTIN if any; place of supply (state name and code); per line the description, HSN, quantity and unit, taxable
value, rate and CGST/SGST or IGST; the IMEIs of each unit; the totals and the amount in words; reverse charge;
and that it is computer-generated. The built-in Helvetica covers Latin-1 only, so amounts read "Rs." and other
characters are replaced by their nearest Latin-1 spelling. The creation date is the issue date, so the same row
always draws the same bytes."""

import unicodedata
from decimal import Decimal

from django.utils import timezone
from fpdf import FPDF
from fpdf.fonts import FontFace

from core.money import indian_digits
from invoicing.models import DocumentKind, TaxDocument, TaxDocumentLine
from tax.states import state_tax_name

FONT = "Helvetica"
TYPOGRAPHY = str.maketrans({"₹": "Rs.", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})


def latin1(text: str) -> str:
    """The text as the built-in font can print it: typographic marks spelt plainly, accents kept where Latin-1
    has them, anything else reduced to its base letter or '?'."""
    text = str(text).translate(TYPOGRAPHY)
    out = []
    for char in text:
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
            out.append(base or "?")
    return "".join(out)


def rupees(amount: Decimal) -> str:
    """1,12,999.00: Indian digit grouping, two decimals (the columns say Rs.)."""
    return indian_digits(amount)


def imei_text(units: list[list[str]]) -> str:
    """ "IMEI: a / b; c": a unit's numbers joined by " / " (slot 1, then 2), units by "; "."""
    return "IMEI: " + "; ".join(" / ".join(numbers) for numbers in units)


def _rate(rate: Decimal) -> str:
    return f"{rate.normalize():f}%"


class _Page(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(12, 12, 12)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, size=7)
        self.cell(0, 4, latin1(self.footer_text), align="L")
        self.cell(0, 4, f"Page {self.page_no()}/{{nb}}", align="R")


def render_pdf(document: TaxDocument, lines: list[TaxDocumentLine], *, place_of_supply_name: str) -> bytes:
    """The document's PDF bytes. `document` and `lines` may be unsaved: the PDF is made before the row."""
    seller, buyer = document.seller, document.buyer
    is_invoice = document.kind == DocumentKind.INVOICE
    title = "TAX INVOICE" if is_invoice else "CREDIT NOTE"
    issued = timezone.localtime(document.issued_at)
    pdf = _Page(f"{seller['legal_name']} - {title.title()} {document.number}")
    pdf.set_creation_date(issued)  # in Indian time, however the row's datetime came back from the database
    pdf.set_title(f"{title.title()} {document.number}")
    pdf.set_author(latin1(seller["legal_name"]))
    pdf.alias_nb_pages()
    pdf.add_page()

    def text(value: str, size: float = 9, style: str = "", height: float = 4.6, align: str = "L") -> None:
        pdf.set_font(FONT, style=style, size=size)
        pdf.multi_cell(0, height, latin1(value), align=align, new_x="LMARGIN", new_y="NEXT")

    text(title, size=15, style="B", height=8, align="C")
    text("Original for recipient", size=8, align="C")
    pdf.ln(2)

    # Supplier (left) and document facts (right).
    top = pdf.get_y()
    pdf.set_font(FONT, style="B", size=10)
    pdf.multi_cell(110, 5, latin1(seller["legal_name"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=8.5)
    supplier = [
        f"Trade name: {seller['trade_name']}" if seller.get("trade_name") else "",
        seller["address"],
        f"State: {seller['state_name']} (code {seller['state_code']})",
        f"GSTIN: {seller['gstin']}",
        " | ".join(part for part in (seller.get("email", ""), seller.get("phone", "")) if part),
    ]
    for line in supplier:
        if line:
            pdf.multi_cell(110, 4.2, latin1(line), new_x="LMARGIN", new_y="NEXT")
    left_bottom = pdf.get_y()
    pdf.set_xy(126, top)
    facts = [
        (f"{'Invoice' if is_invoice else 'Credit note'} no.", document.number),
        ("Date", issued.strftime("%d-%m-%Y")),
        ("Order", document.order.number if document.order_id else "-"),
        ("Place of supply", f"{place_of_supply_name} ({document.place_of_supply})"),
        ("Reverse charge", "Yes" if document.reverse_charge else "No"),
    ]
    if not is_invoice and document.invoice is not None:
        facts.insert(2, ("Against invoice", document.invoice.number))
        facts.insert(3, ("Invoice date", timezone.localtime(document.invoice.issued_at).strftime("%d-%m-%Y")))
    for label, value in facts:
        pdf.set_x(126)
        pdf.set_font(FONT, size=8.5)
        pdf.cell(30, 4.6, latin1(label + ":"))
        pdf.set_font(FONT, style="B", size=8.5)
        pdf.cell(0, 4.6, latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(left_bottom, pdf.get_y()) + 3)

    # Buyer.
    text("Bill to / Ship to", size=9, style="B")
    buyer_lines = [buyer["name"], buyer["address"], f"State: {place_of_supply_name} (code {document.place_of_supply})"]
    if buyer.get("gstin"):
        buyer_lines.append(f"GSTIN: {buyer['gstin']}")
    if buyer.get("phone"):
        buyer_lines.append(f"Phone: {buyer['phone']}")
    for line in buyer_lines:
        text(line, size=8.5, height=4.2)
    if not is_invoice and document.reason:
        pdf.ln(1)
        text(f"Reason: {document.reason}", size=8.5, height=4.2)
    pdf.ln(3)

    # Lines: the tax columns grouped under their tax, rate and amount beneath (UTGST for the state's share
    # within a union territory without a legislature).
    intra = document.intra_state
    state_tax = state_tax_name(document.place_of_supply)
    taxes = ["CGST", state_tax] if intra else ["IGST"]
    #        #  description  HSN  qty  taxable  (rate, amount) per tax  total
    widths = [6, 64, 16, 13, 22, *[10, 17] * len(taxes), 22] if intra else [6, 82, 16, 13, 22, 11, 19, 22]
    heading = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
    pdf.set_font(FONT, size=7.5)
    with pdf.table(
        col_widths=widths,
        text_align="RIGHT",
        v_align="TOP",
        headings_style=heading,
        line_height=3.6,
        padding=(1.2, 1.2, 0.6, 1.2),
        num_heading_rows=2,
        first_row_as_headings=True,
    ) as table:
        top_row = table.row()
        for label, align in (
            ("#", "CENTER"),
            ("Description of goods / services", "LEFT"),
            ("HSN/SAC", "CENTER"),
            ("Qty", "RIGHT"),
            ("Taxable value", "RIGHT"),
        ):
            top_row.cell(latin1(label), align=align, v_align="BOTTOM", rowspan=2)
        for name in taxes:
            top_row.cell(name, align="CENTER", colspan=2)
        top_row.cell("Total (Rs.)", align="RIGHT", v_align="BOTTOM", rowspan=2)
        sub_row = table.row()
        for _ in taxes:
            sub_row.cell("Rate", align="RIGHT")
            sub_row.cell("Amount", align="RIGHT")
        for line in lines:
            description = line.description
            if line.imeis:
                description += "\n" + imei_text(line.imeis)
            half = line.gst_rate / 2
            amounts = (
                [_rate(half), rupees(line.cgst), _rate(half), rupees(line.sgst)]
                if intra
                else [_rate(line.gst_rate), rupees(line.igst)]
            )
            row = table.row()
            row.cell(str(line.position), align="CENTER")
            row.cell(latin1(description), align="LEFT")
            row.cell(line.hsn_code, align="CENTER")
            row.cell(f"{line.quantity} {line.unit}" if line.quantity else "-")
            row.cell(rupees(line.taxable_value))
            for figure in amounts:
                row.cell(figure)
            row.cell(rupees(line.total))
    pdf.ln(3)

    # Totals, the amount in words and the declaration: kept together on one page.
    totals: list[tuple[str, Decimal]] = [("Taxable value", document.taxable_value)]
    totals += [("CGST", document.cgst), (state_tax, document.sgst)] if intra else [("IGST", document.igst)]
    totals.append(("Total tax", document.cgst + document.sgst + document.igst))
    totals.append((("Invoice total" if is_invoice else "Credit note total") + " (Rs.)", document.total))
    with pdf.unbreakable() as block:
        for label, amount in totals:
            bold = label.endswith("(Rs.)")
            block.set_x(120)
            block.set_font(FONT, style="B" if bold else "", size=9)
            block.cell(48, 5, latin1(label), border="T" if bold else 0)
            block.cell(0, 5, rupees(amount), align="R", border="T" if bold else 0, new_x="LMARGIN", new_y="NEXT")
        block.ln(2)
        block.set_font(FONT, style="B", size=9)
        block.multi_cell(0, 4.6, latin1(f"Amount in words: {document.amount_in_words}"), new_x="LMARGIN", new_y="NEXT")
        block.set_font(FONT, size=8.5)
        block.multi_cell(
            0,
            4.6,
            f"Tax payable on reverse charge: {'Yes' if document.reverse_charge else 'No'}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        block.ln(4)
        block.set_font(FONT, style="B", size=8.5)
        block.multi_cell(0, 4.6, latin1(f"For {seller['legal_name']}"), new_x="LMARGIN", new_y="NEXT")
        block.set_font(FONT, size=8)
        block.multi_cell(
            0,
            4.6,
            f"This is a computer-generated {'invoice' if is_invoice else 'credit note'}, no signature required.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    return bytes(pdf.output())
