"""GET /api/staff/reports/sales/ (and .../sales/csv/): sales over a chosen range by day, brand or variant. The figures
are checked against sums computed here from test_dashboard's month of orders (its fixtures, its expected sums)."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from conftest import client_for, refusal
from orders.models import OrderItem
from staff.tests import test_dashboard as month
from staff.tests.factories import customer
from staff.tests.test_dashboard import (
    IST,
    TODAY,
    Line,
    S,
    Spec,
    ago,
    build,
    expected_brands,
    expected_sales,
    in_window,
    ist,
)

pytestmark = pytest.mark.django_db

# test_dashboard's shop, month of orders and frozen today.
shop, orders, _today = month.shop, month.orders, month._today

URL = "/api/staff/reports/sales/"
CSV_URL = "/api/staff/reports/sales/csv/"
MONTH = {"from": ago(29).isoformat(), "to": TODAY.isoformat()}


@pytest.fixture
def skus(orders, shop):
    """The lines carry their variant's SKU and title, as checkout freezes them."""
    for variant in shop:
        OrderItem.objects.filter(variant=variant).update(
            sku=variant.sku, product_title=variant.product.title, variant_label="8 GB · 128 GB"
        )
    OrderItem.objects.filter(variant=None).update(sku="GONE-1", product_title="Old phone")
    return orders


def test_by_day_equals_the_orders_sums_to_the_paisa(staff_client, orders):
    specs, _ = orders
    body = staff_client.get(URL, {**MONTH, "by": "day"}).json()
    want = expected_sales(specs)
    assert body["since"] == MONTH["from"] and body["until"] == MONTH["to"] and body["by"] == "day"
    assert body["by_day"] == want["per_day"]
    assert body["by_day_totals"] == want["totals"]
    assert "by_brand" not in body and "by_variant" not in body


def test_a_shorter_range_holds_only_its_days(staff_client, orders):
    specs, _ = orders
    body = staff_client.get(URL, {"from": ago(2).isoformat(), "to": ago(1).isoformat()}).json()  # by=day: default
    assert [row["date"] for row in body["by_day"]] == [ago(2).isoformat(), ago(1).isoformat()]
    in_range = [s for s in specs if s.paid and ago(2) <= s.paid.astimezone(IST).date() <= ago(1)]
    assert body["by_day_totals"]["gross"] == f"{sum((s.total for s in in_range), Decimal('0')):.2f}"
    assert body["by_day_totals"]["orders"] == len(in_range) == 3


def test_by_brand_equals_the_lines_sums(staff_client, orders):
    specs, _ = orders
    body = staff_client.get(URL, {**MONTH, "by": "brand"}).json()
    want = expected_brands(specs)
    assert {row["brand"]: {"units": row["units"], "value": row["value"]} for row in body["by_brand"]} == want
    assert body["goods_totals"] == {
        "units": sum(r["units"] for r in want.values()),
        "value": f"{sum((Decimal(r['value']) for r in want.values()), Decimal('0')):.2f}",
    }


def test_by_variant_equals_the_lines_sums_best_first(staff_client, skus, shop):
    specs, _ = skus
    want: dict[str, dict] = {}
    for s in specs:
        if not in_window(s.paid) or s.status in (S.CANCELLED, S.REFUNDED):
            continue
        for line in s.lines:
            row = want.setdefault(line.variant.sku if line.variant else "GONE-1", {"units": 0, "value": Decimal("0")})
            row["units"] += line.quantity
            row["value"] += line.line_total - line.discount
    body = staff_client.get(URL, {**MONTH, "by": "variant"}).json()
    got = {row["sku"]: {"units": row["units"], "value": Decimal(row["value"])} for row in body["by_variant"]}
    assert got == want
    values = [Decimal(row["value"]) for row in body["by_variant"]]
    assert values == sorted(values, reverse=True)
    galaxy = next(row for row in body["by_variant"] if row["sku"] == shop[0].sku)
    assert galaxy["product_title"] == shop[0].product.title and galaxy["variant_label"] == "8 GB · 128 GB"


