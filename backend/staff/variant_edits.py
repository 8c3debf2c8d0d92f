"""Staff changes of variants' price, MRP and stock: one edit, a bulk edit or a CSV import, all through `apply_edits`.

The rules live here once: a price or MRP from ₹1.00 to ₹99,99,999.99 with at most 2 decimals, the price never above
the MRP (Legal Metrology; also a database constraint), stock from 0 to MAX_STOCK. Optimistic concurrency: each edit
names the `version` of the variant it was made from; a variant changed since (by staff, an import or an order's
stock) refuses it as stale_version, so nothing is overwritten unseen. An edit that changes nothing is no conflict.

A batch is one transaction under the rows' locks, all or nothing: any refused row refuses them all, naming each.
The rows that change are written with one bulk UPDATE, version + 1 each, audited one row per variant and action
(price_change, stock_change), and announced once per batch with catalog.services.availability_changed, which bumps
the catalog's cache version, re-indexes search and revalidates the storefront's product pages after the commit.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connections, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.request import Request

from accounts.models import User
from audit import services as audit
from catalog.models import ProductVariant
from catalog.services import availability_changed
from core.errors import ApplicationError, CommonErrorCode, ErrorCode
from core.money import quantize
from staff.error_codes import StaffErrorCode

FIELDS = ("price", "mrp", "stock")
PRICE_MIN, PRICE_MAX = Decimal("1.00"), Decimal("9999999.99")
PRICE_LIMITS: dict[str, Any] = {"max_digits": 10, "decimal_places": 2, "min_value": PRICE_MIN, "max_value": PRICE_MAX}
MAX_STOCK = 1_000_000
MAX_BULK = 500  # variants in one bulk edit
PERCENT_MIN, PERCENT_MAX = Decimal("-90"), Decimal("100")  # a bulk price change, in percent

STALE = "Changed by someone else since it was read: reload it and edit again."


@dataclass(frozen=True)
class Edit:
    variant_id: int
    version: int  # the variant's version the edit was made from
    changes: Mapping[str, Any]  # any of price, mrp, stock


@dataclass
class Outcome:
    edit: Edit
    variant: ProductVariant | None = None
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    code: ErrorCode | None = None  # why the row is refused

    @property
    def changed(self) -> dict[str, tuple[Any, Any]]:
        """{field: (old, new)} for the fields whose value changes."""
        return {name: (self.before[name], value) for name, value in self.after.items() if value != self.before[name]}


class EditsRefused(ApplicationError):
    """Some rows of a batch were refused; nothing was written. `outcomes` has every row, refused ones with errors."""

    def __init__(self, outcomes: list[Outcome], label: Callable[[int, Edit], str]):
        refused = [(index, o) for index, o in enumerate(outcomes) if o.errors]
        fields: dict[str, list[str]] = {}
        for index, outcome in refused:
            prefix = label(index, outcome.edit)
            for name, messages in outcome.errors.items():
                fields[f"{prefix}.{name}" if name else prefix] = messages
        codes = {o.code for _, o in refused}
        code: ErrorCode = CommonErrorCode.INVALID
        if StaffErrorCode.STALE_VERSION in codes:
            code = StaffErrorCode.STALE_VERSION
        elif len(codes) == 1:  # all for one reason: not_found (404), price_above_mrp
            [code] = [c for c in codes if c is not None]
        count = len(refused)
        super().__init__(code, f"{count} row{'s' if count != 1 else ''} refused; nothing was changed.", fields=fields)
        self.outcomes = outcomes


class StaleVersion(ApplicationError):
    """One variant's edit was made from an older version: 409 with the variant as it is now."""

    def __init__(self, variant: ProductVariant):
        super().__init__(StaffErrorCode.STALE_VERSION, STALE, fields={"version": [STALE]})
        self.variant = variant


def _money(value: Any) -> Decimal | None:
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:  # type: ignore[operator]  # finite: an int
        return None
    if abs(amount) > PRICE_MAX * 10:  # huge ("1e400"): out of bounds, and too long to quantize
        return amount
    return amount.quantize(Decimal("0.01"))


