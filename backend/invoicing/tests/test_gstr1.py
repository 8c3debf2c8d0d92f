"""GSTR-1: a month of orders across states, and every section's sums checked against the tax documents."""

import json
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from conftest import client_for
from invoicing import gstr1 as g
from invoicing import services
from invoicing.models import DocumentKind, TaxDocument
from invoicing.tests.fixtures import pay, place, record_units
from orders.models import Order, OrderStatus
from staff.tests.factories import customer
from tax.seller import seller

IST = ZoneInfo("Asia/Kolkata")
BUYER_GSTIN = "27AAACR5055K1Z7"  # checksum-valid, Maharashtra
AMOUNT_KEYS = {"txval": "taxable_value", "iamt": "igst", "camt": "cgst", "samt": "sgst"}
pytestmark = pytest.mark.usefixtures("dev_gateway")


@pytest.fixture
def clock(monkeypatch):
    """clock(2026, 11, 5, 10, 0): every "now" (issue times included) is that moment in Indian time."""

    def at(*parts):
        moment = datetime(*parts, tzinfo=IST)
        monkeypatch.setattr(services.timezone, "now", lambda: moment)
        return moment

    return at


@pytest.fixture
def sell(auth_client):
    """sell([(variant, qty)], "27", gstin=...) → the order's invoice, issued at the clock's time."""
    serials = iter(range(1, 10_000, 10))

    def invoice(lines, state_code, *, gstin=""):
        order = place(auth_client, lines, state_code=state_code)
        if gstin:
            Order.objects.filter(pk=order.pk).update(buyer_gstin=gstin)
        record_units(order, first_serial=next(serials))
        pay(order, to=OrderStatus.PACKED)
        document = services.issue_invoice(order.pk)
        assert document is not None
        return document

    return invoice


def credit(invoice, amount=None):
    note = services.issue_credit_note(invoice.order_id, amount, reason="Refund", reference=f"rfnd_{invoice.pk}")
    assert note is not None
    return note


@pytest.fixture
def cable(make_variant):
    """Below the free-shipping threshold: its invoice has a shipping line (SAC 996812)."""
    from catalog.tests.factories import ProductFactory

    return make_variant(
        product=ProductFactory(
            title="USB-C cable", hsn_code="85444299", gst_rate=Decimal("18.00"), imei_required=False
        ),
        price=Decimal("299.00"),
        mrp=Decimal("499.00"),
        stock=20,
    )


@pytest.fixture
def stand(make_variant):
    """An item at 5%, so that one invoice has two rates (two items in the portal's layout)."""
    from catalog.tests.factories import ProductFactory

    return make_variant(
        product=ProductFactory(title="Desk stand", hsn_code="39269099", gst_rate=Decimal("5.00"), imei_required=False),
        price=Decimal("1050.00"),
        mrp=Decimal("1500.00"),
        stock=20,
    )


@pytest.fixture
def lakh_phone(make_variant):
    """Exactly ₹1,00,000: not *above* the B2CL threshold."""
    return make_variant(price=Decimal("100000.00"), mrp=Decimal("109999.00"), stock=5)


@pytest.fixture
def november(clock, sell, flagship, charger, cable, stand, lakh_phone):
    """October's last invoice, November's month of sales and credit notes, December's first documents."""
    docs = {}
    clock(2026, 10, 31, 23, 59)
    docs["october"] = sell([(charger, 1)], "07")  # B2CS, credited in November
    clock(2026, 11, 1, 0, 0, 30)  # 31 October 19:00:30 UTC: November in India
    docs["intra"] = sell([(flagship, 1), (charger, 2)], "29")  # same state as the seller: B2CS even above ₹1 lakh
    clock(2026, 11, 3, 11, 0)
    docs["small"] = sell([(cable, 1)], "07")  # inter-state, small: B2CS, with a shipping line
    clock(2026, 11, 5, 12, 0)
    docs["large"] = sell([(flagship, 1)], "27")  # inter-state ₹1,12,999 without a GSTIN: B2CL
    clock(2026, 11, 10, 9, 30)
    docs["b2b"] = sell([(flagship, 1), (stand, 2)], "27", gstin=BUYER_GSTIN)  # two rates
    clock(2026, 11, 12, 15, 0)
    docs["lakh"] = sell([(lakh_phone, 1)], "33")  # exactly ₹1,00,000: B2CS
    clock(2026, 11, 15, 18, 0)
    docs["large_delhi"] = sell([(flagship, 1)], "07")  # B2CL, another place of supply
    clock(2026, 11, 20, 10, 0)
    docs["cn_b2b"] = credit(docs["b2b"], Decimal("1000.01"))  # CDNR
    clock(2026, 11, 21, 10, 0)
    docs["cn_large"] = credit(docs["large"])  # CDNUR, in full
    clock(2026, 11, 22, 10, 0)
    docs["cn_intra"] = credit(docs["intra"], Decimal("500.00"))  # netted into B2CS
    clock(2026, 11, 23, 10, 0)
    docs["cn_october"] = credit(docs["october"])  # netted into November's B2CS (07)
    clock(2026, 12, 1, 0, 0, 10)
    docs["december"] = sell([(charger, 1)], "29")
    clock(2026, 12, 2, 10, 0)
    docs["cn_december"] = credit(docs["large_delhi"], Decimal("100.00"))
    clock(2026, 12, 3, 10, 0)  # filing day
    return docs


