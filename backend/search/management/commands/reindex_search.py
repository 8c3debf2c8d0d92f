from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import services
from search.backends import SearchBackendError


class Command(BaseCommand):
    help = (
        "Rebuild the search indexes from the database (the embedded one, and Meilisearch when "
        "MEILISEARCH_URL is set): each is built fresh and swapped in, so search never goes empty. "
        "Run it after bulk loads that bypass signals (the demo seed)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--backend",
            action="append",
            choices=["database", "meilisearch"],
            help="Only this index (repeatable). Default: every configured one.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, backend: list[str] | None = None, no_progress: bool = False, **options: Any) -> None:
        bars: list[tqdm] = []

        def progress(name: str, total: int) -> Callable[[int], Any]:
            bar = tqdm(
                total=total,
                desc=f"{name} index",
                unit="variant",
                disable=no_progress,
                file=self.stderr._out if hasattr(self.stderr, "_out") else None,
            )
            bars.append(bar)
            return bar.update

        try:
            counts = services.rebuild(backend, progress=progress)
        except SearchBackendError as exc:
            raise CommandError(f"{exc}: {exc.__cause__}") from exc
        finally:
            for bar in bars:
                bar.close()
        for name, count in counts.items():
            self.stdout.write(self.style.SUCCESS(f"{name}: {count} variants indexed"))
