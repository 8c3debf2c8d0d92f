"""The Celery app. Production: Redis broker, `celery -A config worker` and `celery -A config beat`.
Embedded default (no REDIS_URL): tasks run in-process, eagerly, after the transaction commits, and
`manage.py run_periodic` runs CELERY_BEAT_SCHEDULE's tasks in a loop beside the API."""

import os
from typing import Any

from celery import Celery, signals
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("phonestore")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _task_boundary(task: Any = None, **kwargs: Any) -> None:
    """Before and after a worker's task, what Django does around a request: the connection is kept while it is
    younger than CONN_MAX_AGE, and checked (DATABASE health checks) before its next use; one that broke is replaced.
    Celery's fixup would otherwise close it every time (CELERY_DB_REUSE_MAX). An eager task runs inside the caller's
    request or transaction, whose connection is not the task's to close."""
    if not getattr(getattr(task, "request", None), "is_eager", False):
        close_old_connections()


signals.task_prerun.connect(_task_boundary, weak=False, dispatch_uid="phonestore_db_task_prerun")
signals.task_postrun.connect(_task_boundary, weak=False, dispatch_uid="phonestore_db_task_postrun")
