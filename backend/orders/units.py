"""The units sold and their IMEIs: staff record them while an order is PAID (or COD CONFIRMED), before it is packed.

A line that needs IMEIs (`OrderItem.imei_required`, a phone) gets exactly `quantity` units, each with one or
two IMEIs (dual SIM). An IMEI is unique among units sold and not returned (`Imei.in_circulation`, a partial
unique constraint). Recording a line again before packing replaces its units: they were never shipped, so
they are deleted and their IMEIs leave circulation with them. Packing (orders.services.transition to PACKED)
is refused until every unit has its IMEIs; orders.selectors.missing_units() says how many are missing.

Each recording is one audit row (`imei_recorded`) in its transaction, and `order_units_recorded` tells
other apps (shipping books a PAID or CONFIRMED order whose units are now complete).
"""

import random
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.request import Request

from accounts.models import User
from audit import services as audit
from core.errors import ApplicationError, CommonErrorCode
from orders import lifecycle
from orders.error_codes import OrdersErrorCode
from orders.imei import InvalidImei, generate_imei, validate_imei
from orders.models import Imei, Order, OrderItem, OrderStatus, OrderUnit
from orders.selectors import missing_units
from orders.signals import order_units_recorded

MAX_IMEIS_PER_UNIT = 2  # dual SIM
# (order line id, the IMEIs of each of its units), as a request gives them.
LineUnits = tuple[int, Sequence[Sequence[str]]]
# A line and its units' IMEIs, checked: 15 digits each.
_Plan = list[tuple[OrderItem, list[list[str]]]]


def _field(line: int, unit: int | None = None, imei: int | None = None) -> str:
    name = f"items.{line}"
    if unit is None:
        return name
    name += f".units.{unit}"
    return name if imei is None else f"{name}.imeis.{imei}"


def units_editable(status: str) -> bool:
    """IMEIs are recorded (or replaced) while staff may pack the order next: PAID, or a cash on delivery order
    CONFIRMED (the lifecycle's table says which)."""
    return lifecycle.allows(status, OrderStatus.PACKED, lifecycle.Actor.STAFF)


def _lock(order_id: int) -> Order:
    order = Order.objects.select_for_update().filter(pk=order_id).first()
    if order is None:
        raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such order.")
    return order


def _check(order: Order, lines: Sequence[LineUnits]) -> _Plan:
    """The request's lines and IMEIs checked against the order and each other (not yet against the units
    already sold): the shape first (`invalid`), then each IMEI (`invalid_imei`), then repeats
    (`duplicate_imei`). Each refusal names every field at fault."""
    items = {item.pk: item for item in OrderItem.objects.filter(order=order)}
    problems: dict[str, list[str]] = {}
    seen_lines: set[int] = set()
    if not lines:
        problems["items"] = ["Name at least one line of the order."]
    for i, (item_id, units) in enumerate(lines):
        item = items.get(item_id)
        if item is None:
            problems[f"{_field(i)}.item_id"] = ["No such line in this order."]
            continue
        if not item.imei_required:
            problems[f"{_field(i)}.item_id"] = [f"{item.sku} needs no IMEI (not a phone)."]
            continue
        if item_id in seen_lines:
            problems[f"{_field(i)}.item_id"] = ["This line is named twice."]
            continue
        seen_lines.add(item_id)
        if len(units) != item.quantity:
            problems[f"{_field(i)}.units"] = [
                f"This line has {item.quantity} unit(s) of {item.sku}: give exactly {item.quantity}, not {len(units)}."
            ]
        for j, imeis in enumerate(units):
            if not 1 <= len(imeis) <= MAX_IMEIS_PER_UNIT:
                problems[f"{_field(i, j)}.imeis"] = ["A unit has one IMEI, or two (dual SIM)."]
    if problems:
        raise ApplicationError(CommonErrorCode.INVALID, "Some fields are not valid.", fields=problems)

    plan: _Plan = []
    invalid: dict[str, list[str]] = {}
    for i, (item_id, units) in enumerate(lines):
        checked: list[list[str]] = []
        for j, imeis in enumerate(units):
            numbers = []
            for k, value in enumerate(imeis):
                try:
                    numbers.append(validate_imei(value))
                except InvalidImei as exc:
                    invalid[_field(i, j, k)] = [str(exc)]
            checked.append(numbers)
        plan.append((items[item_id], checked))
    if invalid:
        raise ApplicationError(
            OrdersErrorCode.INVALID_IMEI,
            "Not a valid IMEI." if len(invalid) == 1 else f"{len(invalid)} IMEIs are not valid.",
            fields=invalid,
        )

    first_seen: dict[str, str] = {}
    repeated: dict[str, list[str]] = {}
    for i, (_item, units_) in enumerate(plan):
        for j, numbers in enumerate(units_):
            for k, number in enumerate(numbers):
                where = _field(i, j, k)
                if number in first_seen:
                    repeated[where] = [f"IMEI {number} is given twice (also at {first_seen[number]})."]
                else:
                    first_seen[number] = where
    if repeated:
        raise ApplicationError(OrdersErrorCode.DUPLICATE_IMEI, "The same IMEI is given twice.", fields=repeated)
    return plan


