"""Time a catalog CSV import (`make bench`, or on its own): `manage.py bench_catalog_import --rows 10000`.

Exports the first --rows variants (by id) as the console's CSV, changes every row (stock + 1, or - 1 at its
ceiling, and the price 1% lower, rounded half up to the paisa), and times, through staff.catalog_csv.import_csv
as the import endpoint calls it: the export, the dry run (every row checked, nothing written) and the import
(one transaction: row locks, one bulk UPDATE, an audit row per change, one catalog announcement). The catalog is
then put back as it was by a second import (timed too, as "revert"). --output writes the figures as JSON for
bench/report.py."""

import csv
import io
import json
import time
from argparse import ArgumentParser
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from catalog.models import ProductVariant
from staff import catalog_csv, variant_edits

ACTOR = "system:bench_catalog_import"


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _changed_stock(stock: int) -> int:
    return stock + 1 if stock < variant_edits.MAX_STOCK else stock - 1


class Command(BaseCommand):
    help = "Time the export, dry run and import of a --rows-row catalog CSV, then put the catalog back."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--rows", type=int, default=10_000)
        parser.add_argument("--output", type=Path, help="Write the figures here (JSON).")

    def _timed(self, work: Any) -> tuple[Any, float]:
        started = time.perf_counter()
        result = work()
        return result, round(time.perf_counter() - started, 2)

    def handle(self, *args: Any, rows: int, output: Path | None, **options: Any) -> None:
        ids = list(ProductVariant.objects.order_by("id").values_list("id", flat=True)[:rows])
        if len(ids) < rows:
            raise CommandError(f"The catalog has {len(ids)} variants, fewer than --rows {rows}: seed it first.")
        variants = ProductVariant.objects.filter(pk__in=ids)
        text, export_s = self._timed(lambda: catalog_csv.export_csv(variants))
        original = _rows(text)
        changed = [
            {
                **row,
                # One more, or one fewer where it is at the ceiling (bench/setup.py's checkout variants are).
                "stock": str(_changed_stock(int(row["stock"]))),
                "price": str(
                    max(variant_edits.PRICE_MIN, variant_edits.percent_of(Decimal(row["price"]), Decimal(-1)))
                ),
            }
            for row in original
        ]
        body = _csv(changed)

        def run(csv_text: str, dry_run: bool) -> catalog_csv.ImportReport:
            return catalog_csv.import_csv(csv_text, dry_run=dry_run, actor=ACTOR, filename="bench.csv")

        dry, dry_run_s = self._timed(lambda: run(body, True))
        done, import_s = self._timed(lambda: run(body, False))
        # Back as it was: the originals' values at the versions the import left.
        now = {row["id"]: row for row in _rows(catalog_csv.export_csv(variants))}
        back = [{**row, "version": now[row["id"]]["version"]} for row in original]
        _, revert_s = self._timed(lambda: run(_csv(back), False))
        figures = {
            "rows": rows,
            "bytes": len(body.encode()),
            "changed": done.changed,
            "refused": len(dry.refused),
            "export_s": export_s,
            "dry_run_s": dry_run_s,
            "import_s": import_s,
            "revert_s": revert_s,
        }
        if output:
            output.write_text(json.dumps(figures, indent=2) + "\n")
        self.stdout.write(
            f"catalog import of {rows} rows ({figures['bytes']} bytes, {done.changed} changed): export {export_s} s, "
            f"dry run {dry_run_s} s, import {import_s} s, revert {revert_s} s"
        )