NOVEMBER = ("intra", "small", "large", "b2b", "lakh", "large_delhi", "cn_b2b", "cn_large", "cn_intra", "cn_october")


def sign(document):
    return -1 if document.kind == DocumentKind.CREDIT_NOTE else 1


def item_sums(items):
    return {key: sum(item["itm_det"].get(key, 0) for item in items) for key in AMOUNT_KEYS}


def by_rate(document):
    """The document's lines summed per rate: what its `itms` must say."""
    sums = defaultdict(lambda: dict.fromkeys(AMOUNT_KEYS, Decimal("0")))
    for line in document.lines.all():
        for key, field in AMOUNT_KEYS.items():
            sums[line.gst_rate][key] += getattr(line, field)
    return [{"rt": g.rate(r), **sums[r]} for r in sorted(sums)]


def taxes_of(document):
    """The tax keys an item of the document names: IGST between states, CGST and SGST within one."""
    return {"txval", "rt", "csamt", *(("camt", "samt") if document.intra_state else ("iamt",))}


def assert_items(entry, document):
    assert [item["num"] for item in entry["itms"]] == list(range(1, len(entry["itms"]) + 1))
    assert all(set(item["itm_det"]) == taxes_of(document) for item in entry["itms"])
    assert [
        {"rt": i["itm_det"]["rt"], **{k: i["itm_det"].get(k, 0) for k in AMOUNT_KEYS}} for i in entry["itms"]
    ] == by_rate(document)
    assert all(item["itm_det"]["csamt"] == 0 for item in entry["itms"])


