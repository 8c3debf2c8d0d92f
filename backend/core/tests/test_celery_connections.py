"""A Celery worker's database connection from task to task: kept, as a request's is, rather than opened anew for
every task (config/celery.py, CELERY_DB_REUSE_MAX). The worker's side is played here in-process: Celery's own
Django fixup (what `celery worker` installs) and the task signals, in the order a worker sends them."""

import time
from types import SimpleNamespace

import pytest
from celery import signals
from celery.fixups.django import DjangoWorkerFixup  # type: ignore[attr-defined]  # (celery-types omits it)
from django.db import connection, transaction

from config.celery import app


class Task:
    """What the signals' handlers read of a task (a signal's sender must be hashable)."""

    def __init__(self, *, eager: bool = False) -> None:
        self.request = SimpleNamespace(is_eager=eager)


def run_in_worker(fixup: DjangoWorkerFixup, task: Task) -> object:
    """One task as a worker runs it (prerun: the fixup, then the app's handlers; postrun likewise); answers the
    connection the task used."""
    fixup.on_task_prerun(sender=task)
    signals.task_prerun.send(sender=task, task_id="t", task=task, args=(), kwargs={})
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    used = connection.connection
    signals.task_postrun.send(sender=task, task_id="t", task=task, args=(), kwargs={}, retval=None, state="SUCCESS")
    fixup.on_task_postrun(sender=task)
    return used


@pytest.fixture
def fixup(transactional_db):
    connection.ensure_connection()
    connection.close_at = None  # as with CONN_MAX_AGE=None: only the rules under test close it
    return DjangoWorkerFixup(app)


def test_a_worker_keeps_its_connection_from_task_to_task(fixup):
    assert fixup.db_reuse_max  # without it, the fixup closes the connection around every task
    used = {id(run_in_worker(fixup, Task())) for _ in range(5)}
    assert len(used) == 1 and connection.connection is not None


closes_for_real = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Django never closes SQLite's in-memory test database"
)


@closes_for_real
def test_a_connection_past_its_age_is_closed_before_the_next_task(fixup):
    first = run_in_worker(fixup, Task())
    connection.close_at = time.monotonic() - 1  # CONN_MAX_AGE is up
    assert run_in_worker(fixup, Task()) is not first


@closes_for_real
def test_a_connection_left_in_a_broken_transaction_is_replaced(fixup):
    first = run_in_worker(fixup, Task())
    connection.set_autocommit(False)  # a task that died inside a transaction it had opened by hand
    task = Task()
    signals.task_postrun.send(sender=task, task_id="t", task=task, args=(), kwargs={}, retval=None, state="FAILURE")
    assert connection.connection is None
    assert run_in_worker(fixup, Task()) is not first


def test_an_eager_task_leaves_its_callers_transaction_alone(transactional_db):
    with transaction.atomic():
        connection.close_at = time.monotonic() - 1  # even an old connection: it is the caller's
        task = Task(eager=True)
        signals.task_prerun.send(sender=task, task_id="t", task=task, args=(), kwargs={})
        assert connection.in_atomic_block and connection.connection is not None
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
