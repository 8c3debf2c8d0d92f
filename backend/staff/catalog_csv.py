"""The catalog's variants as CSV for staff: exported with django-import-export's resource, imported back.

Columns: id, sku, phone, variant, price, mrp, stock, version. An import reads id, version, price, mrp and stock
(sku, when given, must be the variant's: a guard against shifted rows; phone and variant are for people) and hands
every row to staff.variant_edits.apply_edits, the same rules and optimistic concurrency as an edit in the console:
a dry run reports each row's changes (field: old -> new) and errors and writes nothing; a real run writes every
row or none, audited row by row plus one catalog_import entry, with the catalog announced once.
"""

import csv
import re
from dataclasses import dataclass, field
from typing import Any

import tablib
from django.db.models import QuerySet
from django.http import HttpRequest
from import_export import fields, resources
from import_export.formats.base_formats import CSV
from rest_framework.request import Request
from tablib.exceptions import InvalidDimensions

from accounts.models import User
from catalog.models import ProductVariant, variant_label
from core.errors import ApplicationError
from staff import variant_edits
from staff.error_codes import StaffErrorCode
from staff.variant_edits import Edit, EditsRefused

COLUMNS = ("id", "sku", "phone", "variant", "price", "mrp", "stock", "version")
REQUIRED = ("id", "version", "price", "mrp", "stock")
MAX_IMPORT_BYTES = 4 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
WHOLE = re.compile(r"^\s*\d{1,18}\s*$")


class VariantResource(resources.ModelResource):
    phone = fields.Field(attribute="product__title", column_name="phone")
    variant = fields.Field(column_name="variant")

    class Meta:
        model = ProductVariant
        fields = COLUMNS
        export_order = COLUMNS

    def dehydrate_variant(self, variant: ProductVariant) -> str:
        return variant_label(variant)


def export_csv(queryset: QuerySet[ProductVariant] | None = None) -> str:
    rows = queryset if queryset is not None else ProductVariant.objects.all()
    return VariantResource().export(rows.select_related("product").order_by("id")).csv


@dataclass
class ImportReport:
    dry_run: bool
    rows: int
    changes: list[dict[str, Any]] = field(default_factory=list)  # {line, id, sku, diff: {name: {old, new}}}
    refused: list[dict[str, Any]] = field(default_factory=list)  # {line, id, reasons: {name: [messages]}}

    @property
    def changed(self) -> int:
        return len(self.changes)


def _refuse(message: str, name: str = "file") -> ApplicationError:
    return ApplicationError(StaffErrorCode.IMPORT_INVALID, message, fields={name: [message]})


def read_csv(text: str) -> tablib.Dataset:
    try:
        dataset = CSV().create_dataset(text)
    except (csv.Error, InvalidDimensions, ValueError):  # a broken quote, rows of unequal length, ...
        raise _refuse("The file is not a CSV that can be read.") from None
    headers = [str(name).strip().lower() for name in dataset.headers or []]
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        raise _refuse(f"Columns missing: {', '.join(missing)}. Export the catalog for the expected columns.")
    if not len(dataset):
        raise _refuse("The file has no rows.")
    if len(dataset) > MAX_IMPORT_ROWS:
        raise _refuse(f"At most {MAX_IMPORT_ROWS} rows in one import.")
    dataset.headers = headers
    return dataset


def _whole(cell: Any) -> int | None:
    return int(cell) if isinstance(cell, str) and WHOLE.match(cell) else None


def _parse(row: dict[str, Any], skus: dict[int, str]) -> tuple[Edit | None, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    variant_id, version, stock = _whole(row["id"]), _whole(row["version"]), _whole(row["stock"])
    if variant_id is None:
        errors["id"] = ["A variant id (a whole number)."]
    if version is None:
        errors["version"] = ["The version from the export (a whole number)."]
    sku = str(row.get("sku") or "").strip()
    if variant_id is not None and sku and skus.get(variant_id, sku) != sku:
        errors["sku"] = [f"Variant {variant_id} has SKU {skus[variant_id]}, not {sku}."]
    if errors or variant_id is None or version is None:
        return None, errors
    # price and mrp go to the rules as written (variant_edits.check parses them); a bad stock fails there too.
    changes = {"price": str(row["price"] or ""), "mrp": str(row["mrp"] or ""), "stock": row["stock"]}
    if stock is not None:
        changes["stock"] = stock
    return Edit(variant_id, version, changes), errors


def import_csv(
    text: str,
    *,
    dry_run: bool,
    actor: User | str,
    request: HttpRequest | Request | None = None,
    filename: str = "",
) -> ImportReport:
    dataset = read_csv(text)
    rows = [dict(zip(dataset.headers, values, strict=True)) for values in dataset]
    ids = [_whole(row["id"]) for row in rows]
    skus = dict(ProductVariant.objects.filter(pk__in=[i for i in ids if i is not None]).values_list("pk", "sku"))
    report = ImportReport(dry_run=dry_run, rows=len(rows))
    edits, lines = [], []
    for index, row in enumerate(rows):
        line = index + 2  # the header is line 1
        edit, errors = _parse(row, skus)
        if edit is None:
            report.refused.append({"line": line, "id": ids[index], "reasons": errors})
        else:
            edits.append(edit)
            lines.append(line)

    def label(index: int, edit: Edit) -> str:
        return f"rows.{lines[index]}"

    if not dry_run and not report.refused:
        batch = ("catalog_import", {"file": filename[:200], "rows": len(rows)})
        try:
            outcomes = variant_edits.apply_edits(
                edits, actor=actor, request=request, source="api", label=label, batch=batch
            )
        except EditsRefused:
            outcomes = None  # reported below with every row's errors, from a dry run of the same edits
        if outcomes is not None:
            report.changes = _changes(outcomes, lines)
            return report
    outcomes = variant_edits.apply_edits(edits, actor=actor, request=request, dry_run=True)
    for index, outcome in enumerate(outcomes):
        if outcome.errors:
            errors = {name or "id": messages for name, messages in outcome.errors.items()}
            report.refused.append({"line": lines[index], "id": outcome.edit.variant_id, "reasons": errors})
    report.refused.sort(key=lambda error: error["line"])
    report.changes = _changes(outcomes, lines)
    if not dry_run:
        fields = {
            f"rows.{error['line']}.{name}": messages
            for error in report.refused
            for name, messages in error["reasons"].items()
        }
        count = len(report.refused)
        raise ApplicationError(
            StaffErrorCode.IMPORT_INVALID,
            f"{count} row{'s' if count != 1 else ''} refused; nothing was imported.",
            fields=fields,
        )
    return report


def _changes(outcomes: list[variant_edits.Outcome], lines: list[int]) -> list[dict[str, Any]]:
    return [
        {
            "line": lines[index],
            "id": outcome.edit.variant_id,
            "sku": outcome.variant.sku if outcome.variant else "",
            "diff": {name: {"old": old, "new": new} for name, (old, new) in outcome.changed.items()},
        }
        for index, outcome in enumerate(outcomes)
        if not outcome.errors and outcome.changed
    ]