def test_every_section_of_the_month(november):
    d = november
    report = g.gstr1("2026-11")

    assert list(report) == ["gstin", "fp", "b2b", "b2cl", "b2cs", "cdnr", "cdnur", "hsn", "doc_issue"]
    assert report["gstin"] == seller().gstin and report["fp"] == "112026"

    # B2B: the buyer with a GSTIN, one item per rate (5% and 18%).
    [buyer] = report["b2b"]
    assert buyer["ctin"] == BUYER_GSTIN
    [invoice] = buyer["inv"]
    assert {k: v for k, v in invoice.items() if k != "itms"} == {
        "inum": d["b2b"].number,
        "idt": "10-11-2026",
        "val": d["b2b"].total,
        "pos": "27",
        "rchrg": "N",
        "inv_typ": "R",
    }
    assert [item["itm_det"]["rt"] for item in invoice["itms"]] == [5, 18]
    assert_items(invoice, d["b2b"])

    # B2CL: inter-state, no GSTIN, above ₹1 lakh, by place of supply; IGST only.
    assert [(group["pos"], [i["inum"] for i in group["inv"]]) for group in report["b2cl"]] == [
        ("07", [d["large_delhi"].number]),
        ("27", [d["large"].number]),
    ]
    large = report["b2cl"][1]["inv"][0]
    assert {k: v for k, v in large.items() if k != "itms"} == {
        "inum": d["large"].number,
        "idt": "05-11-2026",
        "val": Decimal("112999.00"),
    }
    assert_items(large, d["large"])
    assert set(large["itms"][0]["itm_det"]) == {"txval", "rt", "iamt", "csamt"}  # IGST only

    # CDNR / CDNUR: the credit notes of B2B and B2CL invoices, note by note.
    [registered] = report["cdnr"]
    assert registered["ctin"] == BUYER_GSTIN
    [note] = registered["nt"]
    assert {k: v for k, v in note.items() if k != "itms"} == {
        "ntty": "C",
        "nt_num": d["cn_b2b"].number,
        "nt_dt": "20-11-2026",
        "val": Decimal("1000.01"),
        "pos": "27",
        "rchrg": "N",
        "inv_typ": "R",
    }
    assert_items(note, d["cn_b2b"])
    [unregistered] = report["cdnur"]
    assert {k: v for k, v in unregistered.items() if k != "itms"} == {
        "typ": "B2CL",
        "ntty": "C",
        "nt_num": d["cn_large"].number,
        "nt_dt": "21-11-2026",
        "val": d["large"].total,
        "pos": "27",
    }
    assert_items(unregistered, d["cn_large"])

    # B2CS: everything else, summed by supply type, place and rate, net of its credit notes (October's too).
    expected = defaultdict(lambda: dict.fromkeys(AMOUNT_KEYS, Decimal("0")))
    for name in ("intra", "small", "lakh", "cn_intra", "cn_october"):
        document = d[name]
        for line in document.lines.all():
            row = expected[("INTRA" if document.intra_state else "INTER", document.place_of_supply, line.gst_rate)]
            for key, field in AMOUNT_KEYS.items():
                row[key] += sign(document) * getattr(line, field)
    assert {(r["sply_ty"], r["pos"], r["rt"]): {k: r.get(k, 0) for k in AMOUNT_KEYS} for r in report["b2cs"]} == {
        (kind, pos, g.rate(rt)): sums for (kind, pos, rt), sums in expected.items()
    }
    assert [(r["sply_ty"], r["pos"]) for r in report["b2cs"]] == [("INTER", "07"), ("INTRA", "29"), ("INTER", "33")]
    assert all(r["typ"] == "OE" and r["csamt"] == 0 for r in report["b2cs"])
    intra = report["b2cs"][1]
    assert "iamt" not in intra and "camt" not in report["b2cs"][0]
    assert intra["camt"] + intra["samt"] == d["intra"].cgst + d["intra"].sgst - (
        d["cn_intra"].cgst + d["cn_intra"].sgst
    )

    # Table 13: November's number ranges.
    assert report["doc_issue"] == {
        "doc_det": [
            {
                "doc_num": 1,
                "docs": [
                    {
                        "num": 1,
                        "from": "PS/2627/000002",
                        "to": "PS/2627/000007",
                        "totnum": 6,
                        "cancel": 0,
                        "net_issue": 6,
                    }
                ],
            },
            {
                "doc_num": 5,
                "docs": [
                    {
                        "num": 1,
                        "from": "CN/2627/000001",
                        "to": "CN/2627/000004",
                        "totnum": 4,
                        "cancel": 0,
                        "net_issue": 4,
                    }
                ],
            },
        ]
    }
    assert {d[name].number for name in NOVEMBER} == {
        *(f"PS/2627/{n:06d}" for n in range(2, 8)),
        *(f"CN/2627/{n:06d}" for n in range(1, 5)),
    }


def test_the_sections_add_up_to_the_month_s_documents(november):
    report = g.gstr1("2026-11")
    month = [november[name] for name in NOVEMBER]
    # What November's documents say, from their own totals: invoices − credit notes.
    expected = {key: sum(sign(doc) * getattr(doc, field) for doc in month) for key, field in AMOUNT_KEYS.items()}
    assert expected == {
        key: sum(sign(doc) * getattr(doc, field) for doc in TaxDocument.objects.filter(pk__in=[d.pk for d in month]))
        for key, field in AMOUNT_KEYS.items()
    }

    listed = defaultdict(Decimal)
    for section, inner, factor in (("b2b", "inv", 1), ("b2cl", "inv", 1), ("cdnr", "nt", -1)):
        for group in report[section]:
            for document in group[inner]:
                for key, value in item_sums(document["itms"]).items():
                    listed[key] += factor * value
    for note in report["cdnur"]:
        for key, value in item_sums(note["itms"]).items():
            listed[key] -= value
    for row in report["b2cs"]:
        for key in AMOUNT_KEYS:
            listed[key] += row.get(key, 0)
    assert dict(listed) == expected

    hsn_rows = report["hsn"]["hsn_b2b"] + report["hsn"]["hsn_b2c"]
    assert {key: sum(row[key] for row in hsn_rows) for key in AMOUNT_KEYS} == expected

    # Invoice values: each listed document's `val` is its total, which its items add up to.
    for group in report["b2b"] + report["b2cl"]:
        for invoice in group["inv"]:
            document = TaxDocument.objects.get(number=invoice["inum"])
            assert invoice["val"] == document.total == sum(item_sums(invoice["itms"]).values())


