"""The Celery app. Production: Redis broker, `celery -A config worker` and `celery -A config beat`.
Embedded default (no REDIS_URL): tasks run in-process, eagerly, after the transaction commits, and
`manage.py run_periodic` runs CELERY_BEAT_SCHEDULE's tasks in a loop beside the API."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("phonestore")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
