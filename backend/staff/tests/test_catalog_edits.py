"""Stock and prices in the staff console: one edit with optimistic concurrency, bulk edits, CSV export and import.
Every path goes through staff.variant_edits.apply_edits: the same rules, audit rows and one catalog announcement."""

import csv
import io
import threading
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from audit.models import AuditLog
from catalog.services import adjust_stock, availability_changed
from catalog.tests.factories import ProductFactory, VariantFactory
from conftest import client_for
from staff import catalog_csv, variant_edits
from staff.tests.factories import staff_member

pytestmark = pytest.mark.django_db

BULK = "/api/staff/variants/bulk/"
EXPORT, IMPORT = "/api/staff/catalog/export/", "/api/staff/catalog/import/"


@pytest.fixture
def variant():
    return VariantFactory(price=Decimal("19999.00"), mrp=Decimal("24999.00"), stock=10)


@pytest.fixture
def three():
    product = ProductFactory(title="Galaxy Test")
    return [
        VariantFactory(product=product, ram_gb=ram, price=Decimal(price), mrp=Decimal("30000.00"), stock=5)
        for ram, price in ((4, "10000.00"), (6, "20000.00"), (8, "29000.00"))
    ]


def url(variant):
    return f"/api/staff/variants/{variant.pk}/"


def values(variant):
    variant.refresh_from_db()
    return (variant.price, variant.mrp, variant.stock, variant.version)


@pytest.fixture
def announced():
    """Every availability_changed sent (the bulk path's one announcement per batch)."""
    sent = []

    def receiver(sender, variant_ids, **kwargs):
        sent.append(sorted(variant_ids))

    availability_changed.connect(receiver, dispatch_uid="test-announced")
    yield sent
    availability_changed.disconnect(dispatch_uid="test-announced")


# --- one edit: version, conflict, rules


