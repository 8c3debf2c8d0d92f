"""The tasks one transaction enqueues go to the broker together once it commits (core.tasks.enqueue_on_commit):
one on-commit hook per savepoint depth, so a rolled-back savepoint still drops exactly its own tasks."""

from unittest import mock

import pytest
from celery.app.task import Task
from django.db import transaction

from core.tasks import enqueue_on_commit, purge_rate_limit_counters

pytestmark = pytest.mark.django_db


class Sent:
    """Task.apply_async replaced (`apply_async`, a plain function so that it binds to the task): what was sent,
    in order, and through which producer."""

    def __init__(self):
        self.calls: list[tuple[tuple, object]] = []

        def apply_async(task, args=None, kwargs=None, **options):
            self.calls.append((tuple(args or ()), options.get("producer")))

        self.apply_async = apply_async


def test_one_transactions_tasks_share_one_hook_and_one_producer(settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = Sent()
    with mock.patch.object(Task, "apply_async", sent.apply_async):
        with django_capture_on_commit_callbacks(execute=True) as hooks:
            enqueue_on_commit(purge_rate_limit_counters, 1)
            enqueue_on_commit(purge_rate_limit_counters, 2)
            enqueue_on_commit(purge_rate_limit_counters, 3)
    assert len(hooks) == 1
    assert [args for args, _ in sent.calls] == [(1,), (2,), (3,)]
    assert len({id(producer) for _, producer in sent.calls}) == 1 and sent.calls[0][1] is not None


def test_a_rolled_back_savepoint_drops_only_its_own_tasks(settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = Sent()
    with mock.patch.object(Task, "apply_async", sent.apply_async), django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(purge_rate_limit_counters, 1)
        try:
            with transaction.atomic():
                enqueue_on_commit(purge_rate_limit_counters, 2)
                raise RuntimeError
        except RuntimeError:
            pass
        with transaction.atomic():
            enqueue_on_commit(purge_rate_limit_counters, 3)
        enqueue_on_commit(purge_rate_limit_counters, 4)
    assert [args for args, _ in sent.calls] == [(1,), (3,), (4,)]


def test_a_hook_that_already_ran_takes_no_more_tasks(settings, django_capture_on_commit_callbacks):
    """(A test's transaction stays open after its captured hooks ran: the next task needs a hook of its own.)"""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = Sent()
    with mock.patch.object(Task, "apply_async", sent.apply_async):
        with django_capture_on_commit_callbacks(execute=True):
            enqueue_on_commit(purge_rate_limit_counters, 1)
        with django_capture_on_commit_callbacks(execute=True) as hooks:
            enqueue_on_commit(purge_rate_limit_counters, 2)
    assert len(hooks) == 1 and [args for args, _ in sent.calls] == [(1,), (2,)]
