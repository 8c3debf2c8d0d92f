"""One sync task per transaction: variant ids touched while a transaction runs are collected
(core.batching) and sent as a single Celery task when it commits (nothing when it rolls back). Outside a
transaction the task is sent at once. Enqueueing never breaks the save that caused it: a failure is logged, and
the nightly re-index repairs what was missed."""

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from core import batching

logger = logging.getLogger(__name__)


def send(variant_ids: Iterable[int]) -> None:
    """To the broker; or, in the embedded mode (CELERY_TASK_ALWAYS_EAGER, read now as core.tasks does),
    run here and now."""
    from core.tasks import run_now
    from search.tasks import sync_variants

    ids = sorted(set(variant_ids))
    if not ids:
        return
    options: dict[str, Any] = {"queue": settings.SEARCH_TASK_QUEUE} if settings.SEARCH_TASK_QUEUE else {}
    try:
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
            run_now(sync_variants, ids)
        else:
            sync_variants.apply_async(args=(ids,), **options)
    except Exception:
        logger.exception(
            "Could not enqueue the search sync of %d variant(s); the nightly re-index will catch up.", len(ids)
        )


def variants_changed(variant_ids: Iterable[int], using: str = DEFAULT_DB_ALIAS) -> None:
    batching.add("search-sync", (int(i) for i in variant_ids), flush=send, using=using)
