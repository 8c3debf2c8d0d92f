"""Run the Celery beat schedule's tasks in this process, for the embedded mode (no Redis, no beat).

`make run` starts it beside the API. With Redis, use `celery -A config worker` and
`celery -A config beat` instead; both read the same CELERY_BEAT_SCHEDULE.
"""

import logging
import time
from argparse import ArgumentParser
from typing import Any

from celery.schedules import maybe_schedule
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

from config.celery import app

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the periodic tasks of CELERY_BEAT_SCHEDULE in a loop, in-process (embedded mode)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every scheduled task once and exit.")
        parser.add_argument("--tick", type=float, default=1.0, help="Seconds between schedule checks.")

    def handle(self, *args: Any, once: bool = False, tick: float = 1.0, **options: Any) -> None:
        app.loader.import_default_modules()  # registers the apps' tasks
        entries: dict[str, dict[str, Any]] = {}
        schedule: dict[str, dict[str, Any]] = settings.CELERY_BEAT_SCHEDULE
        for name, entry in schedule.items():
            if entry["task"] not in app.tasks:
                self.stderr.write(f"Skipping {name}: no task named {entry['task']}")
                continue
            entries[name] = {
                "task": app.tasks[entry["task"]],
                "schedule": maybe_schedule(entry["schedule"], app=app),
                "last_run": None,
            }
        if once:
            for name, entry in entries.items():
                self._run(name, entry)
            return
        self.stdout.write(f"Running {len(entries)} periodic task(s): {', '.join(entries)}. Ctrl-C stops.")
        try:
            while True:
                for name, entry in entries.items():
                    if entry["last_run"] is None or entry["schedule"].is_due(entry["last_run"]).is_due:
                        self._run(name, entry)
                time.sleep(tick)
        except KeyboardInterrupt:
            return

    def _run(self, name: str, entry: dict[str, Any]) -> None:
        self._drop_stale_connections()
        entry["last_run"] = timezone.now()
        result = entry["task"].apply()
        if result.failed():
            logger.error("Periodic task %s failed: %r", name, result.result)
        else:
            logger.log(logging.INFO if result.result else logging.DEBUG, "Periodic task %s: %r", name, result.result)
        self._drop_stale_connections()

    @staticmethod
    def _drop_stale_connections() -> None:
        # As a request cycle would; never inside a caller's transaction (call_command from a test).
        if not connection.in_atomic_block:
            close_old_connections()