@pytest.mark.parametrize("by", ["day", "brand", "variant"])
def test_the_figures_are_sql_sums_a_fixed_number_of_queries(staff_client, orders, shop, by):
    """More orders, not more queries: no Python loop over orders (auth reads the session and permissions)."""
    with CaptureQueriesContext(connection) as before:
        staff_client.get(URL, {**MONTH, "by": by})
    galaxy, _ = shop
    for n in range(5):
        build(
            Spec("dev", S.DELIVERED, [Line(galaxy, 1, Decimal("100.00"))], ist(ago(n)), ist(ago(n), 13)), UserFactory()
        )
    with CaptureQueriesContext(connection) as after:
        staff_client.get(URL, {**MONTH, "by": by})
    assert len(after) == len(before)


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_csv_holds_the_same_rows(staff_client, skus):
    specs, _ = skus
    response = staff_client.get(CSV_URL, {**MONTH, "by": "day"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="sales-by-day-{MONTH["from"]}-to-{MONTH["to"]}.csv"'
    )
    rows = rows_of(response)
    assert rows[0] == ["Day (Asia/Kolkata)", "Orders", "Gross INR", "Refunds INR", "Net INR"]
    want = expected_sales(specs)["per_day"]
    assert rows[1:] == [[d["date"], str(d["orders"]), d["gross"], d["refunds"], d["net"]] for d in want]

    brands = rows_of(staff_client.get(CSV_URL, {**MONTH, "by": "brand"}))
    assert brands[0] == ["Brand", "Units", "Value INR"]
    assert {r[0]: (int(r[1]), r[2]) for r in brands[1:]} == {
        (b or ""): (v["units"], v["value"]) for b, v in expected_brands(specs).items()
    }


def test_a_csv_cell_is_never_a_formula(staff_client, skus, shop):
    galaxy, iphone = shop
    OrderItem.objects.filter(variant=galaxy).update(product_title='=HYPERLINK("http://evil","x")')
    OrderItem.objects.filter(variant=iphone).update(product_title="@SUM(A1)", variant_label="-2+3", sku="+91")
    rows = rows_of(staff_client.get(CSV_URL, {**MONTH, "by": "variant"}))
    titles = {r[1] for r in rows[1:]}
    assert '\'=HYPERLINK("http://evil","x")' in titles and "'@SUM(A1)" in titles
    iphone_row = next(r for r in rows[1:] if r[0] == "'+91")
    assert iphone_row[2] == "'-2+3"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ({}, {"from": ["This field is required."], "to": ["This field is required."]}),
        (
            {"from": "", "to": TODAY.isoformat()},
            {"from": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        (
            {"from": "2026-02-30", "to": TODAY.isoformat()},
            {"from": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        ({"from": ago(1).isoformat(), "to": ago(2).isoformat()}, {"from": ["The first day comes after the last."]}),
        ({"from": ago(366).isoformat(), "to": TODAY.isoformat()}, {"to": ["A report covers at most 366 days."]}),
        (
            {"from": TODAY.isoformat(), "to": (TODAY + timedelta(days=1)).isoformat()},
            {"to": ["A report ends today at the latest."]},
        ),
        ({"from": "9999-12-31", "to": "9999-12-31"}, {"to": ["A report ends today at the latest."]}),
        ({**MONTH, "by": "week"}, {"by": ['"week" is not a valid choice.']}),
        ({**MONTH, "days": "3"}, {"days": ["Unknown field."]}),
    ],
)
@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_a_bad_range_is_a_400_naming_the_field(staff_client, query, fields, url):
    assert refusal(staff_client.get(url, query), 400)["fields"] == fields


def test_a_full_year_is_allowed(staff_client):
    body = staff_client.get(URL, {"from": ago(365).isoformat(), "to": TODAY.isoformat()}).json()
    assert len(body["by_day"]) == 366


@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_staff_and_admin_only(api_client, url):
    assert api_client.get(url, MONTH).status_code == 401
    assert client_for(customer()).get(url, MONTH).status_code == 403
