from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from catalog.cache import invalidate
from catalog.demo import DEMO_STEPS
from catalog.demo.seed import seed_bench, seed_demo


class Command(BaseCommand):
    help = (
        "Load the demo catalog: brands, categories, ~190 phones with variants, generated pictures and "
        "demo reviews. Idempotent: a second run changes nothing. With --scale N, also make sure N "
        "synthetic benchmark products (slugs bench-000001...) exist, about 4 variants each."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Also ensure N benchmark products exist (25000 gives about 100,000 variants).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            metavar="B",
            help="Benchmark products written per transaction (default 1000).",
        )

    def handle(self, *args: Any, scale: int, batch_size: int, verbosity: int, **options: Any) -> None:
        if scale < 0 or batch_size < 1:
            raise CommandError("--scale must be >= 0 and --batch-size >= 1.")
        report = seed_demo()
        # Other apps' demo data (the coupons), registered in their AppConfig.ready(); reported after the catalog.
        lines = [step() for step in DEMO_STEPS]
        if scale:
            seed_bench(scale, batch_size=batch_size, progress=verbosity > 0, report=report)
        invalidate()  # bulk inserts send no signals: drop what was cached from the catalog before
        if verbosity > 0:
            self.stdout.write(report.line())
            for line in lines:
                if line:
                    self.stdout.write(line)
