"""Search services: which engine answers, falling back when one fails; keeping the indexes in step with
the catalog; full rebuilds; readiness; turning hits back into listing rows.

Who answers a search: Meilisearch when configured, else the embedded index; when that fails, the next
one: Meilisearch -> the embedded index -> the database (search.selectors). An answer that is not the
configured engine's is `degraded` (the API says so and keeps it out of every cache). Meilisearch calls
go through its circuit breaker (core.breakers): after repeated failures it is not asked for a while.
"""

import logging
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from catalog.filters import ProductFilter
from catalog.selectors import (
    ListingRow,
    count_from_facets,
    listing_order,
    plain_listing_rows,
    remembered_listing_facets,
)
from core import metrics
from core.cache import bump_version
from search import documents, selectors
from search.backends import EngineUnavailable, SearchBackend, SearchBackendError
from search.backends.embedded import EmbeddedBackend, Summary, WithoutWords
from search.query import Hit, SearchRequest, SearchResult, Suggestion, sort_facets

if TYPE_CHECKING:  # the client (and pydantic, ~10 MB a process) is loaded only where Meilisearch is configured (apps)
    from search.backends.meili import MeilisearchBackend

logger = logging.getLogger(__name__)

SUGGESTION_LIMIT = 8
LOG_EVERY_SECONDS = 60.0  # a broken embedded index fails every search: one warning a minute says it

T = TypeVar("T")
_last_warned: dict[str, float] = {}


def _cache_get(key: str) -> Any:
    try:
        return cache.get(key)
    except Exception:  # a cache outage must not take search down with it
        logger.warning("Cache unavailable while reading %s", key, exc_info=True)
        return None


def embedded_backend() -> EmbeddedBackend:
    return EmbeddedBackend(settings.SEARCH_INDEX_DIR)


def meilisearch_backend() -> "MeilisearchBackend | None":
    if not settings.MEILISEARCH_URL:
        return None
    from search.backends.meili import MeilisearchBackend

    return MeilisearchBackend(
        settings.MEILISEARCH_URL,
        settings.MEILISEARCH_API_KEY,
        settings.MEILISEARCH_INDEX_PREFIX,
        settings.MEILISEARCH_TIMEOUT_MS,
    )


def _failed(engine: str, exc: Exception, operation: str, fallback: str) -> None:
    metrics.increment("search_fallback", engine=engine, fallback=fallback)
    if isinstance(exc, EngineUnavailable):
        return  # its breaker is open: logged when it opened
    now = time.monotonic()
    if engine == "embedded" and now - _last_warned.get(engine, -LOG_EVERY_SECONDS) < LOG_EVERY_SECONDS:
        return
    _last_warned[engine] = now
    logger.warning(
        "%s failed during %s (%s: %s); the %s answers.",
        "Meilisearch" if engine == "meilisearch" else "The embedded search index",
        operation,
        exc.__class__.__name__,
        exc,
        "embedded engine" if fallback == "embedded" else "database",
    )


def _answer(
    operation: str, meili_answer: Callable[["MeilisearchBackend"], T], embedded_answer: Callable[[EmbeddedBackend], T]
) -> tuple[T | None, bool]:
    """(the first engine's answer, whether it is a fallback's), or (None, True) when every engine failed
    and the database must answer."""
    meili = meilisearch_backend()
    if meili is not None:
        try:
            return meili_answer(meili), False
        except Exception as exc:  # noqa: BLE001  down, timing out, index missing, refusing: the shop still searches
            _failed("meilisearch", exc, operation, "embedded")
    try:
        return embedded_answer(embedded_backend()), meili is not None
    except Exception as exc:  # noqa: BLE001  unreadable or corrupt index: the database answers until a rebuild
        _failed("embedded", exc, operation, "database")
    return None, True


