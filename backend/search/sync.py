"""One sync task per transaction: variant ids touched while a transaction runs are collected in a set
and sent as a single Celery task when it commits (nothing when it rolls back). Outside a transaction
the task is sent at once. Enqueueing never breaks the save that caused it: a failure is logged, and
the nightly re-index repairs what was missed."""
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction

logger = logging.getLogger(__name__)

_ATTRIBUTE = "_search_pending_sync"


def send(variant_ids: Iterable[int]) -> None:
    """To the broker; or, in the embedded mode (CELERY_TASK_ALWAYS_EAGER, read now as core.tasks does),
    run here and now."""
    from core.tasks import run_now
    from search.tasks import sync_variants

    ids = sorted(set(variant_ids))
    if not ids:
        return
    options = {"queue": settings.SEARCH_TASK_QUEUE} if settings.SEARCH_TASK_QUEUE else {}
    try:
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
            run_now(sync_variants, ids)
        else:
            sync_variants.apply_async(args=[ids], **options)
    except Exception:
        logger.exception("Could not enqueue the search sync of %d variant(s); the nightly re-index will "
                         "catch up.", len(ids))


class PendingSync:
    """The ids of one transaction; registered once with on_commit, and called once after it commits."""

    def __init__(self):
        self.ids: set[int] = set()

    def __call__(self):
        ids, self.ids = self.ids, set()
        send(ids)


def variants_changed(variant_ids: Iterable[int], using: str = DEFAULT_DB_ALIAS) -> None:
    ids = {int(i) for i in variant_ids}
    if not ids:
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        send(ids)
        return
    pending = getattr(connection, _ATTRIBUTE, None)
    # A new transaction, or our callback was discarded with a rolled-back savepoint: register anew
    # (the ids of the rolled-back part needed no sync; ids collected since are in the new set).
    if pending is None or not any(callback is pending for _, callback, _ in connection.run_on_commit):
        pending = PendingSync()
        setattr(connection, _ATTRIBUTE, pending)
        transaction.on_commit(pending, using=using, robust=True)
    pending.ids.update(ids)