def test_hsn_summary_is_net_of_credit_notes_and_split_b2b_b2c(november):
    d = november
    hsn = g.gstr1("2026-11")["hsn"]
    b2b = {(r["hsn_sc"], r["rt"]): r for r in hsn["hsn_b2b"]}
    b2c = {(r["hsn_sc"], r["rt"]): r for r in hsn["hsn_b2c"]}

    assert set(b2b) == {("39269099", 5), ("85171300", 18)}
    assert b2b[("85171300", 18)]["qty"] == 1  # the partial credit note returns no phone
    assert b2b[("39269099", 5)]["qty"] == 2
    # Phones: intra, large, lakh, large_delhi, less the large one credited in full.
    assert b2c[("85171300", 18)]["qty"] == 3
    # Chargers: 2 (intra), less October's one credited in November.
    assert b2c[("85044030", 18)]["qty"] == 1
    assert b2c[("85444299", 18)]["qty"] == 1
    shipping = b2c[(services.SHIPPING_SAC, 18)]
    assert (shipping["uqc"], shipping["qty"], shipping["desc"]) == ("NA", 0, "Courier services")
    assert b2c[("85171300", 18)]["uqc"] == "NOS" and b2c[("85171300", 18)]["desc"] == "Smartphones"
    assert all(len(r["desc"]) <= 30 for r in hsn["hsn_b2b"] + hsn["hsn_b2c"])
    assert [r["num"] for r in hsn["hsn_b2c"]] == list(range(1, len(hsn["hsn_b2c"]) + 1))
    keys = {"num", "hsn_sc", "desc", "uqc", "qty", "rt", "txval", "iamt", "camt", "samt", "csamt"}
    assert all(set(row) == keys for row in hsn["hsn_b2b"] + hsn["hsn_b2c"])

    # Each row is the month's lines of that code and rate, credit notes subtracted.
    expected = defaultdict(Decimal)
    for name in ("intra", "small", "large", "lakh", "large_delhi", "cn_large", "cn_intra", "cn_october"):
        for line in d[name].lines.filter(hsn_code="85171300"):
            expected["txval"] += sign(d[name]) * line.taxable_value
            expected["iamt"] += sign(d[name]) * line.igst
    assert (b2c[("85171300", 18)]["txval"], b2c[("85171300", 18)]["iamt"]) == (expected["txval"], expected["iamt"])


def test_other_months_are_left_out(november):
    d = november
    october = g.gstr1("2026-10")
    assert [i["inum"] for group in october.get("b2b", []) + october.get("b2cl", []) for i in group["inv"]] == []
    assert october["b2cs"] == [
        {"sply_ty": "INTER", "pos": "07", "typ": "OE", **g._item_details(row, intra_state=False)}
        for row in d["october"].lines.values("gst_rate", "taxable_value", "igst", "cgst", "sgst")
    ]
    assert october["doc_issue"]["doc_det"] == [
        {
            "doc_num": 1,
            "docs": [
                {"num": 1, "from": "PS/2627/000001", "to": "PS/2627/000001", "totnum": 1, "cancel": 0, "net_issue": 1}
            ],
        }
    ]
    december = g.gstr1("2026-12")
    assert december["b2cs"][0]["pos"] == "29" and len(december["b2cs"]) == 1
    assert december["cdnur"][0]["nt_num"] == d["cn_december"].number  # against a November B2CL invoice
    november_numbers = json.dumps(g.json_ready(g.gstr1("2026-11")))
    assert d["december"].number not in november_numbers and d["october"].number not in november_numbers


def test_a_month_with_nothing_has_only_its_header(clock, db):
    clock(2026, 12, 3, 10, 0)
    assert g.gstr1("2026-06") == {"gstin": seller().gstin, "fp": "062026"}


