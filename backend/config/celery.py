"""The Celery app. Worker: `celery -A config worker`; beat: `celery -A config beat`.

With REDIS_URL set, the broker and result backend are Redis. Without it (the embedded default)
CELERY_TASK_ALWAYS_EAGER is on: core.tasks.enqueue runs tasks in-process after commit, and
`manage.py run_periodic` runs the beat schedule's tasks in a loop.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("phonestore")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
