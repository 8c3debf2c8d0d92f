"""A phone is packed only with the IMEI of every unit recorded (orders/units.py, the gate in transition()),
and the automatic booking waits for them; accessories need none."""

import random

import pytest
from django.db import transaction
from django.utils import timezone

from audit.models import AuditLog
from core.errors import ApplicationError
from orders.imei import generate_imei
from orders.models import Imei, Order, OrderStatus, OrderUnit
from orders.selectors import awaiting_units, missing_units, unit_by_imei, units_complete
from orders.services import staff_transition
from orders.tests.fixtures import add_to_cart, checkout, record_imeis
from orders.units import fill_demo_units, record_units
from staff.tests.factories import staff_member

pytestmark = pytest.mark.django_db

A, B, C, D = (generate_imei(seed) for seed in (101, 102, 103, 104))


@pytest.fixture(autouse=True)
def packing_settings(settings, dev_gateway):
    """Paying books at once on the mock carrier; nobody fills IMEIs in for staff."""
    settings.SHIPROCKET_EMAIL = settings.SHIPROCKET_PASSWORD = ""
    settings.SHIPPING_AUTO_CREATE = True
    settings.DEMO_AUTO_IMEI = False
    return settings


@pytest.fixture
def member():
    return staff_member(email="packer@phonestore.example")


@pytest.fixture
def buy(auth_client, django_capture_on_commit_callbacks):
    """Place an order of [(variant, quantity)] and pay it with the dev gateway, running what the payment
    enqueues (the booking) as the embedded mode does."""

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


def refused(call):
    with pytest.raises(ApplicationError) as caught:
        call()
    return caught.value.code, caught.value.message, caught.value.fields


def imeis_of(order):
    return [
        [imei.number for imei in unit.imeis.order_by("slot")]
        for unit in OrderUnit.objects.filter(item__order=order).order_by("item_id", "pk")
    ]


def test_a_paid_phone_waits_for_its_imeis_then_is_booked_and_packed(buy, phone, member, commit):
    from shipping.models import Shipment

    order = buy((phone, 2))
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID  # the booking ran and waited: nothing asked of the carrier
    shipment = Shipment.objects.get(order=order)
    assert (shipment.status, shipment.awb, shipment.attempts) == ("PENDING", "", 0)
    assert missing_units(order) == 2 and not units_complete(order)
    assert list(Order.objects.filter(awaiting_units())) == [order]

    item = order.items.get()
    with commit():
        record_units(order.pk, [(item.pk, [[A, B], [" 49-015420-323751-8 "]])], actor=member, source="api")

    order.refresh_from_db()
    assert order.status == OrderStatus.PACKED  # recording the last IMEI enqueued the booking
    shipment.refresh_from_db()
    assert shipment.status == "AWB_ASSIGNED" and shipment.awb
    assert imeis_of(order) == [[A, B], ["490154203237518"]]
    units = list(OrderUnit.objects.filter(item=item))
    assert {(u.recorded_by, u.returned_at) for u in units} == {(member, None)}
    assert [i.slot for i in Imei.objects.filter(unit=units[0])] == [1, 2]
    assert missing_units(order) == 0 and not Order.objects.filter(awaiting_units()).exists()

    row = AuditLog.objects.get(action="imei_recorded")
    assert (row.actor_id, row.object_type, row.object_id, row.source) == (
        member.pk,
        "orders.order",
        str(order.pk),
        "api",
    )
    assert row.old_values == {"items": [{"item_id": item.pk, "sku": phone.sku, "units": []}]}
    assert row.new_values == {
        "items": [{"item_id": item.pk, "sku": phone.sku, "units": [[A, B], ["490154203237518"]]}],
        "units_missing": 0,
    }


