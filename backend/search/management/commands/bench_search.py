"""Latency of the embedded engine on a synthetic catalog (no database involved): `manage.py bench_search`.
Targets on a 2-core machine at 100,000 variants: search p95 <= 50 ms, suggest p95 <= 15 ms."""

import random
import statistics
import tempfile
import time
from argparse import ArgumentParser
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand

from search import documents
from search.backends.embedded import EmbeddedBackend
from search.query import SearchFilters, SearchRequest

BRANDS = [
    "Samsung",
    "Apple",
    "Xiaomi",
    "Realme",
    "OnePlus",
    "Vivo",
    "Oppo",
    "Motorola",
    "Nokia",
    "Google",
    "Poco",
    "iQOO",
    "Nothing",
    "Infinix",
    "Tecno",
    "Lava",
    "Honor",
    "Asus",
    "Sony",
    "Micromax",
]
WORDS = [
    "Galaxy",
    "Pro",
    "Max",
    "Ultra",
    "Lite",
    "Neo",
    "Note",
    "Plus",
    "Edge",
    "Fold",
    "Flip",
    "Prime",
    "Power",
    "Turbo",
    "Nord",
    "Redmi",
    "Narzo",
    "Pixel",
    "iPhone",
    "Reno",
    "Spark",
    "Hot",
    "Zero",
    "Camon",
    "Blaze",
]
COLORS = ["Black", "Blue", "Green", "White", "Silver", "Gold", "Purple", "Red", "Titanium Gray", "Ocean Blue"]


def synthetic(variants: int, seed: int = 7) -> Iterator[list[dict[str, Any]]]:
    rng = random.Random(seed)
    batch: list[dict[str, Any]] = []
    vid = pid = 0
    while vid < variants:
        pid += 1
        brand = rng.choice(BRANDS)
        title = f"{brand} {rng.choice(WORDS)} {rng.randint(1, 99)} {rng.choice(WORDS)}"
        popularity, is_5g, rating = rng.randint(0, 5000), rng.random() < 0.6, round(rng.uniform(2.5, 5), 2)
        siblings: list[dict[str, Any]] = []
        for _ in range(rng.randint(3, 10)):
            vid += 1
            ram, storage, color = rng.choice([4, 6, 8, 12, 16]), rng.choice([64, 128, 256, 512]), rng.choice(COLORS)
            price = rng.randint(6000, 160000)
            siblings.append(
                {
                    "rep": not siblings,  # the phone's first
                    "id": vid,
                    "product_id": pid,
                    "slug": f"phone-{pid}",
                    "title": title,
                    "brand": brand.lower(),
                    "brand_name": brand,
                    "brand_key": f"{brand.lower()}\t{brand}",
                    "category": ["mobiles", "mobiles/x"],
                    "category_path": "Mobiles > Smartphones",
                    "price": float(price),
                    "mrp": float(price + 1000),
                    "ram": ram,
                    "storage": storage,
                    "color": color,
                    "color_key": color.lower(),
                    "battery": 5000,
                    "camera": 50,
                    "is_5g": is_5g,
                    "rating": rating,
                    "review_count": rng.randint(0, 900),
                    "available": rng.random() < 0.8,
                    "popularity": popularity,
                    "launch_date": rng.randint(18000, 20500),
                    "specs": f"{ram}GB RAM {storage}GB storage {'5G' if is_5g else '4G'}",
                    "product_ram": f"{pid}:{ram}",
                    "product_storage": f"{pid}:{storage}",
                    "product_color": f"{pid}:{color}",
                    "thumbnail": None,
                }
            )
        rows = [(v["id"], pid, v["ram"], v["storage"], v["color"], Decimal(str(v["price"]))) for v in siblings]
        phone = documents.phone_facts(rows)[pid]
        batch.extend({**variant, "phone": phone} for variant in siblings)
        if len(batch) >= 1000:
            yield batch
            batch = []
    if batch:
        yield batch


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--variants", type=int, default=100_000)
        parser.add_argument("--rounds", type=int, default=200)

    def handle(self, *args: Any, variants: int, rounds: int, **options: Any) -> None:
        rng = random.Random(1)
        with tempfile.TemporaryDirectory() as directory:
            backend = EmbeddedBackend(directory)
            started = time.perf_counter()
            backend.rebuild(synthetic(variants))
            self.stdout.write(f"indexed {variants} variants in {time.perf_counter() - started:.1f} s")
            words = [w.lower() for w in BRANDS + WORDS]
            kinds = {
                "one word": lambda: SearchRequest(query=rng.choice(words)),
                "two words + typo": lambda: SearchRequest(query=f"{rng.choice(words)} {rng.choice(words)[:-1]}x"),
                "word + filters": lambda: SearchRequest(
                    query=rng.choice(words),
                    filters=SearchFilters(ram=(8, 12), available=True, price_max=Decimal(60000)),
                    sort="price",
                ),
                "browse all (empty q)": lambda: SearchRequest(),
                "browse brand, page 5": lambda: SearchRequest(
                    filters=SearchFilters(brands=(rng.choice(BRANDS).lower(),)), sort="-rating", page=5
                ),
            }

            def timed(make: Callable[[], SearchRequest]) -> list[float]:
                return [self._time(lambda: backend.search(make())) for _ in range(rounds)]

            for name, make in kinds.items():
                self._report(name, timed(make))
            prefixes = [w[: rng.randint(2, len(w))] for w in words]
            self._report(
                "suggest", [self._time(lambda: backend.suggest(rng.choice(prefixes), 8)) for _ in range(rounds)]
            )

    @staticmethod
    def _time(call: Callable[[], object]) -> float:
        started = time.perf_counter()
        call()
        return (time.perf_counter() - started) * 1000

    def _report(self, name: str, samples: list[float]) -> None:
        samples.sort()
        p95 = samples[int(len(samples) * 0.95) - 1]
        self.stdout.write(
            f"{name:24s} p50 {statistics.median(samples):6.1f} ms   p95 {p95:6.1f} ms   max {samples[-1]:6.1f} ms"
        )