def check(values: Mapping[str, Any], changed: Sequence[str] = FIELDS) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The rules, on a variant's price, mrp and stock as they would be: (the values normalised, errors by field).
    `changed` names the fields the edit sets: a price above the MRP is reported on the price if it changes."""
    clean: dict[str, Any] = dict(values)
    errors: dict[str, list[str]] = {}
    for name in ("price", "mrp"):
        amount = _money(values[name])
        if amount is None:
            errors[name] = ["A valid amount in rupees with at most 2 decimal places."]
        elif not PRICE_MIN <= amount <= PRICE_MAX:
            errors[name] = [f"From {PRICE_MIN} to {PRICE_MAX}."]
        else:
            clean[name] = amount
    stock = values["stock"]
    if isinstance(stock, bool) or not isinstance(stock, int) or not 0 <= stock <= MAX_STOCK:
        errors["stock"] = [f"A whole number from 0 to {MAX_STOCK}."]
    if not errors and clean["price"] > clean["mrp"]:
        message = f"The price ({clean['price']}) cannot be above the MRP ({clean['mrp']})."
        errors["price" if "price" in changed or "mrp" not in changed else "mrp"] = [message]
    return clean, errors


def percent_of(price: Decimal, percent: Decimal) -> Decimal:
    """price changed by percent, rounded to the paisa half up (core.money.quantize, the project's money rule)."""
    return quantize(price * (100 + percent) / 100)


def _outcome(edit: Edit, variant: ProductVariant | None, duplicate: bool) -> Outcome:
    outcome = Outcome(edit=edit, variant=variant)
    if variant is None:
        outcome.errors, outcome.code = {"": ["No such variant."]}, CommonErrorCode.NOT_FOUND
        return outcome
    if duplicate:
        outcome.errors, outcome.code = {"": ["This variant is given more than once."]}, CommonErrorCode.INVALID
        return outcome
    unexpected = set(edit.changes) - set(FIELDS)
    if unexpected:
        raise ValueError(f"apply_edits cannot change {sorted(unexpected)}")
    outcome.before = {name: getattr(variant, name) for name in FIELDS}
    clean, errors = check({**outcome.before, **edit.changes}, list(edit.changes))
    outcome.after = {name: clean[name] for name in edit.changes}
    if errors:
        only_mrp = all("cannot be above the MRP" in m for msgs in errors.values() for m in msgs)
        outcome.errors = errors
        outcome.code = StaffErrorCode.PRICE_ABOVE_MRP if only_mrp else CommonErrorCode.INVALID
    elif outcome.changed and edit.version != variant.version:
        outcome.errors, outcome.code = {"version": [STALE]}, StaffErrorCode.STALE_VERSION
    return outcome


def apply_edits(
    edits: Sequence[Edit],
    *,
    actor: User | str,
    request: HttpRequest | Request | None = None,
    source: str = "api",
    dry_run: bool = False,
    label: Callable[[int, Edit], str] = lambda index, edit: f"variants.{edit.variant_id}",
    batch: tuple[str, dict[str, Any]] | None = None,
) -> list[Outcome]:
    """Check every edit and, unless dry_run, write them all or none (EditsRefused names each refused row by
    `label`). `batch`: one more audit row (action, values) for the batch as a whole (a bulk edit, an import).
    A dry run returns the outcomes, refused rows included, and writes nothing."""
    with transaction.atomic():
        rows = ProductVariant.objects.filter(pk__in={edit.variant_id for edit in edits}).order_by("pk")
        variants = {variant.pk: variant for variant in (rows if dry_run else rows.select_for_update())}
        seen: set[int] = set()
        outcomes = []
        for edit in edits:
            outcomes.append(_outcome(edit, variants.get(edit.variant_id), edit.variant_id in seen))
            seen.add(edit.variant_id)
        if dry_run:
            return outcomes
        if any(outcome.errors for outcome in outcomes):
            raise EditsRefused(outcomes, label)
        changed = [outcome for outcome in outcomes if outcome.changed]
        now = timezone.now()
        for outcome in changed:
            variant = outcome.variant
            assert variant is not None  # a row without one was refused
            for name, value in outcome.after.items():
                setattr(variant, name, value)
            variant.version += 1
            variant.updated_at = now
        written = [outcome.variant for outcome in changed if outcome.variant is not None]
        _write(written, rows.db)
        ProductVariant.objects.using(rows.db).filter(pk__in=[v.pk for v in written]).update(
            version=F("version") + 1, updated_at=now
        )
        audit.record_many_field_changes(
            ((o.variant, o.before, o.after) for o in changed if o.variant is not None),
            actor=actor,
            request=request,
            source=source,
        )
        if batch is not None:
            action, values = batch
            audit.record(
                action,
                object_type=ProductVariant._meta.label_lower,
                new={**values, "changed": len(written)},
                actor=actor,
                request=request,
                source=source,
            )
        if written:
            availability_changed.send(sender=ProductVariant, variant_ids=[v.pk for v in written], using=rows.db)
    return outcomes


WRITE_BATCH = 500


def _write(variants: list[ProductVariant], using: str) -> None:
    """Price, MRP and stock of each variant as set on it, one UPDATE ... FROM (rows) per WRITE_BATCH variants
    (PostgreSQL, and SQLite from 3.33). Django's bulk_update writes a CASE WHEN per row and field, whose building
    alone was most of a 10,000-row import."""
    connection = connections[using]
    ops, table = connection.ops, connection.ops.quote_name(ProductVariant._meta.db_table)
    for start in range(0, len(variants), WRITE_BATCH):
        batch = variants[start : start + WRITE_BATCH]
        rows = " UNION ALL ".join(["SELECT %s AS id, %s AS price, %s AS mrp, %s AS stock"] * len(batch))
        params: list[Any] = []
        for v in batch:
            params += [v.pk, ops.adapt_decimalfield_value(v.price, 10, 2), ops.adapt_decimalfield_value(v.mrp, 10, 2)]
            params.append(v.stock)
        sql = (
            f"UPDATE {table} SET price = d.price, mrp = d.mrp, stock = d.stock "  # no input in the SQL
            f"FROM ({rows}) AS d WHERE {table}.id = d.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def update_variant(
    variant_id: int, version: int, *, actor: User, request: HttpRequest | Request | None = None, **changes: Any
) -> ProductVariant:
    """One variant's edit (the console's inline edit): 404 for an unknown id, 409 StaleVersion with the variant as
    it is now, 400 with field errors (price_above_mrp for a price above the MRP)."""
    try:
        [outcome] = apply_edits([Edit(variant_id, version, changes)], actor=actor, request=request)
    except EditsRefused as refused:
        [outcome] = refused.outcomes
        if outcome.code == CommonErrorCode.NOT_FOUND:
            raise ApplicationError(CommonErrorCode.NOT_FOUND, "Not found.") from None
        if outcome.code == StaffErrorCode.STALE_VERSION and outcome.variant is not None:
            raise StaleVersion(outcome.variant) from None
        message = next(iter(outcome.errors.values()))[0]
        assert outcome.code is not None
        raise ApplicationError(outcome.code, message, fields=outcome.errors) from None
    assert outcome.variant is not None
    return outcome.variant


# --- bulk edits of selected variants

SET_STOCK, PRICE_PERCENT = "set_stock", "price_percent"


def bulk_edit(
    targets: Sequence[tuple[int, int]],
    operation: str,
    value: Any,
    *,
    actor: User | str,
    request: HttpRequest | Request | None = None,
) -> list[Outcome]:
    """Set the stock of the (id, version) variants to `value`, or change their prices by `value` percent (each
    new price rounded to the paisa half up; a price that would pass the MRP or leave the limits refuses the row)."""
    if len(targets) > MAX_BULK:
        raise ApplicationError(
            CommonErrorCode.INVALID, f"At most {MAX_BULK} variants at once.", fields={"variants": ["Too many."]}
        )
    with transaction.atomic():
        ids = [variant_id for variant_id, _ in targets]
        prices = dict(
            ProductVariant.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", "price")
        )
        edits = []
        for variant_id, version in targets:
            if operation == SET_STOCK:
                changes: dict[str, Any] = {"stock": value}
            elif operation == PRICE_PERCENT:
                price = prices.get(variant_id)
                changes = {} if price is None else {"price": percent_of(price, value)}
            else:
                raise ValueError(f"Unknown bulk operation {operation!r}")
            edits.append(Edit(variant_id, version, changes))
        batch = ("variant_bulk_edit", {"operation": operation, "value": value, "variants": ids})
        return apply_edits(edits, actor=actor, request=request, batch=batch)
