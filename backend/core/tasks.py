"""Enqueue background work so that it runs only after the surrounding transaction commits.

Embedded default (no REDIS_URL): CELERY_TASK_ALWAYS_EAGER is on and the task runs in this process
right after commit. Production: the task is sent to the Celery broker (Redis) after commit, so a
worker never sees a row that is not committed yet, and a rolled-back change sends nothing.
"""
import logging

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def run_now(task, *args, **kwargs):
    """Run a task in this process; a failure is logged, never raised into the caller."""
    result = task.apply(args=args, kwargs=kwargs)
    if result.failed():
        logger.error("Task %s%r failed in-process: %r", task.name, args, result.result)
    return result


def _send(task, args, kwargs):
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
        run_now(task, *args, **kwargs)
    else:
        task.apply_async(args=args, kwargs=kwargs)


def enqueue(task, *args, **kwargs) -> None:
    """Run `task(*args, **kwargs)` after commit (at once when no transaction is open)."""
    transaction.on_commit(lambda: _send(task, args, kwargs), robust=True)
