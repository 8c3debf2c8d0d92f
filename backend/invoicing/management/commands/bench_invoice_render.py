"""Time to draw one tax invoice PDF (`make bench`, or on its own): `manage.py bench_invoice_render`.

render_pdf on an in-memory 3-line invoice with IMEIs (invoicing.samples), one untimed warm-up render, then
--runs timed renders in this process. CPU only: no database, no storage. --output writes the samples as JSON
for bench/report.py."""

import io
import json
import math
import statistics
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from pypdf import PdfReader

from invoicing.pdf import render_pdf
from invoicing.samples import sample_invoice


class Command(BaseCommand):
    help = "Render one invoice PDF --runs times and report the median and p95 in ms."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--lines", type=int, default=3, help="Lines on the invoice (phones with IMEIs first).")
        parser.add_argument("--output", type=Path, help="Write the samples and figures here (JSON).")

    def handle(self, *args: Any, runs: int, lines: int, output: Path | None, **options: Any) -> None:
        document, rows = sample_invoice(lines)

        def render() -> bytes:
            return render_pdf(document, rows, place_of_supply_name="Karnataka")

        body = render()  # warm-up: fonts and modules loaded once per process, as in a worker
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            render()
            samples.append((time.perf_counter() - started) * 1000)
        ordered = sorted(samples)
        figures = {
            "runs": runs,
            "lines": lines,
            "imeis": sum(len(row.imeis) for row in rows),
            "median_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)], 2),  # nearest rank
            "max_ms": round(ordered[-1], 2),
            "bytes": len(body),
            "pages": len(PdfReader(io.BytesIO(body)).pages),
            "samples_ms": [round(s, 3) for s in samples],
        }
        if output:
            output.write_text(json.dumps(figures, indent=2) + "\n")
        pages = f"{figures['pages']} page" + ("s" if figures["pages"] != 1 else "")
        self.stdout.write(
            f"invoice render ({lines} lines, {figures['imeis']} IMEIs, {pages}, {len(body)} bytes): "
            f"median {figures['median_ms']} ms, p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms over {runs} runs"
        )