def search(request: SearchRequest, filterset: ProductFilter) -> SearchResult:
    """One page of phones for the request. `filterset`: the request's validated listing filters (the
    database answers through them when no engine can)."""
    on_columns = WithoutWords(lambda: _listing_page(request, filterset), lambda: _listing_summary(filterset))
    result, degraded = _answer("search", lambda m: m.search(request), lambda e: e.search(request, on_columns))
    if result is None:
        return selectors.database_search(request, filterset)
    result.degraded = degraded
    return result


def _listing_page(request: SearchRequest, filterset: ProductFilter) -> tuple[list[Hit], int] | None:
    """A listing's page of phones and their exact count on the catalog's columns (catalog.columns) when this process
    has them, for the embedded engine, whose page reads every matching variant (10-30 ms at a million variants). In the
    engine's order: the database listing's, except "-price", by each phone's dearest matching variant (the listing's:
    its cheapest), which its row then shows; other rows show their cheapest match, as the engine's do. None for
    relevance (a text without words): the engine ranks."""
    if request.sort != filterset.sort_key:
        return None
    dearest = request.sort == "-price"
    order = listing_order(filterset, dearest_match=dearest)
    if order is None:
        return None
    start = (request.page - 1) * request.page_size
    page = order.first(start + request.page_size)[start:].tolist()
    return [Hit(product_id=product_id, variant_id=None, dearest=dearest) for product_id in page], len(order)


def _listing_summary(filterset: ProductFilter) -> Summary | None:
    """A listing's facets, price range and exact count on the catalog's columns (catalog.columns) when this process
    has them, for the embedded engine: the same figures, exact, in a few milliseconds where the engine's distinct
    counts of phones over matching variants take tens (hundreds at a million variants). None without columns: the
    engine counts then."""
    facets = remembered_listing_facets(filterset)
    if facets is None:
        return None
    return sort_facets(facets["facets"]), facets["price"], count_from_facets(filterset, facets)


def suggest(query: str, limit: int = SUGGESTION_LIMIT) -> tuple[list[Suggestion], bool]:
    """(suggestions, degraded) for what has been typed so far."""
    found, degraded = _answer("suggest", lambda m: m.suggest(query, limit), lambda e: e.suggest(query, limit))
    if found is None:
        return selectors.database_suggest(query, limit), True
    return found, degraded


def hydrate(hits: list[Hit], variant_predicate: Q) -> list[ListingRow]:
    """Listing rows (ProductListSerializer's input) for the hits, in hit order, from the database: prices
    and stock are always current. The hit's variant is the one a row shows (the first of its matching variants). A
    phone that no longer matches (changed since it was indexed; its sync is on the way) is left out."""
    if not hits:
        return []
    by_id = plain_listing_rows([h.product_id for h in hits], variant_predicate)
    rows = []
    for hit in hits:
        product = by_id.get(hit.product_id)
        if product is None or not product.matching_variants:
            continue
        variants = product.matching_variants  # (by price, then id)
        shown = hit.variant_id
        if shown is None and hit.dearest:  # the dearest, the lowest id of equals (as the engine picks it)
            shown = next(v.pk for v in variants if v.price == variants[-1].price)
        for position, variant in enumerate(variants):
            if variant.pk == shown and position:
                product.matching_variants = [variant, *variants[:position], *variants[position + 1 :]]
                break
        rows.append(product)
    return rows


# ---- keeping the indexes in step --------------------------------------------------------------
def write_backends() -> list[SearchBackend]:
    """Every index to keep current: the embedded one (skipped while it does not exist: it is then built
    from the database when first needed) and Meilisearch when configured."""
    backends: list[SearchBackend] = [embedded_backend()]
    meili = meilisearch_backend()
    if meili is not None:
        backends.append(meili)
    return backends


def meilisearch_rebuilding() -> bool:
    if meilisearch_backend() is None:
        return False
    from search.backends.meili import REBUILD_FLAG

    return _cache_get(REBUILD_FLAG) is not None


