from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send a Celery task once the current transaction commits (at once outside a transaction), so a
    worker never reads rows that are not committed yet and a rolled-back change enqueues nothing."""
    transaction.on_commit(lambda: task.delay(*args, **kwargs))