def test_packing_by_hand_is_refused_without_the_imeis(buy, phone, member, settings):
    settings.SHIPPING_AUTO_CREATE = False
    order = buy((phone, 1))
    assert refused(lambda: staff_transition(order.pk, OrderStatus.PACKED, actor=member)) == (
        "imei_required",
        "Record the IMEIs of 1 more unit(s) before packing this order.",
        {},
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    record_imeis(order, actor=member)
    assert staff_transition(order.pk, OrderStatus.PACKED, actor=member).status == OrderStatus.PACKED


def test_accessories_pack_without_units(buy, make_variant):
    charger = make_variant(imei_required=False, sku="CHG-33W")
    order = buy((charger, 2))
    order.refresh_from_db()
    assert order.status == OrderStatus.PACKED and missing_units(order) == 0
    assert not OrderUnit.objects.exists()


def test_only_the_phones_of_a_mixed_order_need_imeis(buy, phone, make_variant, member, commit):
    charger = make_variant(imei_required=False, sku="CHG-33W")
    order = buy((phone, 1), (charger, 3))
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and missing_units(order) == 1
    charger_line = order.items.get(sku="CHG-33W")
    phone_line = order.items.get(sku=phone.sku)
    assert refused(lambda: record_units(order.pk, [(charger_line.pk, [[A]] * 3)], actor=member)) == (
        "invalid",
        "Some fields are not valid.",
        {"items.0.item_id": ["CHG-33W needs no IMEI (not a phone)."]},
    )
    with commit():
        record_units(order.pk, [(phone_line.pk, [[A]])], actor=member)
    order.refresh_from_db()
    assert order.status == OrderStatus.PACKED


def test_each_line_gets_exactly_its_quantity_of_units(buy, phone, member):
    order = buy((phone, 2))
    item = order.items.get()
    assert refused(lambda: record_units(order.pk, [(item.pk, [[A]])], actor=member)) == (
        "invalid",
        "Some fields are not valid.",
        {"items.0.units": [f"This line has 2 unit(s) of {phone.sku}: give exactly 2, not 1."]},
    )
    assert refused(lambda: record_units(order.pk, [(item.pk, [[A], [B, C, D]])], actor=member)) == (
        "invalid",
        "Some fields are not valid.",
        {"items.0.units.1.imeis": ["A unit has one IMEI, or two (dual SIM)."]},
    )
    assert refused(lambda: record_units(order.pk, [(item.pk, [[A], []])], actor=member))[2] == {
        "items.0.units.1.imeis": ["A unit has one IMEI, or two (dual SIM)."]
    }
    assert refused(lambda: record_units(order.pk, [(item.pk, [[A], [B]]), (item.pk, [[C], [D]])], actor=member))[2] == {
        "items.1.item_id": ["This line is named twice."]
    }
    assert refused(lambda: record_units(order.pk, [(999999, [[A]])], actor=member))[2] == {
        "items.0.item_id": ["No such line in this order."]
    }
    assert refused(lambda: record_units(order.pk, [], actor=member))[2] == {
        "items": ["Name at least one line of the order."]
    }
    assert not OrderUnit.objects.exists() and not AuditLog.objects.filter(action="imei_recorded").exists()


def test_an_invalid_imei_is_named_by_its_field(buy, phone, member):
    order = buy((phone, 2))
    item = order.items.get()
    typo = A[:-1] + str((int(A[-1]) + 1) % 10)
    assert refused(lambda: record_units(order.pk, [(item.pk, [[A], [B, typo]])], actor=member)) == (
        "invalid_imei",
        "Not a valid IMEI.",
        {
            "items.0.units.1.imeis.1": [
                "This is not a valid IMEI: its check digit (the last) does not match. Check for a typo."
            ]
        },
    )
    code, message, fields = refused(lambda: record_units(order.pk, [(item.pk, [["12345"], ["x" * 15]])], actor=member))
    assert (code, message, sorted(fields)) == (
        "invalid_imei",
        "2 IMEIs are not valid.",
        ["items.0.units.0.imeis.0", "items.0.units.1.imeis.0"],
    )
    assert not OrderUnit.objects.exists()


def test_a_duplicate_in_the_request_is_refused(buy, phone, member):
    order = buy((phone, 2))
    item = order.items.get()
    spaced = f"{A[:2]} {A[2:8]} {A[8:14]} {A[14]}"  # the same IMEI, written otherwise
    assert refused(lambda: record_units(order.pk, [(item.pk, [[A, B], [spaced]])], actor=member)) == (
        "duplicate_imei",
        "The same IMEI is given twice.",
        {"items.0.units.1.imeis.0": [f"IMEI {A} is given twice (also at items.0.units.0.imeis.0)."]},
    )
    assert refused(lambda: record_units(order.pk, [(item.pk, [[A, A], [B]])], actor=member))[2] == {
        "items.0.units.0.imeis.1": [f"IMEI {A} is given twice (also at items.0.units.0.imeis.0)."]
    }
    assert not OrderUnit.objects.exists()


def test_an_imei_sold_on_another_order_is_refused(buy, phone, member, commit):
    first = buy((phone, 1))
    with commit():
        record_units(first.pk, [(first.items.get().pk, [[A, B]])], actor=member)
    second = buy((phone, 1))
    line = second.items.get()
    assert refused(lambda: record_units(second.pk, [(line.pk, [[C, B]])], actor=member)) == (
        "duplicate_imei",
        "An IMEI is already recorded on a unit sold.",
        {
            "items.0.units.0.imeis.1": [
                f"IMEI {B} is already recorded on order {first.number} (a unit sold and not returned)."
            ]
        },
    )
    assert imeis_of(second) == []


def test_a_returned_units_imei_may_be_sold_again(buy, phone, member, commit):
    first = buy((phone, 1))
    with commit():
        record_units(first.pk, [(first.items.get().pk, [[A]])], actor=member)
    unit = OrderUnit.objects.get(item__order=first)
    # a return (another engineer's part): the unit comes back and its IMEIs leave circulation
    OrderUnit.objects.filter(pk=unit.pk).update(returned_at=timezone.now())
    Imei.objects.filter(unit=unit).update(in_circulation=False)

    second = buy((phone, 1))
    with commit():
        record_units(second.pk, [(second.items.get().pk, [[A]])], actor=member)
    assert Imei.objects.filter(number=A).count() == 2
    assert Imei.objects.get(number=A, in_circulation=True).unit.item.order == second
    assert unit_by_imei(A).item.order == second  # the unit in circulation
    OrderUnit.objects.filter(item__order=second).update(returned_at=timezone.now())
    Imei.objects.filter(unit__item__order=second).update(in_circulation=False)
    assert unit_by_imei(A).item.order == second  # none in circulation: the newest
    assert unit_by_imei(C) is None


def test_recording_again_before_packing_replaces_the_units(buy, phone, member, settings):
    settings.SHIPPING_AUTO_CREATE = False  # recorded, but staff pack by hand: it stays PAID
    order = buy((phone, 2))
    item = order.items.get()
    record_units(order.pk, [(item.pk, [[A], [B]])], actor=member)
    record_units(order.pk, [(item.pk, [[B], [C, D]])], actor=member)  # B moves to the first unit: fine
    assert imeis_of(order) == [[B], [C, D]]
    assert not Imei.objects.filter(number=A).exists()  # the replaced unit is gone: A is free again
    other = buy((phone, 1))
    record_units(other.pk, [(other.items.get().pk, [[A]])], actor=member)
    rows = AuditLog.objects.filter(action="imei_recorded", object_id=str(order.pk)).order_by("id")
    assert [(r.old_values["items"][0]["units"], r.new_values["items"][0]["units"]) for r in rows] == [
        ([], [[A], [B]]),
        ([[A], [B]], [[B], [C, D]]),
    ]


def test_units_are_recorded_only_while_the_order_is_paid(buy, phone, member, commit):
    pending = buy((phone, 1), pay=False)
    line = pending.items.get()
    assert refused(lambda: record_units(pending.pk, [(line.pk, [[A]])], actor=member)) == (
        "units_not_editable",
        "IMEIs are recorded once the order is paid (or its cash on delivery confirmed) and before it is packed; "
        "this order is PENDING_PAYMENT.",
        {},
    )
    paid = buy((phone, 1))
    with commit():
        record_units(paid.pk, [(paid.items.get().pk, [[B]])], actor=member)
    paid.refresh_from_db()
    assert paid.status == OrderStatus.PACKED
    code, message, _ = refused(lambda: record_units(paid.pk, [(paid.items.get().pk, [[C]])], actor=member))
    assert code == "units_not_editable" and message.endswith("this order is PACKED.")
    assert imeis_of(paid) == [[B]]
    assert refused(lambda: record_units(999999, [(line.pk, [[A]])], actor=member))[:2] == (
        "not_found",
        "No such order.",
    )


def test_the_sweep_leaves_orders_waiting_for_imeis_alone(buy, phone, member, commit):
    from datetime import timedelta

    from shipping import services as shipping
    from shipping.models import Shipment

    order = buy((phone, 1))
    later = timezone.now() + timedelta(minutes=10)
    assert shipping.book_pending_shipments(now=later) == 0
    assert Shipment.objects.get(order=order).attempts == 0  # never tried, never flagged
    order.refresh_from_db()
    assert not order.needs_review
    with commit():
        record_imeis(order, actor=member)
    order.refresh_from_db()
    assert order.status == OrderStatus.PACKED


def test_recording_with_automatic_booking_off_leaves_the_booking_to_staff(buy, phone, member, settings, commit):
    settings.SHIPPING_AUTO_CREATE = False
    order = buy((phone, 1))
    with commit():
        record_imeis(order, actor=member)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and units_complete(order)


def test_the_demo_fills_generated_imeis_when_it_books(buy, phone, make_variant, settings):
    settings.DEMO_AUTO_IMEI = True
    charger = make_variant(imei_required=False)
    order = buy((phone, 2), (charger, 1))
    order.refresh_from_db()
    assert order.status == OrderStatus.PACKED
    units = list(OrderUnit.objects.filter(item__order=order).prefetch_related("imeis"))
    assert len(units) == 2 and {u.recorded_by for u in units} == {None}
    numbers = [i.number for u in units for i in u.imeis.all()]
    assert len(set(numbers)) == 2
    row = AuditLog.objects.get(action="imei_recorded")
    assert (row.source, row.actor_label) == ("demo", "system:create_shipment")  # in the booking task's name
    recorded = [number for unit in row.new_values["items"][0]["units"] for number in unit]
    assert row.new_values["units_missing"] == 0 and sorted(recorded) == sorted(numbers)


def test_demo_imeis_avoid_those_in_circulation(buy, phone, member, settings):
    settings.SHIPPING_AUTO_CREATE = False
    order = buy((phone, 2))
    rng = random.Random(5)
    first = generate_imei(random.Random(5))
    other = buy((phone, 1))
    record_units(other.pk, [(other.items.get().pk, [[first]])], actor=member)  # what the rng would give first
    with transaction.atomic():
        assert fill_demo_units(order, rng=rng) == 2
        assert fill_demo_units(order, rng=rng) == 0  # complete: nothing more
    assert first not in [number for unit in imeis_of(order) for number in unit]
    assert units_complete(order)


def test_the_shopper_sees_the_imeis_of_their_phones(buy, phone, make_variant, member, auth_client, commit):
    charger = make_variant(imei_required=False, sku="CHG-33W")
    order = buy((phone, 2), (charger, 1))
    lines = {line["sku"]: line for line in auth_client.get(f"/api/orders/{order.pk}/").json()["items"]}
    assert lines[phone.sku]["imeis"] == [] and lines["CHG-33W"]["imeis"] == []  # not recorded yet
    with commit():
        record_units(order.pk, [(order.items.get(sku=phone.sku).pk, [[A, B], [C]])], actor=member)
    lines = {line["sku"]: line for line in auth_client.get(f"/api/orders/{order.pk}/").json()["items"]}
    assert lines[phone.sku]["imeis"] == [A, B, C] and lines["CHG-33W"]["imeis"] == []
    # a unit that came back (a return) is no longer the shopper's
    OrderUnit.objects.filter(imeis__number=C).update(returned_at=timezone.now())
    assert auth_client.get(f"/api/orders/{order.pk}/").json()["items"][0]["imeis"] == [A, B]


def test_the_order_list_reads_units_in_a_fixed_number_of_queries(buy, phone, member, auth_client, commit):
    from contextlib import contextmanager

    from django.db import connection

    @contextmanager
    def statements():
        """The SQL a block runs (connection.queries is emptied by each request, so counted here)."""
        seen = []

        def count(execute, sql, params, many, context):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            yield seen

    def record(order):
        with commit():
            record_units(order.pk, [(order.items.get().pk, [[generate_imei()]])], actor=member)

    record(buy((phone, 1)))
    with statements() as one:
        assert auth_client.get("/api/orders/").json()["count"] == 1
    record(buy((phone, 1)))
    record(buy((phone, 1)))
    with statements() as three:
        assert len(auth_client.get("/api/orders/").json()["results"]) == 3
    assert len(three) == len(one) and any("orders_imei" in sql for sql in one)


@pytest.mark.parametrize("packed", [False, True])
def test_cancelling_puts_the_units_back_on_the_shelf(buy, phone, member, settings, commit, packed):
    from orders.services import cancel_order

    settings.SHIPPING_AUTO_CREATE = packed
    order = buy((phone, 1))
    with commit():
        record_units(order.pk, [(order.items.get().pk, [[A, B]])], actor=member)
    order.refresh_from_db()
    assert order.status == (OrderStatus.PACKED if packed else OrderStatus.PAID)
    with commit():
        cancel_order(order_id=order.pk, actor=member, actor_kind="staff", source="staff")
    unit = OrderUnit.objects.get(item__order=order)
    assert unit.returned_at is not None  # kept as history
    assert set(Imei.objects.filter(unit=unit).values_list("in_circulation", flat=True)) == {False}
    again = buy((phone, 1))
    record_units(again.pk, [(again.items.get().pk, [[B]])], actor=member)  # the same phone, sold again
    assert unit_by_imei(B).item.order == again
