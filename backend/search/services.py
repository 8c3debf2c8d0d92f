"""Search services: which engine answers, falling back when Meilisearch fails; keeping the indexes in
step with the catalog; full rebuilds; readiness; turning hits back into listing rows."""

import logging
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache

from catalog.models import Product
from catalog.selectors import with_listing_rows
from core.cache import bump_version
from search import documents
from search.backends import SearchBackend, SearchBackendError
from search.backends.embedded import EmbeddedBackend
from search.backends.meili import REBUILD_FLAG, MeilisearchBackend
from search.query import Hit, SearchRequest, SearchResult, Suggestion

logger = logging.getLogger(__name__)

FAILURE_KEY = "search:meilisearch:failure"
SUGGESTION_LIMIT = 8


def _cache_get(key):
    try:
        return cache.get(key)
    except Exception:  # a cache outage must not take search down with it
        logger.warning("Cache unavailable while reading %s", key, exc_info=True)
        return None


def _cache_set(key, value, timeout):
    try:
        cache.set(key, value, timeout=timeout)
    except Exception:
        logger.warning("Cache unavailable while writing %s", key, exc_info=True)


def embedded_backend() -> EmbeddedBackend:
    return EmbeddedBackend(settings.SEARCH_INDEX_DIR)


def meilisearch_backend() -> MeilisearchBackend | None:
    if not settings.MEILISEARCH_URL:
        return None
    return MeilisearchBackend(
        settings.MEILISEARCH_URL,
        settings.MEILISEARCH_API_KEY,
        settings.MEILISEARCH_INDEX_PREFIX,
        settings.MEILISEARCH_TIMEOUT_MS,
    )


def _note_failure(exc: Exception, operation: str) -> None:
    if _cache_get(FAILURE_KEY) is None:
        logger.warning(
            "Meilisearch failed during %s (%s: %s); the embedded search backend answers for the next %s s.",
            operation,
            exc.__class__.__name__,
            exc,
            settings.SEARCH_FALLBACK_SECONDS,
        )
    _cache_set(
        FAILURE_KEY,
        {"error": exc.__class__.__name__, "at": time.time()},
        timeout=max(settings.SEARCH_FALLBACK_SECONDS, 1),
    )


def _answer(operation: str, *args):
    """Meilisearch when configured and not failing lately, else the embedded engine."""
    meili = meilisearch_backend()
    if meili is not None and _cache_get(FAILURE_KEY) is None:
        try:
            return getattr(meili, operation)(*args)
        except Exception as exc:  # down, timing out, index missing, refusing: the shop still searches
            _note_failure(exc, operation)
    return getattr(embedded_backend(), operation)(*args)


def search(request: SearchRequest) -> SearchResult:
    return _answer("search", request)


def suggest(query: str, limit: int = SUGGESTION_LIMIT) -> list[Suggestion]:
    return _answer("suggest", query, limit)


def hydrate(hits: list[Hit], variant_predicate) -> list[Product]:
    """Listing rows (ProductListSerializer's input) for the hits, in hit order, from the database: prices
    and stock are always current. The hit's variant is the one a row shows. A phone that no longer
    matches (changed since it was indexed; its sync is on the way) is left out."""
    if not hits:
        return []
    products = with_listing_rows(
        Product.objects.filter(id__in=[h.product_id for h in hits], is_active=True).select_related("brand", "category"),
        variant_predicate,
    )
    by_id = {product.pk: product for product in products}
    rows = []
    for hit in hits:
        product = by_id.get(hit.product_id)
        if product is None or not product.matching_variants:
            continue
        variants = product.matching_variants
        for position, variant in enumerate(variants):
            if variant.pk == hit.variant_id and position:
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
    return meilisearch_backend() is not None and _cache_get(REBUILD_FLAG) is not None


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
    failures = []
    for backend in backends:
        try:
            backend.upsert(docs)
            backend.delete(gone)
        except Exception as exc:
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
    backends = {"database": embedded_backend()}
    meili = meilisearch_backend()
    if meili is not None:
        backends["meilisearch"] = meili
    names = list(targets) if targets else list(backends)
    unknown = [n for n in names if n not in backends]
    if unknown:
        raise SearchBackendError(f"Not configured: {', '.join(unknown)} (have {', '.join(backends)})")
    counts, failures = {}, []
    for name in names:
        total = documents.count()
        callback = progress(name, total) if progress else None
        try:
            counts[name] = backends[name].rebuild(documents.iter_batches(), progress=callback)
            logger.info("Search index %s rebuilt: %d variants", name, counts[name])
        except Exception as exc:
            failures.append(exc)
            logger.error("Rebuilding the %s search index failed: %s: %s", name, exc.__class__.__name__, exc)
    bump_version("search")
    if failures:
        raise SearchBackendError(f"{len(failures)} search index(es) not rebuilt") from failures[0]
    return counts


# ---- readiness ---------------------------------------------------------------------------------
def readiness_probe() -> dict:
    """ "ok" with the engine in use; "degraded" when Meilisearch is configured but failing (searches are
    then answered by the embedded engine: the shop works, /api/ready/ stays 200)."""
    meili = meilisearch_backend()
    if meili is None:
        return {"backend": "database"}
    try:
        meili.health()
    except Exception as exc:
        _note_failure(exc, "health check")
        return {"status": "degraded", "backend": "database", "error": exc.__class__.__name__}
    failure = _cache_get(FAILURE_KEY)
    if failure:
        return {"status": "degraded", "backend": "database", "error": failure.get("error", "error")}
    return {"backend": "meilisearch"}