def test_an_edit_bumps_the_version_and_returns_it(staff_client, variant):
    response = staff_client.patch(url(variant), {"price": "18999.00", "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2 and response.json()["price"] == "18999.00"
    again = staff_client.patch(url(variant), {"stock": 3, "version": 2}, format="json")
    assert again.json()["version"] == 3


def test_a_stale_version_is_a_409_with_the_current_row_and_changes_nothing(staff_client, variant):
    assert staff_client.patch(url(variant), {"price": "18999.00", "version": 1}, format="json").status_code == 200
    stale = staff_client.patch(url(variant), {"price": "17999.00", "version": 1}, format="json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["error"]["code"] == "stale_version" and "version" in body["error"]["fields"]
    assert body["current"]["price"] == "18999.00" and body["current"]["version"] == 2
    assert values(variant) == (Decimal("18999.00"), Decimal("24999.00"), 10, 2)
    assert AuditLog.objects.filter(action="price_change").count() == 1


def test_an_edit_that_changes_nothing_is_no_conflict(staff_client, variant):
    variant_edits.apply_edits([variant_edits.Edit(variant.pk, 1, {"stock": 9})], actor=staff_member())
    response = staff_client.patch(url(variant), {"stock": 9, "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2


def test_an_order_moving_stock_makes_an_older_edit_stale(staff_client, variant):
    adjust_stock({variant.pk: -1})
    response = staff_client.patch(url(variant), {"stock": 50, "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["current"]["stock"] == 9  # the order's unit is not overwritten


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL")
def test_two_people_editing_the_same_version_at_once_one_wins():
    variant = VariantFactory(price=Decimal("19999.00"), mrp=Decimal("24999.00"), stock=10)
    people = [staff_member(), staff_member()]
    barrier, results = threading.Barrier(2), []

    def edit(person, price):
        try:
            barrier.wait()
            variant_edits.update_variant(variant.pk, 1, actor=person, price=Decimal(price))
            results.append("saved")
        except variant_edits.StaleVersion:
            results.append("stale")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=edit, args=(p, price)) for p, price in zip(people, ["18000", "17000"], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["saved", "stale"]
    variant.refresh_from_db()
    assert variant.version == 2 and variant.price in (Decimal("18000"), Decimal("17000"))
    assert AuditLog.objects.filter(action="price_change").count() == 1


def test_version_is_required_and_cannot_be_set(staff_client, variant):
    missing = staff_client.patch(url(variant), {"price": "100.00"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()["error"]["fields"]
    wrong_type = staff_client.patch(url(variant), {"price": "100.00", "version": "1"}, format="json")
    assert wrong_type.status_code == 400


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"price": Decimal("25000.00")}, "price"),  # above the MRP
        ({"mrp": Decimal("19000.00")}, "mrp"),  # below the price
        ({"price": Decimal("0")}, "price"),
        ({"price": Decimal("-1")}, "price"),
        ({"price": Decimal("0.99")}, "price"),
        ({"price": "12.345"}, "price"),  # more than 2 decimal places
        ({"price": "NaN"}, "price"),
        ({"price": "abc"}, "price"),
        ({"mrp": Decimal("10000000.00")}, "mrp"),  # huge
        ({"price": "1e400"}, "price"),
        ({"mrp": "-1e400"}, "mrp"),
        ({"stock": -1}, "stock"),
        ({"stock": variant_edits.MAX_STOCK + 1}, "stock"),
        ({"stock": "3"}, "stock"),
        ({"stock": True}, "stock"),
    ],
)
def test_each_rule_refuses_in_the_service(variant, change, field):
    with pytest.raises(variant_edits.EditsRefused) as refused:
        variant_edits.apply_edits([variant_edits.Edit(variant.pk, 1, change)], actor=staff_member())
    assert field in refused.value.outcomes[0].errors
    assert f"variants.{variant.pk}.{field}" in refused.value.fields
    assert values(variant) == (Decimal("19999.00"), Decimal("24999.00"), 10, 1)
    assert not AuditLog.objects.exists()


def test_price_and_mrp_may_move_together_past_the_old_mrp(staff_client, variant):
    response = staff_client.patch(url(variant), {"price": "26000", "mrp": "27000", "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["price"], response.json()["mrp"]) == ("26000.00", "27000.00")


def test_the_listing_shows_an_edited_price_at_once(api_client, staff_client, variant):
    slug = variant.product.slug
    before = api_client.get("/api/products/", {"q": variant.product.title})  # now in the catalog's caches
    assert any(row["slug"] == slug and row["price"] == "19999.00" for row in before.json()["results"])
    assert staff_client.patch(url(variant), {"price": "15999.00", "version": 1}, format="json").status_code == 200
    listing = api_client.get("/api/products/", {"q": variant.product.title})
    assert [row["price"] for row in listing.json()["results"] if row["slug"] == slug] == ["15999.00"]
    assert api_client.get(f"/api/products/{slug}/").json()["variants"][0]["price"] == "15999.00"


# --- the list: search, filters, sort


def test_the_list_searches_brand_filters_and_sorts(staff_client, three):
    brand = three[0].product.brand
    rows = staff_client.get("/api/staff/variants/", {"brand": brand.slug, "sort": "-price"}).json()["results"]
    assert [row["price"] for row in rows] == ["29000.00", "20000.00", "10000.00"]
    assert rows[0]["brand"] == brand.name and rows[0]["sellable"] is True and rows[0]["version"] == 1
    by_name = staff_client.get("/api/staff/variants/", {"q": brand.name[:6]}).json()["results"]
    assert {row["id"] for row in by_name} >= {v.pk for v in three}
    assert staff_client.get("/api/staff/variants/", {"sort": "colour"}).status_code == 400
    adjust_stock({three[1].pk: -5})
    out = staff_client.get("/api/staff/variants/", {"stock_max": 0, "brand": brand.slug}).json()["results"]
    assert [row["id"] for row in out] == [three[1].pk]


# --- bulk


def refs(variants):
    return [{"id": v.pk, "version": v.version} for v in variants]


def test_bulk_set_stock_is_audited_and_announced_once(staff_client, three, announced):
    response = staff_client.post(BULK, {"variants": refs(three), "operation": "set_stock", "stock": 7}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["changed"] == 3
    assert [(row["stock"], row["version"]) for row in response.json()["variants"]] == [(7, 2)] * 3
    assert AuditLog.objects.filter(action="stock_change").count() == 3
    batch = AuditLog.objects.get(action="variant_bulk_edit")
    assert batch.new_values["operation"] == "set_stock" and batch.new_values["changed"] == 3
    assert announced == [sorted(v.pk for v in three)]


def test_bulk_price_percent_rounds_half_up_to_the_paisa(staff_client, three):
    three[0].price = Decimal("999.95")
    three[0].save()
    three[0].refresh_from_db()
    body = {"variants": refs(three[:2]), "operation": "price_percent", "percent": "-10"}
    response = staff_client.post(BULK, body, format="json")
    assert response.status_code == 200, response.content
    assert [row["price"] for row in response.json()["variants"]] == ["899.96", "18000.00"]  # 899.955 -> 899.96


def test_bulk_is_all_or_nothing_naming_each_refused_row(staff_client, three, announced):
    body = {"variants": refs(three), "operation": "price_percent", "percent": "5"}  # 29000 * 1.05 > MRP 30000
    response = staff_client.post(BULK, body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "price_above_mrp" and list(error["fields"]) == [f"variants.{three[2].pk}.price"]
    assert [values(v)[0] for v in three] == [Decimal("10000.00"), Decimal("20000.00"), Decimal("29000.00")]
    assert not AuditLog.objects.exists() and announced == []


def test_bulk_with_a_stale_row_is_a_409_and_changes_nothing(staff_client, three):
    adjust_stock({three[1].pk: -1})
    response = staff_client.post(BULK, {"variants": refs(three), "operation": "set_stock", "stock": 9}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["fields"] == {f"variants.{three[1].pk}.version": [variant_edits.STALE]}
    assert [values(v)[2] for v in three] == [5, 4, 5]


@pytest.mark.parametrize(
    "body",
    [
        {"variants": [], "operation": "set_stock", "stock": 1},
        {"variants": [{"id": 1, "version": 1}] * 501, "operation": "set_stock", "stock": 1},
        {"variants": [{"id": 1, "version": 1}], "operation": "set_stock"},
        {"variants": [{"id": 1, "version": 1}], "operation": "set_stock", "stock": 1, "percent": "5"},
        {"variants": [{"id": 1, "version": 1}], "operation": "price_percent", "percent": "-95"},
        {"variants": [{"id": 1, "version": 1}], "operation": "price_percent", "percent": "1.005"},
        {"variants": [{"id": 1, "version": 1}], "operation": "delete"},
        {"variants": [{"id": 1, "version": 1, "price": "1"}], "operation": "set_stock", "stock": 1},
        {"variants": [{"id": "1", "version": 1}], "operation": "set_stock", "stock": 1},
    ],
)
def test_bulk_bodies_are_strict(staff_client, body):
    assert staff_client.post(BULK, body, format="json").status_code == 400


def test_bulk_unknown_variants_are_404_and_a_repeat_refused(staff_client, three):
    assert (
        staff_client.post(
            BULK, {"variants": [{"id": 99999, "version": 1}], "operation": "set_stock", "stock": 1}, format="json"
        ).status_code
        == 404
    )
    twice = {"variants": refs([three[0], three[0]]), "operation": "set_stock", "stock": 1}
    assert staff_client.post(BULK, twice, format="json").status_code == 400


def test_customers_cannot_bulk_edit_or_import(three):
    from staff.tests.factories import customer

    client = client_for(customer())
    assert (
        client.post(BULK, {"variants": refs(three), "operation": "set_stock", "stock": 1}, format="json").status_code
        == 403
    )
    assert client.get(EXPORT, HTTP_ACCEPT="text/csv").status_code == 403
    assert client.post(IMPORT, {"file": upload("id\n")}, format="multipart").status_code == 403


@given(
    paise=st.integers(min_value=100, max_value=999_999_999),
    hundredths=st.integers(min_value=-9000, max_value=10000),
)
def test_a_percent_change_is_the_exact_amount_rounded_half_up(paise, hundredths):
    price, percent = Decimal(paise) / 100, Decimal(hundredths) / 100
    numerator, denominator = paise * (10000 + hundredths), 10000
    expected = (2 * numerator + denominator) // (2 * denominator)  # half up, in whole paise (never negative)
    assert variant_edits.percent_of(price, percent) == Decimal(expected) / 100


# --- CSV export and import


def upload(text, name="catalog.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def exported(client):
    response = client.get(EXPORT, HTTP_ACCEPT="text/csv, application/json")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="catalog-')
    return response.content.decode()


def edited(text, changes):
    """The CSV with {id: {column: value}} applied."""
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        row.update(changes.get(int(row["id"]), {}))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def post_import(client, text, dry_run):
    return client.post(IMPORT, {"file": upload(text), "dry_run": "true" if dry_run else "false"}, format="multipart")


def test_export_has_every_variant_with_its_version(staff_client, three):
    rows = list(csv.DictReader(io.StringIO(exported(staff_client))))
    assert list(rows[0]) == list(catalog_csv.COLUMNS)
    assert [(row["sku"], row["price"], row["stock"], row["version"]) for row in rows] == [
        (v.sku, f"{v.price:.2f}", "5", "1") for v in three
    ]
    assert rows[0]["phone"] == "Galaxy Test" and "GB RAM" in rows[0]["variant"]


def test_export_then_import_changes_nothing(staff_client, three, announced):
    text = exported(staff_client)
    for dry_run in (True, False):
        report = post_import(staff_client, text, dry_run)
        assert report.status_code == 200, report.content
        assert report.json() == {"dry_run": dry_run, "rows": 3, "changed": 0, "changes": [], "refused": []}
    assert [values(v)[3] for v in three] == [1, 1, 1]
    assert not AuditLog.objects.exclude(action="catalog_import").exists() and announced == []


def test_a_dry_run_reports_each_change_and_writes_nothing(staff_client, three, announced):
    text = edited(exported(staff_client), {three[0].pk: {"price": "9500.00", "stock": "12"}})
    report = post_import(staff_client, text, dry_run=True)
    assert report.status_code == 200, report.content
    assert report.json()["changes"] == [
        {
            "line": 2,
            "id": three[0].pk,
            "sku": three[0].sku,
            "diff": {"price": {"old": "10000.00", "new": "9500.00"}, "stock": {"old": "5", "new": "12"}},
        }
    ]
    assert values(three[0]) == (Decimal("10000.00"), Decimal("30000.00"), 5, 1)
    assert not AuditLog.objects.exists() and announced == []


def test_an_import_writes_all_audited_once_and_announced_once(staff_client, api_client, three, announced):
    api_client.get("/api/products/")  # cached now
    changes = {three[0].pk: {"price": "9500.00"}, three[1].pk: {"stock": "0"}}
    report = post_import(staff_client, edited(exported(staff_client), changes), dry_run=False)
    assert report.status_code == 200, report.content
    assert report.json()["changed"] == 2
    assert values(three[0])[0::3] == (Decimal("9500.00"), 2) and values(three[1])[2:] == (0, 2)
    assert values(three[2])[3] == 1
    entry = AuditLog.objects.get(action="catalog_import")
    assert entry.new_values == {"file": "catalog.csv", "rows": 3, "changed": 2}
    assert AuditLog.objects.filter(action__in=["price_change", "stock_change"]).count() == 2
    assert announced == [sorted([three[0].pk, three[1].pk])]
    listing = api_client.get("/api/products/", {"q": "Galaxy Test"}).json()["results"]
    assert [row["price"] for row in listing] == ["9500.00"]


def test_one_bad_row_refuses_the_whole_import(staff_client, three):
    changes = {
        three[0].pk: {"price": "9500.00"},
        three[1].pk: {"price": "31000.00"},  # above the MRP
        three[2].pk: {"stock": "-3"},
    }
    text = edited(exported(staff_client), changes)
    dry = post_import(staff_client, text, dry_run=True).json()
    assert [(row["line"], sorted(row["reasons"])) for row in dry["refused"]] == [(3, ["price"]), (4, ["stock"])]
    response = post_import(staff_client, text, dry_run=False)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "import_invalid" and sorted(error["fields"]) == ["rows.3.price", "rows.4.stock"]
    assert [values(v)[0::3] for v in three] == [
        (Decimal("10000.00"), 1),
        (Decimal("20000.00"), 1),
        (Decimal("29000.00"), 1),
    ]
    assert not AuditLog.objects.exists()


def test_an_import_from_an_old_export_is_refused_for_the_rows_changed_since(staff_client, three):
    text = edited(exported(staff_client), {three[0].pk: {"stock": "40"}})
    adjust_stock({three[0].pk: -1})
    response = post_import(staff_client, text, dry_run=False)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"rows.2.version": [variant_edits.STALE]}
    assert values(three[0])[2] == 4


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("", "file"),
        ("id,price\n1,100\n", "file"),  # columns missing
        ("id,sku,version,price,mrp,stock\n", "file"),  # no rows
    ],
)
def test_unreadable_files_are_refused(staff_client, text, field):
    response = post_import(staff_client, text, dry_run=True)
    assert response.status_code == 400
    assert (
        response.json()["error"]["code"] in ("import_invalid", "invalid")
        and field in response.json()["error"]["fields"]
    )


def test_rows_naming_the_wrong_sku_or_no_id_are_refused(staff_client, three):
    text = edited(exported(staff_client), {three[0].pk: {"sku": "SOMETHING-ELSE"}, three[1].pk: {"version": "x"}})
    text += '"1,1,100,100,1\n'  # a broken quote: one cell holding the rest of the file
    refused = post_import(staff_client, text, dry_run=True).json()["refused"]
    assert [(row["line"], list(row["reasons"])) for row in refused] == [
        (2, ["sku"]),
        (3, ["version"]),
        (5, ["id", "version"]),
    ]


def test_too_many_rows_and_non_utf8_are_refused(staff_client, settings, three):
    settings.DEBUG = False
    header = "id,version,price,mrp,stock\n"
    many = header + "".join(f"{i},1,100,100,1\n" for i in range(1, catalog_csv.MAX_IMPORT_ROWS + 2))
    assert post_import(staff_client, many, dry_run=True).status_code == 400
    response = staff_client.post(IMPORT, {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00")}, format="multipart")
    assert response.status_code == 400
