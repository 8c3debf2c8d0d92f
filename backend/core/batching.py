"""Collect what one transaction changed and act on it once, after it commits.

    batching.add("search-sync", variant_ids, flush=send_search_sync)

Items added while a transaction runs are kept in one set per name and handed to `flush` in a single call
when the transaction commits (nothing when it rolls back), however many saves added them; outside a
transaction `flush` runs at once. `flush` must not raise into the request: it logs its own failures.
"""

from collections.abc import Callable, Hashable, Iterable

from django.db import DEFAULT_DB_ALIAS, transaction

ATTRIBUTE = "_pending_batches"  # on the connection: {name: PendingBatch}


class PendingBatch:
    """The items of one name in one transaction; registered once with on_commit, called once after it."""

    def __init__(self, flush: Callable[[set], None]):
        self.flush = flush
        self.items: set = set()

    def __call__(self) -> None:
        items, self.items = self.items, set()
        if items:
            self.flush(items)


def add(name: str, items: Iterable[Hashable], *, flush: Callable[[set], None], using: str = DEFAULT_DB_ALIAS) -> None:
    items = set(items)
    if not items:
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        flush(items)
        return
    pending: dict[str, PendingBatch] = connection.__dict__.setdefault(ATTRIBUTE, {})
    batch = pending.get(name)
    # A new transaction, or our callback was discarded with a rolled-back savepoint: register anew (the
    # items of the rolled-back part needed nothing; those added since are in the new set).
    if batch is None or not any(callback is batch for _, callback, _ in connection.run_on_commit):
        batch = pending[name] = PendingBatch(flush)
        transaction.on_commit(batch, using=using, robust=True)
    batch.items.update(items)


def forget(using: str = DEFAULT_DB_ALIAS) -> None:
    """Drop every pending batch of this connection (tests that fake a commit start clean)."""
    transaction.get_connection(using).__dict__.pop(ATTRIBUTE, None)
