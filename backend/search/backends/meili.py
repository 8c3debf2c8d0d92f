"""Meilisearch, through the official client (meilisearch-python).

One index, ``<MEILISEARCH_INDEX_PREFIX>products``, one document per sellable variant, primary key ``id``,
``distinctAttribute: product_id`` so that a phone appears once. Writes are asynchronous Meilisearch tasks;
we wait for them wherever correctness depends on the outcome (settings before documents, every document
batch before a swap, each sync so that a failure is retried). A full rebuild fills a fresh index,
``<uid>__rebuild``, swaps it with the live one and deletes the old documents: search never goes empty.

A search is one ``/multi-search`` round trip:
  - the page: hits (one per phone) and totalHits;
  - brand and 5G facets (phone-level values: counting after the index's distinct counts phones), from the
    page's query or, when that facet is filtered, from a query without its own filter (disjunctive facets,
    as the listing's);
  - RAM, storage and colour facets, each without its own filter and counted after ``distinct`` on
    "product:value", so that a phone with three 8 GB colours counts once under 8 GB, as the listing counts;
  - the price range over every matching variant but for the price filter (``distinct: "id"``: no
    de-duplication).

Every call but a full rebuild goes through the "meilisearch" circuit breaker (core.breakers): after
repeated timeouts, lost connections or 5xx, Meilisearch is not asked for a while (EngineUnavailable) and
search answers from the embedded engine meanwhile.
"""

import logging
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import meilisearch
from django.core.cache import cache
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError, MeilisearchTimeoutError
from meilisearch.models.task import Task, TaskInfo

from core.breakers import guarded, is_outage
from search.backends import EngineUnavailable, Progress, SearchBackend, SearchBackendError
from search.query import (
    MAX_FACET_VALUES,
    RELEVANCE,
    SYNONYMS,
    Hit,
    SearchFilters,
    SearchRequest,
    SearchResult,
    Suggestion,
    empty_facets,
    money,
    normalize_query,
    sort_facets,
)

logger = logging.getLogger(__name__)

REBUILD_FLAG = "search:meilisearch:rebuilding"
MAX_TOTAL_HITS = 100_000
TASK_TIMEOUT_MS = 30_000
REBUILD_TASK_TIMEOUT_MS = 600_000

INDEX_SETTINGS = {
    # Ranking order of the searchable attributes: a word in the title outranks one in the colour.
    "searchableAttributes": ["title", "brand_name", "category_path", "color", "specs"],
    "filterableAttributes": [
        "id",
        "brand",
        "brand_key",
        "category",
        "category_path",
        "price",
        "ram",
        "storage",
        "color",
        "color_key",
        "is_5g",
        "available",
        "rating",
        "product_ram",
        "product_storage",
        "product_color",
    ],
    "sortableAttributes": ["price", "rating", "review_count", "popularity", "launch_date", "product_id"],
    "distinctAttribute": "product_id",
    # "sort" first: an explicit price / rating sort is strict; relevance decides when none is asked.
    # Ties in relevance go to the more popular phone, as in the embedded engine.
    "rankingRules": ["sort", "words", "typo", "proximity", "attribute", "exactness", "popularity:desc"],
    "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}},
    "synonyms": SYNONYMS,
    "faceting": {"maxValuesPerFacet": MAX_FACET_VALUES},
    "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
}
_UNORDERED = {"filterableAttributes", "sortableAttributes"}

# Listing sorts. After the phone-level keys, product_id keeps a phone's variants together and
# price:asc makes its cheapest matching variant the one shown (distinct keeps the first).
SORTS = {
    "popularity": ["popularity:desc", "product_id:asc", "price:asc"],
    "price": ["price:asc", "product_id:asc"],
    "-price": ["price:desc", "product_id:asc"],
    "-rating": ["rating:desc", "review_count:desc", "product_id:asc", "price:asc"],
    "newest": ["launch_date:desc", "product_id:desc", "price:asc"],
}
VARIANT_FACET_KEYS = {"ram": "product_ram", "storage": "product_storage", "color": "product_color"}


def _wire(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The documents as Meilisearch keeps them: without the embedded engine's phone facts (documents.phone_facts;
    Meilisearch counts phones by its distinct keys, product_ram and the like)."""
    return [{key: value for key, value in doc.items() if key != "phone"} for doc in documents]


def quote(value: str) -> str:
    """A string literal for a Meilisearch filter: double quotes, with quotes and backslashes escaped."""
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def number(value: object) -> str:
    return format(Decimal(str(value)).normalize(), "f")


def filter_expressions(filters: SearchFilters) -> list[str]:
    """The listing's filters as Meilisearch filter expressions (a list: all must hold)."""
    out = []
    if filters.brands:
        out.append(f"brand IN [{', '.join(quote(b) for b in filters.brands)}]")
    if filters.category_path:
        out.append(f"category = {quote(filters.category_path)}")
    if filters.is_5g is not None:
        out.append(f"is_5g = {'true' if filters.is_5g else 'false'}")
    if filters.rating_min is not None:
        out.append(f"rating >= {number(filters.rating_min)}")
    if filters.ram:
        out.append(f"ram IN [{', '.join(str(v) for v in filters.ram)}]")
    if filters.storage:
        out.append(f"storage IN [{', '.join(str(v) for v in filters.storage)}]")
    if filters.colors:
        out.append(f"color_key IN [{', '.join(quote(c) for c in filters.colors)}]")
    if filters.price_min is not None and filters.price_max is not None:
        out.append(f"price {number(filters.price_min)} TO {number(filters.price_max)}")
    elif filters.price_min is not None:
        out.append(f"price >= {number(filters.price_min)}")
    elif filters.price_max is not None:
        out.append(f"price <= {number(filters.price_max)}")
    if filters.available:
        out.append("available = true")
    return out


