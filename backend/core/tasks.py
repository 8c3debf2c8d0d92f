"""Enqueue background work so that it runs only after the surrounding transaction commits.

Embedded default (no broker): CELERY_TASK_ALWAYS_EAGER is on and the task runs in this process right
after commit. Production: the task is sent to the Celery broker (Redis) after commit, so a worker
never reads rows that are not committed yet, and a rolled-back change enqueues nothing.
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
    # Read at send time (not frozen in Celery's config), so the mode follows the settings in force.
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
        run_now(task, *args, **kwargs)
    else:
        task.apply_async(args=args, kwargs=kwargs)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send a Celery task once the current transaction commits (at once outside a transaction), so a
    worker never reads rows that are not committed yet and a rolled-back change enqueues nothing.
    A failure to send or to run in-process is logged; it never breaks the committed request."""
    transaction.on_commit(lambda: _send(task, args, kwargs), robust=True)