def _positions(plan: _Plan) -> dict[str, str]:
    """IMEI → its field name in the request."""
    return {
        number: _field(i, j, k)
        for i, (_item, units) in enumerate(plan)
        for j, numbers in enumerate(units)
        for k, number in enumerate(numbers)
    }


def _refuse_taken(positions: dict[str, str]) -> None:
    """DUPLICATE_IMEI naming each field whose IMEI is on a unit in circulation (sold, not returned)."""
    taken = (
        Imei.objects.filter(number__in=positions, in_circulation=True)
        .select_related("unit__item__order")
        .order_by("number")
    )
    fields = {
        positions[imei.number]: [
            f"IMEI {imei.number} is already recorded on order {imei.unit.item.order.number} "
            "(a unit sold and not returned)."
        ]
        for imei in taken
    }
    if fields:
        raise ApplicationError(
            OrdersErrorCode.DUPLICATE_IMEI,
            "An IMEI is already recorded on a unit sold." if len(fields) == 1 else "Some IMEIs are already recorded.",
            fields=fields,
        )


def _save(plan: _Plan, *, actor: User | None) -> None:
    """Insert the units and their IMEIs. Checked against circulation just before, but a parallel recording
    of the same IMEI (another order, its own lock) may commit in between: the unique constraint refuses it
    here and the answer names the field, as the check would have."""
    recorded_by = actor if actor is not None and actor.is_authenticated else None
    try:
        with transaction.atomic():  # a savepoint: after the constraint refuses, the transaction goes on
            units = OrderUnit.objects.bulk_create(
                [OrderUnit(item=item, recorded_by=recorded_by) for item, per_unit in plan for _ in per_unit]
            )
            numbers = [numbers for _item, per_unit in plan for numbers in per_unit]
            Imei.objects.bulk_create(
                [
                    Imei(unit=unit, number=number, slot=slot)
                    for unit, imeis in zip(units, numbers, strict=True)
                    for slot, number in enumerate(imeis, start=1)
                ]
            )
    except IntegrityError:
        _refuse_taken(_positions(plan))
        raise


def _units_of(items: Sequence[OrderItem]) -> list[dict[str, Any]]:
    """What the audit row keeps of lines' units: [{item_id, sku, units: [[IMEI, ...], ...]}]."""
    by_unit: dict[int, list[str]] = {}
    for unit_id, number in (
        Imei.objects.filter(unit__item__in=items).order_by("unit_id", "slot").values_list("unit_id", "number")
    ):
        by_unit.setdefault(unit_id, []).append(number)
    unit_ids: dict[int, list[int]] = {}
    for unit_id, item_id in OrderUnit.objects.filter(item__in=items).order_by("pk").values_list("pk", "item_id"):
        unit_ids.setdefault(item_id, []).append(unit_id)
    return [
        {"item_id": item.pk, "sku": item.sku, "units": [by_unit.get(u, []) for u in unit_ids.get(item.pk, [])]}
        for item in items
    ]


def record_units(
    order_id: int,
    lines: Sequence[LineUnits],
    *,
    actor: User | None,
    request: HttpRequest | Request | None = None,
    source: str = "api",
) -> Order:
    """Record the units of some lines of a PAID (or COD CONFIRMED) order, each with its IMEIs: `lines` is
    [(order line id, [[IMEI, optional second IMEI], ... one per unit])]. A line named again replaces its
    units; lines not named keep theirs. Refusals: not_found, units_not_editable (409, the order is not
    PAID or CONFIRMED), invalid (the shape: unknown line, wrong number of units, 0 or 3 IMEIs), invalid_imei,
    duplicate_imei (400; `fields` names each one as items.<i>.units.<j>.imeis.<k>)."""
    with transaction.atomic():
        order = _lock(order_id)
        if not units_editable(order.status):
            raise ApplicationError(
                OrdersErrorCode.UNITS_NOT_EDITABLE,
                "IMEIs are recorded once the order is paid (or its cash on delivery confirmed) and before it is "
                f"packed; this order is {order.status}.",
            )
        plan = _check(order, lines)
        named = [item for item, _units in plan]
        before = _units_of(named)
        OrderUnit.objects.filter(item__in=named).delete()  # never shipped: their IMEIs leave circulation
        _refuse_taken(_positions(plan))
        _save(plan, actor=actor)
        _announce(order, named, before, actor=actor, request=request, source=source)
    return order


