"""Enqueue background work so that it runs only after the surrounding transaction commits.

Embedded default (no broker): CELERY_TASK_ALWAYS_EAGER is on and the task runs in this process right
after commit. Production: the task is sent to the Celery broker (Redis) after commit, so a worker
never reads rows that are not committed yet, and a rolled-back change enqueues nothing.

The broker down never breaks a committed change. `enqueue_on_commit` logs and counts the task it could not
send; the work is done later by the periodic catch-up of its kind, which finds it from the database
(docs/operations.md, "When Redis is down"). `deliver_on_commit` is for a message a person is waiting for
now (a sign-in code, a reset link): it goes ahead of the other tasks on the broker (WAITED_FOR_PRIORITY);
without a broker it is sent from this process instead, and a failure to send it at all is a 503, never a
silent success. After a failed send, this process does not try the broker again for
TASK_BROKER_PAUSE_SECONDS, so an outage costs one slow request, not every one.
"""

import logging
import time

from celery import shared_task
from django.conf import settings
from django.db import transaction
from kombu.transport.redis import PRIORITY_STEPS, Channel

from core import metrics
from core.errors import ApplicationError, CommonErrorCode
from core.outages import BROKER_ERRORS

logger = logging.getLogger(__name__)

_broker_paused_until = 0.0  # time.monotonic() before which this process does not try the broker
# The priority of a message a person is waiting for: 0, the Redis broker's first (settings CELERY_TASK_DEFAULT_PRIORITY,
# 3, is every other task's), so a worker takes it next even with a backlog of a sale's invoices and e-mails.
WAITED_FOR_PRIORITY = 0


def broker_lists(queue: str) -> list[str]:
    """The Redis lists that hold a queue's waiting tasks: kombu keeps one per priority step, the queue's own name for
    0 and `<queue>\\x06\\x16<step>` for the others."""
    return [queue] + [f"{queue}{Channel.sep}{step}" for step in PRIORITY_STEPS if step]


def run_now(task, *args, **kwargs):
    """Run a task in this process; a failure is logged, never raised into the caller."""
    result = task.apply(args=args, kwargs=kwargs)
    if result.failed():
        logger.error("Task %s%r failed in-process: %r", task.name, args, result.result)
    return result


def _eager() -> bool:
    # Read at send time (not frozen in Celery's config), so the mode follows the settings in force.
    return getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True)


def publish(task, args=(), kwargs=None, *, priority: int | None = None) -> bool:
    """Send a task to the broker (at the task's own priority unless given); False when the broker cannot take it
    (logged and counted)."""
    global _broker_paused_until
    if time.monotonic() < _broker_paused_until:
        metrics.increment("task_not_sent", task=task.name, reason="broker_paused")
        return False
    try:
        options = {} if priority is None else {"priority": priority}
        task.apply_async(args=args, kwargs=kwargs or {}, **options)
    except BROKER_ERRORS as exc:
        _broker_paused_until = time.monotonic() + settings.TASK_BROKER_PAUSE_SECONDS
        metrics.increment("task_not_sent", task=task.name, reason="broker_error")
        logger.warning("Task %s%r not sent, the broker is unavailable: %s", task.name, args, exc)
        return False
    return True


def resume_broker() -> None:
    """Try the broker again at the next send (tests; a process that knows the broker is back)."""
    global _broker_paused_until
    _broker_paused_until = 0.0


def publish_all(sends) -> None:
    """publish() each (task, args, kwargs) of `sends`, in order, through one producer whose messages go to the
    broker together (one Redis round trip for all where the transport batches). A task whose send fails for any
    other reason is logged and the others still go, as separate on-commit hooks would."""
    global _broker_paused_until
    sends = list(sends)
    app = sends[0][0].app
    try:
        with app.producer_or_acquire() as producer, producer.batch():
            for n, (task, args, kwargs) in enumerate(sends):
                if time.monotonic() < _broker_paused_until:
                    for skipped, _, _ in sends[n:]:
                        metrics.increment("task_not_sent", task=skipped.name, reason="broker_paused")
                    return
                try:
                    task.apply_async(args=args, kwargs=kwargs, producer=producer)
                except BROKER_ERRORS as exc:
                    _broker_paused_until = time.monotonic() + settings.TASK_BROKER_PAUSE_SECONDS
                    metrics.increment("task_not_sent", task=task.name, reason="broker_error")
                    logger.warning("Task %s%r not sent, the broker is unavailable: %s", task.name, args, exc)
                except Exception:
                    logger.exception("Task %s%r not sent.", task.name, args)
    except BROKER_ERRORS as exc:  # the batch's one write to the broker failed: none of it went
        _broker_paused_until = time.monotonic() + settings.TASK_BROKER_PAUSE_SECONDS
        for task, _, _ in sends:
            metrics.increment("task_not_sent", task=task.name, reason="broker_error")
        logger.warning("Tasks %s not sent, the broker is unavailable: %s", [t.name for t, _, _ in sends], exc)


class _OnCommit:
    """The tasks one transaction enqueued at one savepoint depth, sent together once it commits (one Django
    on-commit hook: a savepoint rolled back drops them all, exactly as it would drop their separate hooks)."""

    def __init__(self, task, args, kwargs) -> None:
        self.sends = [(task, args, kwargs)]
        self.called = False  # (a test's captured callbacks run while the test's transaction stays open)

    def __call__(self) -> None:
        self.called = True
        if _eager():
            for task, args, kwargs in self.sends:
                run_now(task, *args, **kwargs)
        else:
            publish_all(self.sends)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send a Celery task once the current transaction commits (at once outside a transaction), so a
    worker never reads rows that are not committed yet and a rolled-back change enqueues nothing.
    A failure to send or to run in-process is logged; it never breaks the committed request. Work sent
    this way must have a periodic catch-up that redoes it from the database when the send is lost.
    Tasks enqueued one after another in the same transaction and savepoint go to the broker in one publish."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and connection.run_on_commit:
        savepoints, last, _ = connection.run_on_commit[-1]
        if isinstance(last, _OnCommit) and not last.called and savepoints == set(connection.savepoint_ids):
            last.sends.append((task, args, kwargs))
            return
    transaction.on_commit(_OnCommit(task, args, kwargs), robust=True)


def _deliver(task, args) -> None:
    if not _eager() and publish(task, args, priority=WAITED_FOR_PRIORITY):
        return
    if run_now(task, *args).failed():
        raise ApplicationError(
            CommonErrorCode.SERVICE_UNAVAILABLE,
            "We could not send the message just now. Please try again in a minute.",
            retry_after=settings.SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS,
        )


def deliver_on_commit(task, *args) -> None:
    """Once the transaction commits, send a message a person is waiting for: through the broker, or from
    this process when the broker cannot take it. When it cannot be sent at all, ApplicationError (503 with
    Retry-After) reaches the request, so the person asks again rather than waits for nothing."""
    transaction.on_commit(lambda: _deliver(task, args))


@shared_task(name="core.tasks.purge_rate_limit_counters", ignore_result=True)
def purge_rate_limit_counters() -> int:
    """Beat, hourly: delete the database rate-limit counters of ended windows (core.ratelimit)."""
    from core.ratelimit import purge_database_counters

    return purge_database_counters()