def sync_variants(variant_ids: Iterable[int]) -> int:
    """Upsert the sellable ones among these variants, delete the others, in every index. Idempotent.
    Raises when any index could not be updated (the task retries)."""
    backends = [b for b in write_backends() if not isinstance(b, EmbeddedBackend) or b.exists()]
    ids = documents.with_siblings(int(i) for i in variant_ids) if backends else []
    if not ids:
        return 0  # (no index to keep current: the embedded one is built complete when first needed)
    docs = documents.documents_for(ids)
    present = {doc["id"] for doc in docs}
    gone = [i for i in ids if i not in present]
    failures: list[Exception] = []
    for backend in backends:
        try:
            backend.upsert(docs)
            backend.delete(gone)
        except Exception as exc:  # noqa: BLE001  one index failing must not keep the others stale
            failures.append(exc)
            logger.warning(
                "Search sync of %d variants into %s failed: %s: %s", len(ids), backend.name, exc.__class__.__name__, exc
            )
    bump_version("search")  # cached search answers (core.http_cache) were computed from the old index
    if failures:
        raise SearchBackendError(f"{len(failures)} search index(es) not updated") from failures[0]
    return len(ids)


def rebuild(
    targets: Iterable[str] | None = None, progress: Callable[[str, int], Callable[[int], None]] | None = None
) -> dict[str, int]:
    """Full re-index of each target ("database", "meilisearch"; default: every configured one), each
    built fresh and swapped in. `progress(name, total)` returns a callback fed with batch sizes."""
    backends: dict[str, SearchBackend] = {"database": embedded_backend()}
    meili = meilisearch_backend()
    if meili is not None:
        backends["meilisearch"] = meili
    names = list(targets) if targets else list(backends)
    unknown = [n for n in names if n not in backends]
    if unknown:
        raise SearchBackendError(f"Not configured: {', '.join(unknown)} (have {', '.join(backends)})")
    counts: dict[str, int] = {}
    failures: list[Exception] = []
    for name in names:
        total = documents.count()
        callback = progress(name, total) if progress else None
        try:
            counts[name] = backends[name].rebuild(documents.iter_batches(), progress=callback)
            logger.info("Search index %s rebuilt: %d variants", name, counts[name])
        except Exception as exc:  # noqa: BLE001  one index failing must not keep the others from rebuilding
            failures.append(exc)
            logger.error("Rebuilding the %s search index failed: %s: %s", name, exc.__class__.__name__, exc)
    bump_version("search")
    if failures:
        raise SearchBackendError(f"{len(failures)} search index(es) not rebuilt") from failures[0]
    return counts


# ---- readiness ---------------------------------------------------------------------------------
def readiness_probe() -> dict[str, object]:
    """The engine that answers searches now. "degraded" (the shop still searches, /api/ready/ stays 200)
    when it is not the configured one: Meilisearch failing or its breaker open (the embedded engine
    answers), or the embedded index unreadable (the database answers until reindex_search repairs it)."""
    meili = meilisearch_backend()
    meili_error = None
    if meili is not None:
        try:
            meili.health()
            return {"backend": "meilisearch", "engine": "meilisearch"}
        except Exception as exc:  # noqa: BLE001  any failure is a fallback, reported
            _failed("meilisearch", exc, "health check", "embedded")
            meili_error = exc
    try:
        embedded_backend().health()
    except Exception as exc:  # noqa: BLE001  any failure is a fallback, reported
        return {
            "status": "degraded",
            "backend": "database",
            "engine": "database",
            "error": exc.__class__.__name__,
            "detail": str(exc)[:300],
        }
    if meili_error is not None:
        return {
            "status": "degraded",
            "backend": "database",
            "engine": "embedded",
            "error": meili_error.__class__.__name__,
            "detail": str(meili_error)[:300],
        }
    return {"backend": "database", "engine": "embedded"}
