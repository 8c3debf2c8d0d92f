"""POST /api/staff/orders/{id}/units/ (record the IMEIs of a paid order's units) and GET /api/staff/units/?imei=
(look a unit sold up): answers, refusals, permissions, audit rows."""

from datetime import datetime

import pytest
from django.utils import timezone

from audit.models import AuditLog
from conftest import client_for, refusal
from orders.imei import generate_imei
from orders.models import Imei, Order, OrderStatus, OrderUnit
from orders.tests.fixtures import add_to_cart, checkout
from staff.tests.factories import customer, shop_admin, staff_member

pytestmark = pytest.mark.django_db

A, B, C = (generate_imei(seed) for seed in (201, 202, 203))
CLASSIC = "490154203237518"


@pytest.fixture(autouse=True)
def packing_settings(settings, dev_gateway):
    settings.SHIPROCKET_EMAIL = settings.SHIPROCKET_PASSWORD = ""
    settings.SHIPPING_AUTO_CREATE = True
    settings.DEMO_AUTO_IMEI = False


@pytest.fixture
def member():
    return staff_member(email="packer@phonestore.example")


@pytest.fixture
def staff(member):
    return client_for(member)


@pytest.fixture
def buy(auth_client, django_capture_on_commit_callbacks):
    def buy(*lines, pay=True):
        for variant, quantity in lines:
            assert add_to_cart(auth_client, variant, quantity).status_code == 201
        order_id = checkout(auth_client).json()["id"]
        if pay:
            with django_capture_on_commit_callbacks(execute=True):
                response = auth_client.post("/api/payments/dev/confirm/", {"order_id": order_id}, format="json")
            assert response.status_code == 200, response.content
        return Order.objects.get(pk=order_id)

    return buy


@pytest.fixture
def record(staff, django_capture_on_commit_callbacks):
    def record(order, lines, client=None):
        with django_capture_on_commit_callbacks(execute=True):
            return (client or staff).post(f"/api/staff/orders/{order.pk}/units/", {"items": lines}, format="json")

    return record


def body(order, *units):
    """One line: the order's phone line, its units' IMEIs."""
    return [{"item_id": order.items.get(imei_required=True).pk, "units": [{"imeis": list(u)} for u in units]}]


def test_recording_the_units_books_and_packs_the_order(buy, phone, staff, member, record):
    order = buy((phone, 2))
    before = staff.get(f"/api/staff/orders/{order.pk}/").json()
    assert (before["status"], before["units_missing"], before["awaiting_imei"]) == ("PAID", 2, True)
    line = before["items"][0]
    assert (line["imei_required"], line["hsn_code"], line["units"], line["imeis"]) == (True, "85171300", [], [])
    packing = staff.post(f"/api/staff/orders/{order.pk}/transition/", {"to": "PACKED"}, format="json")
    assert refusal(packing, 409) == {
        "code": "imei_required",
        "message": "Record the IMEIs of 2 more unit(s) before packing this order.",
        "fields": {},
    }
    assert refusal(staff.post(f"/api/staff/orders/{order.pk}/shipment/", format="json"), 409)["code"] == (
        "imei_required"
    )

    response = record(order, body(order, [A, "49-015420-323751-8"], [B]))
    assert response.status_code == 200, response.content
    # the answer is the order as recorded; the booking runs once the recording commits (here: after the answer)
    assert (response.json()["status"], response.json()["units_missing"], response.json()["awaiting_imei"]) == (
        "PAID",
        0,
        False,
    )
    answer = staff.get(f"/api/staff/orders/{order.pk}/").json()
    assert answer["status"] == "PACKED"
    units = answer["items"][0]["units"]
    assert [(u["imeis"], u["recorded_by"], u["returned_at"]) for u in units] == [
        ([A, CLASSIC], "packer@phonestore.example", None),
        ([B], "packer@phonestore.example", None),
    ]
    assert all(u["id"] and u["recorded_at"] for u in units)
    assert answer["items"][0]["imeis"] == [A, CLASSIC, B]
    assert answer["history"][-1]["to_status"] == "PACKED"

    row = AuditLog.objects.get(action="imei_recorded")
    assert (row.actor_id, row.source, row.object_id) == (member.pk, "api", str(order.pk))
    assert row.new_values["items"][0]["units"] == [[A, CLASSIC], [B]] and row.new_values["units_missing"] == 0
    # the booking the recording enqueued: packed by the booking task, audited as such
    packed = AuditLog.objects.get(action="order_transition", new_values__status="PACKED")
    assert packed.actor_label == "system:create_shipment"