def settings_changes(current: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
    """The part of `wanted` that differs from the index's settings (empty when up to date)."""
    changes = {}
    for key, value in wanted.items():
        have = current.get(key)
        if key in _UNORDERED:
            same = isinstance(have, list) and set(have) == set(value)
        elif isinstance(value, dict) and key != "synonyms":
            same = isinstance(have, dict) and all(
                (have.get(k) == v)
                if not isinstance(v, dict)
                else (isinstance(have.get(k), dict) and all(have[k].get(kk) == vv for kk, vv in v.items()))
                for k, v in value.items()
            )
        elif key == "synonyms":
            same = isinstance(have, dict) and {k: sorted(v) for k, v in have.items()} == {
                k: sorted(v) for k, v in value.items()
            }
        else:
            same = have == value
        if not same:
            changes[key] = value
    return changes


def outage(exc: Exception) -> bool:
    """Meilisearch failing: unreachable, too slow (a request, or a task not done in time), or its 5xx."""
    return isinstance(exc, (MeilisearchCommunicationError, MeilisearchTimeoutError)) or is_outage(exc)


breaker_guarded = guarded("meilisearch", failure=outage, unavailable=lambda exc: EngineUnavailable(str(exc)))


# (url, uid) pairs whose index exists with our settings, in this process.
_READY: set[tuple[str, str]] = set()


class MeilisearchBackend(SearchBackend):
    name = "meilisearch"

    def __init__(self, url: str, api_key: str = "", index_prefix: str = "", timeout_ms: int = 2000):
        self.url = url.rstrip("/")
        # Seconds, handed to requests as they are: a float is fine there (the client's hint says int).
        timeout = max(timeout_ms, 1) / 1000
        self.client = meilisearch.Client(self.url, api_key or None, timeout=timeout)  # type: ignore[arg-type]
        self.uid = f"{index_prefix}products"

    # ---- tasks and settings -------------------------------------------------------------------
    def _wait(self, task_info: TaskInfo, timeout_ms: int = TASK_TIMEOUT_MS) -> Task:
        task = self.client.wait_for_task(task_info.task_uid, timeout_in_ms=timeout_ms, interval_in_ms=50)
        if task.status != "succeeded":
            raise SearchBackendError(f"Meilisearch task {task.uid} ({task.type}) {task.status}: {task.error}")
        return task

    def _index_exists(self, uid: str) -> bool:
        try:
            self.client.get_raw_index(uid)
            return True
        except MeilisearchApiError as exc:
            if exc.code == "index_not_found" or exc.status_code == 404:
                return False
            raise

    def _create_index(self, uid: str) -> None:
        self._wait(self.client.create_index(uid, {"primaryKey": "id"}))

    def apply_settings(self, uid: str) -> None:
        """Idempotent: reads the settings and sends only what differs (nothing when up to date)."""
        index = self.client.index(uid)
        changes = settings_changes(index.get_settings(), INDEX_SETTINGS)
        if changes:
            self._wait(index.update_settings(changes))

    def ensure_index(self) -> None:
        if (self.url, self.uid) in _READY:
            return
        if not self._index_exists(self.uid):
            self._create_index(self.uid)
        self.apply_settings(self.uid)
        _READY.add((self.url, self.uid))

    # ---- writes -------------------------------------------------------------------------------
    @breaker_guarded
    def upsert(self, documents: list[dict[str, Any]]) -> None:
        if not documents:
            return
        self.ensure_index()
        self._wait(self.client.index(self.uid).add_documents(_wire(documents), primary_key="id"))

    @breaker_guarded
    def delete(self, variant_ids: Iterable[int]) -> None:
        ids = sorted(set(variant_ids))
        if not ids:
            return
        self.ensure_index()
        expression = f"id IN [{', '.join(str(i) for i in ids)}]"
        self._wait(self.client.index(self.uid).delete_documents(filter=expression))

    def rebuild(self, batches: Iterable[list[dict[str, Any]]], progress: Progress | None = None) -> int:
        building = f"{self.uid}__rebuild"
        cache.set(REBUILD_FLAG, self.uid, timeout=6 * 3600)
        try:
            if self._index_exists(building):  # left over by a rebuild that died
                self._wait(self.client.delete_index(building))
            self._create_index(building)
            self.apply_settings(building)  # settings first: documents are indexed once
            tasks, count = [], 0
            for batch in batches:
                if batch:
                    tasks.append(self.client.index(building).add_documents(_wire(batch), primary_key="id"))
                    count += len(batch)
                if progress:
                    progress(len(batch))
            for task in tasks:  # every batch in before anything is swapped
                self._wait(task, timeout_ms=REBUILD_TASK_TIMEOUT_MS)
            indexed = self.client.index(building).get_stats().number_of_documents
            if indexed != count:
                raise SearchBackendError(f"Meilisearch indexed {indexed} of {count} documents; live index kept.")
            if not self._index_exists(self.uid):
                self._create_index(self.uid)
            self._wait(self.client.swap_indexes([{"indexes": [self.uid, building]}]))
            self._wait(self.client.delete_index(building))  # it now holds the previous documents
            _READY.add((self.url, self.uid))
            return count
        finally:
            cache.delete(REBUILD_FLAG)

    # ---- reads --------------------------------------------------------------------------------
    @breaker_guarded
    def health(self) -> None:
        status = self.client.health().get("status")
        if status != "available":
            raise SearchBackendError(f"Meilisearch status {status!r}")

    def search_queries(self, request: SearchRequest) -> tuple[list[dict[str, Any]], dict[str, int]]:
        """The multi-search of one search, and which query answers which facet ("price": the range).
        Facets are disjunctive, as the listing's: each counts with every filter but its own."""

        def base(filters: SearchFilters) -> dict[str, Any]:
            query: dict[str, Any] = {"indexUid": self.uid, "q": request.words, "matchingStrategy": "all"}
            expressions = filter_expressions(filters)
            if expressions:
                query["filter"] = expressions
            return query

        page = {
            **base(request.filters),
            "page": request.page,
            "hitsPerPage": request.page_size,
            "attributesToRetrieve": ["id", "product_id"],
        }
        if request.sort != RELEVANCE:
            page["sort"] = SORTS[request.sort]
        queries, answers = [page], {}
        for name in ("brand", "is_5g"):  # one value per phone: counted after the index's distinct
            if request.filters.has(name):
                answers[name] = len(queries)
                queries.append({**base(request.filters.without(name)), "limit": 0, "facets": [name]})
            else:
                answers[name] = 0
                page.setdefault("facets", []).append(name)
        for name, distinct in VARIANT_FACET_KEYS.items():  # distinct on "product:value": phones per value
            answers[name] = len(queries)
            queries.append({**base(request.filters.without(name)), "limit": 0, "distinct": distinct, "facets": [name]})
        answers["price"] = len(queries)  # over every matching variant: no de-duplication
        queries.append({**base(request.filters.without("price")), "limit": 0, "distinct": "id", "facets": ["price"]})
        return queries, answers

    @breaker_guarded
    def search(self, request: SearchRequest) -> SearchResult:
        queries, answers = self.search_queries(request)
        results = self.client.multi_search(queries)["results"]
        page = results[0]
        facets = empty_facets()
        for name in facets:
            facets[name] = dict((results[answers[name]].get("facetDistribution") or {}).get(name) or {})
        stats = (results[answers["price"]].get("facetStats") or {}).get("price") or {}
        total = page.get("totalHits")
        if total is None:
            total = page.get("estimatedTotalHits", 0)
        return SearchResult(
            hits=[Hit(product_id=int(h["product_id"]), variant_id=int(h["id"])) for h in page.get("hits", [])],
            total=int(total),
            facets=sort_facets(facets),
            price={"min": money(stats.get("min")), "max": money(stats.get("max"))},
            backend=self.name,
        )

    @breaker_guarded
    def suggest(self, query: str, limit: int) -> list[Suggestion]:
        words = normalize_query(query)
        if not words.strip():
            return []
        base = {"indexUid": self.uid, "q": words, "matchingStrategy": "all"}
        products, brands = self.client.multi_search(
            [
                {
                    **base,
                    "limit": limit,
                    "attributesToSearchOn": ["title", "brand_name"],
                    "attributesToRetrieve": ["product_id", "title", "slug"],
                },
                {**base, "limit": 0, "attributesToSearchOn": ["brand_name"], "facets": ["brand_key"]},
            ]
        )["results"]
        by_count = sorted(
            ((brands.get("facetDistribution") or {}).get("brand_key") or {}).items(),
            key=lambda item: (-item[1], item[0]),
        )
        out = []
        for key, _ in by_count[:3]:
            slug, _, name = key.partition("\t")
            out.append(Suggestion(type="brand", title=name, slug=slug))
        for hit in products.get("hits", []):
            if len(out) >= limit:
                break
            out.append(Suggestion(type="product", title=hit["title"], slug=hit["slug"]))
        return out[:limit]