def _announce(
    order: Order,
    items: Sequence[OrderItem],
    before: list[dict[str, Any]],
    *,
    actor: User | None,
    request: HttpRequest | Request | None,
    source: str,
    signal: bool = True,
) -> None:
    missing = missing_units(order)
    who: Any = actor
    if who is None and audit.context_actor() is None:
        who = f"system:{source}"
    audit.record(
        "imei_recorded",
        obj=order,
        old={"items": before},
        new={"items": _units_of(items), "units_missing": missing},
        actor=who,
        request=request,
        source=source,
    )
    if signal:
        order_units_recorded.send(sender=Order, order=order, complete=missing == 0, source=source)


def release_units(order: Order) -> int:
    """A cancelled order's units go back on the shelf (cancelling is allowed until the order ships): they
    leave circulation, so their IMEIs may be sold again, and stay on the order as history (returned_at).
    Called inside the cancelling transaction. Returns how many units."""
    now = timezone.now()
    held = OrderUnit.objects.filter(item__order=order, returned_at__isnull=True)
    Imei.objects.filter(unit__in=held, in_circulation=True).update(in_circulation=False)
    return held.update(returned_at=now)


def fill_demo_units(order: Order, *, rng: random.Random | None = None) -> int:
    """The demo's stand-in for staff at the packing table (DEMO_AUTO_IMEI): give every unit that lacks one
    a generated valid IMEI, recorded by nobody with source "demo" and audited. The caller (the booking step)
    holds the row lock of the order awaiting its booking (paid, or a confirmed cash-on-delivery order) and goes
    on to pack it, so no order_units_recorded is sent. Returns how many units were made."""
    rng = rng or random.Random()
    short = [
        (item, item.quantity - item.recorded)
        for item in OrderItem.objects.filter(order=order, imei_required=True)
        .annotate(recorded=Count("units"))
        .order_by("pk")
        if item.quantity > item.recorded
    ]
    if not lifecycle.awaits_booking(order.status) or not short:
        return 0
    wanted = sum(count for _item, count in short)
    numbers: set[str] = set()
    while len(numbers) < wanted:
        candidates = {generate_imei(rng) for _ in range(wanted - len(numbers))} - numbers
        taken = set(Imei.objects.filter(number__in=candidates, in_circulation=True).values_list("number", flat=True))
        numbers |= candidates - taken
    pool = sorted(numbers)
    plan: _Plan = [(item, [[pool.pop()] for _ in range(count)]) for item, count in short]
    items = [item for item, _count in short]
    before = _units_of(items)
    _save(plan, actor=None)
    _announce(order, items, before, actor=None, request=None, source="demo", signal=False)
    return wanted


def return_unit(unit: OrderUnit) -> None:
    """A unit came back (a return received): it leaves the order's units in circulation, its IMEIs may be sold
    again. The caller holds the order's row lock."""
    if unit.returned_at is None:
        unit.returned_at = timezone.now()
        unit.save(update_fields=["returned_at"])
    Imei.objects.filter(unit=unit, in_circulation=True).update(in_circulation=False)


def record_replacement_unit(
    item: OrderItem, imeis: Sequence[str], *, actor: User | None, source: str = "returns"
) -> OrderUnit:
    """The unit sent in place of a returned one of `item` (a replacement): one more unit on the same line with its
    own IMEIs (valid, not in circulation), audited `imei_recorded`. The caller holds the order's row lock."""
    numbers = [str(n).strip() for n in imeis]
    if item.imei_required and not 1 <= len(numbers) <= MAX_IMEIS_PER_UNIT:
        raise ApplicationError(CommonErrorCode.INVALID, "Give the replacement unit's IMEI (one or two).")
    problems: dict[str, list[str]] = {}
    for k, number in enumerate(numbers):
        try:
            numbers[k] = validate_imei(number)
        except InvalidImei as exc:
            problems[f"imeis.{k}"] = [str(exc)]
    if problems:
        raise ApplicationError(OrdersErrorCode.INVALID_IMEI, "An IMEI is not valid.", fields=problems)
    if len(set(numbers)) != len(numbers) or Imei.objects.filter(number__in=numbers, in_circulation=True).exists():
        raise ApplicationError(OrdersErrorCode.DUPLICATE_IMEI, "This IMEI belongs to a unit already sold.")
    unit = OrderUnit.objects.create(item=item, recorded_by=actor)
    try:
        with transaction.atomic():
            Imei.objects.bulk_create([Imei(unit=unit, number=n, slot=k) for k, n in enumerate(numbers, start=1)])
    except IntegrityError:
        raise ApplicationError(OrdersErrorCode.DUPLICATE_IMEI, "This IMEI belongs to a unit already sold.") from None
    audit.record(
        "imei_recorded",
        obj=item.order,
        new={"replacement": {"item": item.pk, "unit": unit.pk, "imeis": numbers}},
        actor=actor,
        source=source,
    )
    return unit