def test_wrong_counts_and_shapes_are_400_naming_the_field(buy, phone, staff, record):
    order = buy((phone, 2))
    assert refusal(record(order, body(order, [A])), 400) == {
        "code": "invalid",
        "message": "Some fields are not valid.",
        "fields": {"items.0.units": [f"This line has 2 unit(s) of {phone.sku}: give exactly 2, not 1."]},
    }
    response = record(order, body(order, [A, B, C], [CLASSIC]))
    assert refusal(response, 400)["fields"] == {
        "items.0.units.0.imeis": ["Ensure this field has no more than 2 elements."]
    }
    response = record(order, body(order, [], [CLASSIC]))
    assert refusal(response, 400)["fields"] == {"items.0.units.0.imeis": ["Ensure this field has at least 1 elements."]}
    assert refusal(record(order, []), 400)["fields"] == {"items": ["Ensure this field has at least 1 elements."]}
    response = staff.post(f"/api/staff/orders/{order.pk}/units/", {"lines": []}, format="json")
    assert refusal(response, 400)["fields"] == {"items": ["This field is required."], "lines": ["Unknown field."]}
    response = record(order, [{"item_id": order.items.get().pk, "units": [{"imeis": [490154203237518]}] * 2}])
    assert refusal(response, 400)["fields"] == {
        "items.0.units.0.imeis.0": ["Not a valid string."],
        "items.0.units.1.imeis.0": ["Not a valid string."],
    }
    assert not OrderUnit.objects.exists()


def test_an_invalid_imei_is_400_naming_the_field(buy, phone, record):
    order = buy((phone, 2))
    assert refusal(record(order, body(order, [A], [B, "490154203237517"])), 400) == {
        "code": "invalid_imei",
        "message": "Not a valid IMEI.",
        "fields": {
            "items.0.units.1.imeis.1": [
                "This is not a valid IMEI: its check digit (the last) does not match. Check for a typo."
            ]
        },
    }
    assert refusal(record(order, body(order, [A], ["12345678901234"])), 400)["fields"] == {
        "items.0.units.1.imeis.0": ["An IMEI has 15 digits; this has 14."]
    }
    assert not OrderUnit.objects.exists() and not AuditLog.objects.filter(action="imei_recorded").exists()


def test_duplicates_are_400_naming_the_field(buy, phone, record):
    first = buy((phone, 1))
    assert record(first, body(first, [A, B])).status_code == 200
    second = buy((phone, 2))
    assert refusal(record(second, body(second, [C], [C])), 400) == {
        "code": "duplicate_imei",
        "message": "The same IMEI is given twice.",
        "fields": {"items.0.units.1.imeis.0": [f"IMEI {C} is given twice (also at items.0.units.0.imeis.0)."]},
    }
    assert refusal(record(second, body(second, [C], [B])), 400) == {
        "code": "duplicate_imei",
        "message": "An IMEI is already recorded on a unit sold.",
        "fields": {
            "items.0.units.1.imeis.0": [
                f"IMEI {B} is already recorded on order {first.number} (a unit sold and not returned)."
            ]
        },
    }
    assert not OrderUnit.objects.filter(item__order=second).exists()


def test_a_returned_units_imei_may_be_recorded_again(buy, phone, record):
    first = buy((phone, 1))
    assert record(first, body(first, [A])).status_code == 200
    OrderUnit.objects.filter(item__order=first).update(returned_at=timezone.now())
    Imei.objects.filter(unit__item__order=first).update(in_circulation=False)
    second = buy((phone, 1))
    assert record(second, body(second, [A])).status_code == 200


def test_after_packing_the_units_are_not_editable(buy, phone, record):
    order = buy((phone, 1))
    assert record(order, body(order, [A])).status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.PACKED
    assert refusal(record(order, body(order, [B])), 409) == {
        "code": "units_not_editable",
        "message": "IMEIs are recorded once the order is paid (or its cash on delivery confirmed) and before it is "
        "packed; this order is PACKED.",
        "fields": {},
    }
    unpaid = buy((phone, 1), pay=False)
    assert refusal(record(unpaid, body(unpaid, [B])), 409)["code"] == "units_not_editable"


def test_accessory_orders_are_packed_without_units(buy, make_variant, staff):
    order = buy((make_variant(imei_required=False), 1))
    answer = staff.get(f"/api/staff/orders/{order.pk}/").json()
    assert (answer["status"], answer["units_missing"], answer["awaiting_imei"]) == ("PACKED", 0, False)
    assert answer["items"][0]["imei_required"] is False and answer["items"][0]["units"] == []


def test_the_staff_order_list_says_which_orders_wait_for_imeis(buy, phone, make_variant, staff):
    waiting = buy((phone, 1))
    buy((make_variant(imei_required=False), 1))
    answers = {o["id"]: o for o in staff.get("/api/staff/orders/").json()["results"]}
    assert {pk: (o["awaiting_imei"], o["units_missing"]) for pk, o in answers.items()} == {
        waiting.pk: (True, 1),
        waiting.pk + 1: (False, 0),
    }


