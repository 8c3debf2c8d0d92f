"""Search indexing tasks. Production: a Celery worker on the Redis broker (retries with backoff).
Embedded default: run in-process after commit (a short in-process retry, then the nightly re-index)."""

import logging
import random
import time

from celery import shared_task

from search import services

logger = logging.getLogger(__name__)

MAX_RETRIES = 8
EAGER_RETRY_DELAYS = (0.2, 1.0)
REBUILD_RECHECK_SECONDS = 60


def backoff(retries: int) -> float:
    """5 s, 10 s, 20 s ... capped at 10 minutes, with jitter so that failed syncs do not return together."""
    return min(600, 5 * 2**retries) * random.uniform(0.8, 1.2)


@shared_task(bind=True, name="search.tasks.sync_variants", max_retries=MAX_RETRIES, acks_late=True, ignore_result=True)
def sync_variants(self, variant_ids):
    """Upsert these variants into the search indexes (deleting inactive or removed ones)."""
    if self.request.is_eager:
        for attempt, delay in enumerate((0, *EAGER_RETRY_DELAYS)):
            time.sleep(delay)
            try:
                services.sync_variants(variant_ids)
                return
            except Exception as exc:  # noqa: BLE001  retried, then left to the nightly re-index
                logger.warning("Search sync attempt %d of %d variant(s) failed: %s", attempt + 1, len(variant_ids), exc)
        logger.error(
            "Search sync of %d variant(s) gave up; the nightly re-index will repair the index.", len(variant_ids)
        )
        return
    try:
        services.sync_variants(variant_ids)
    except Exception as exc:
        countdown = backoff(self.request.retries)
        logger.warning(
            "Search sync of %d variant(s) failed (%s); retry %d/%d in %.0f s.",
            len(variant_ids),
            exc,
            self.request.retries + 1,
            MAX_RETRIES,
            countdown,
        )
        raise self.retry(exc=exc, countdown=countdown) from exc
    if services.meilisearch_rebuilding():
        # A full Meilisearch rebuild read the catalog before this change may have committed: apply it
        # again once the rebuilt index is swapped in (upserts are idempotent).
        raise self.retry(countdown=REBUILD_RECHECK_SECONDS)


@shared_task(name="search.tasks.reindex_all", ignore_result=True)
def reindex_all():
    """Nightly full re-index (beat, 03:00 Asia/Kolkata): fresh indexes swapped in."""
    counts = services.rebuild()
    logger.info("Nightly search re-index: %s", counts)
    return counts