def test_the_b2cl_threshold_was_two_and_a_half_lakh_before_august_2024(clock, sell, flagship):
    clock(2024, 7, 31, 23, 0)
    july = sell([(flagship, 1)], "27")
    clock(2024, 8, 1, 0, 30)
    august = sell([(flagship, 1)], "27")
    clock(2024, 9, 2, 10, 0)
    note = credit(july, Decimal("10.00"))

    assert "b2cl" not in g.gstr1("2024-07") and g.gstr1("2024-07")["b2cs"][0]["pos"] == "27"
    assert g.gstr1("2024-08")["b2cl"][0]["inv"][0]["inum"] == august.number
    september = g.gstr1("2024-09")
    assert "cdnur" not in september  # July's invoice was B2CS under the old threshold: its note is netted there
    assert september["b2cs"][0]["txval"] == -note.taxable_value


def test_numbers_are_written_exactly_as_json_numbers(november):
    text = g.dumps(g.gstr1("2026-11"))
    data = json.loads(text, parse_float=Decimal)
    assert data["b2b"][0]["inv"][0]["val"] == november["b2b"].total
    assert data["cdnr"][0]["nt"][0]["val"] == Decimal("1000.01")
    assert '"rt": 18,' in text and '"fp": "112026"' in text
    assert g.json_ready(Decimal("95761.86")) == 95761.86
    with pytest.raises(ValueError, match="does not survive"):
        g.json_ready(Decimal("12345678901234.567"))


def test_the_report_takes_a_fixed_number_of_queries(november, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        g.gstr1("2026-11")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-13", "YYYY-MM"),
        ("2026-1", "YYYY-MM"),
        ("11-2026", "YYYY-MM"),
        ("", "YYYY-MM"),
        ("2027-01", "not begun"),
        ("2017-06", "GST began"),
        ("0000-01", "GST began"),
    ],
)
def test_bad_months_are_refused(value, message):
    with pytest.raises(g.MonthError, match=message):
        g.parse_month(value, now=datetime(2026, 12, 31, 23, 0, tzinfo=IST))


def test_the_current_month_is_allowed_in_indian_time():
    # 18:45 UTC on 31 December is already January in India.
    now = datetime(2026, 12, 31, 18, 45, tzinfo=ZoneInfo("UTC"))
    assert g.parse_month("2027-01", now=now) == date(2027, 1, 1)
    assert g.parse_month(date(2017, 7, 19), now=now) == date(2017, 7, 1)


# --- The command


def test_the_command_prints_the_json(november, tmp_path):
    out = StringIO()
    call_command("gstr1", "--month", "2026-11", stdout=out)
    printed = json.loads(out.getvalue(), parse_float=Decimal)
    assert printed["fp"] == "112026" and printed == json.loads(g.dumps(g.gstr1("2026-11")), parse_float=Decimal)

    path = tmp_path / "gstr1.json"
    out = StringIO()
    call_command("gstr1", "--month", "2026-11", "--output", str(path), stdout=out)
    assert json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal) == printed
    assert str(path) in out.getvalue()


def test_the_command_refuses_a_bad_month(db):
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("gstr1", "--month", "November")


# --- The API


URL = "/api/staff/reports/gstr1/"


def test_an_admin_gets_the_month(november, shop_admin_client):
    response = shop_admin_client.get(URL, {"month": "2026-11"})
    assert response.status_code == 200, response.content
    assert response.json() == json.loads(g.dumps(g.gstr1("2026-11")))
    assert response.json()["b2b"][0]["inv"][0]["val"] == float(november["b2b"].total)
    assert response["Content-Disposition"] == 'attachment; filename="GSTR1-2026-11.json"'  # the console's download


def test_shop_staff_without_the_admin_role_get_403(db, staff_client):
    response = staff_client.get(URL, {"month": "2026-11"})
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
    assert client_for(customer()).get(URL, {"month": "2026-11"}).status_code == 403


def test_anonymous_is_refused(api_client, db):
    response = api_client.get(URL, {"month": "2026-11"})
    assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("params", [{}, {"month": "2026-13"}, {"month": "nov"}, {"month": "2099-01"}])
def test_a_bad_or_future_month_is_a_400_naming_month(db, clock, shop_admin_client, params):
    clock(2026, 12, 3, 10, 0)
    response = shop_admin_client.get(URL, params)
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid" and list(body["fields"]) == ["month"]