def test_only_staff_who_may_change_orders_record_units(buy, phone, record, auth_client, api_client):
    order = buy((phone, 1))
    lines = body(order, [A])
    assert refusal(record(order, lines, client=auth_client), 403)["code"] == "permission_denied"  # the buyer
    assert refusal(record(order, lines, client=client_for(customer())), 403)["code"] == "permission_denied"
    assert refusal(record(order, lines, client=api_client), 401)["code"] == "not_authenticated"
    assert refusal(record(Order(pk=999999), lines), 404) == {
        "code": "not_found",
        "message": "No such order.",
        "fields": {},
    }
    assert not OrderUnit.objects.exists()
    assert record(order, lines, client=client_for(shop_admin())).status_code == 200


def test_looking_a_unit_up_by_imei(buy, phone, staff, record, user):
    user.full_name = "Ravi Kumar"
    user.save(update_fields=["full_name"])
    order = buy((phone, 2))
    assert record(order, body(order, [A, B], [C])).status_code == 200
    order.refresh_from_db()
    response = staff.get("/api/staff/units/", {"imei": f"{B[:2]}-{B[2:8]}-{B[8:14]}-{B[14]}"})
    assert response.status_code == 200, response.content
    found = response.json()
    unit = OrderUnit.objects.get(imeis__number=B)
    packed_at = order.transitions.get(to_status="PACKED").created_at
    invoice = order.tax_documents.get(kind="invoice")
    assert found == {
        "id": unit.pk,
        "imeis": [A, B],
        "in_circulation": True,
        "product_title": "Galaxy M35",
        "variant_label": found["variant_label"],
        "sku": phone.sku,
        "hsn_code": "85171300",
        "recorded_at": found["recorded_at"],
        "recorded_by": "packer@phonestore.example",
        "returned_at": None,
        "order": {
            "id": order.pk,
            "number": order.number,
            "status": "PACKED",
            "created_at": found["order"]["created_at"],
            "paid_at": found["order"]["paid_at"],
            "packed_at": found["order"]["packed_at"],
            "shipped_at": None,
            "delivered_at": None,
            "invoice_number": invoice.number,  # packed with its IMEIs: invoiced
        },
        "buyer": {"name": "Ravi Kumar", "email": user.email, "phone": "9123456780"},
    }
    assert datetime.fromisoformat(found["order"]["paid_at"]) == order.paid_at
    assert datetime.fromisoformat(found["order"]["packed_at"]) == packed_at
    assert datetime.fromisoformat(found["recorded_at"]) == unit.recorded_at
    assert staff.get("/api/staff/units/", {"imei": C}).json()["imeis"] == [C]


def test_unit_lookup_refusals(staff, api_client, auth_client):
    assert refusal(staff.get("/api/staff/units/", {"imei": CLASSIC}), 404) == {
        "code": "not_found",
        "message": "No unit sold carries this IMEI.",
        "fields": {},
    }
    assert refusal(staff.get("/api/staff/units/", {"imei": "490154203237519"}), 400) == {
        "code": "invalid_imei",
        "message": "This is not a valid IMEI: its check digit (the last) does not match. Check for a typo.",
        "fields": {"imei": ["This is not a valid IMEI: its check digit (the last) does not match. Check for a typo."]},
    }
    assert refusal(staff.get("/api/staff/units/"), 400)["fields"] == {"imei": ["This field is required."]}
    assert refusal(staff.get("/api/staff/units/", {"imei": "1" * 40}), 400)["code"] == "invalid"
    assert refusal(auth_client.get("/api/staff/units/", {"imei": CLASSIC}), 403)["code"] == "permission_denied"
    assert refusal(api_client.get("/api/staff/units/", {"imei": CLASSIC}), 401)["code"] == "not_authenticated"


def test_the_lookup_names_the_invoice_when_the_invoicing_app_has_one(buy, phone, staff, record, monkeypatch):
    """The invoicing app is another engineer's branch: here a stand-in for its TaxDocument model."""
    from staff import selectors

    order = buy((phone, 1))
    assert record(order, body(order, [A])).status_code == 200
    asked = []

    class Documents:
        def filter(self, **kwargs):
            asked.append(kwargs)
            return self

        def order_by(self, *fields):
            return self

        def values_list(self, *fields, flat=False):
            return self

        def first(self):
            return "INV/2026-27/000042"

    class TaxDocument:
        _default_manager = Documents()

    monkeypatch.setattr(selectors, "tax_document_model", lambda: TaxDocument)
    found = staff.get("/api/staff/units/", {"imei": A}).json()
    assert found["order"]["invoice_number"] == "INV/2026-27/000042"
    assert asked == [{"order": order, "kind": "invoice"}]


def test_a_returned_unit_is_found_as_returned(buy, phone, staff, record):
    order = buy((phone, 1))
    assert record(order, body(order, [A])).status_code == 200
    OrderUnit.objects.filter(item__order=order).update(returned_at=timezone.now())
    Imei.objects.filter(unit__item__order=order).update(in_circulation=False)
    found = staff.get("/api/staff/units/", {"imei": A}).json()
    assert found["in_circulation"] is False and found["returned_at"] and found["order"]["id"] == order.pk
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PACKED
