"""The embedded search engine: a tantivy index (Rust, Lucene-like) in SEARCH_INDEX_DIR.

Default when MEILISEARCH_URL is unset, and the fallback when Meilisearch fails. BM25 relevance with
field weights (title > brand > category > colour > specs), prefix matching on the last word for
search-as-you-type, typo tolerance by Levenshtein automata (one typo from 5 letters, two from 9,
a transposition counts as one), filters, sorts and facets on columnar fast fields.

On disk::

    SEARCH_INDEX_DIR/
      CURRENT            "<generation> <schema version>": the generation searches read
      gen-<ns>-<pid>/    one complete tantivy index per full build
      write.lock         held while a writer changes the current generation (flock, across processes)
      rebuild.lock       held for the whole of a full build
      pending            variant ids changed while a build was running, replayed into the new generation

A full build writes a new generation beside the live one and swaps CURRENT atomically, so searches
never see a half-built or empty index. A missing or empty index is built from the database at the first
search that needs it (after `make run`'s bulk seed, for instance). A full build (reindex_search, the
nightly task) also repairs: whatever stands at SEARCH_INDEX_DIR that is not this layout (a plain file, a
directory where CURRENT should be) is moved aside, and a corrupt generation is simply replaced. Until then
searches fail here and are answered from the database (search.services).
"""

import fcntl
import hashlib
import heapq
import logging
import math
import os
import shutil
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import tantivy
from tantivy import FieldType, Occur, Order, Query

from core.memo import Memo
from core.spare_cores import SharedTasks, SpareCores
from search import documents
from search.backends import Progress, SearchBackend, SearchBackendError
from search.query import (
    FACETS,
    MAX_FACET_VALUES,
    RELEVANCE,
    SYNONYMS,
    Hit,
    SearchFilters,
    SearchRequest,
    SearchResult,
    Suggestion,
    money,
    normalize_query,
    sort_facets,
    typo_budget,
)

logger = logging.getLogger(__name__)

SCHEMA_VERSION = "4"
ANALYZER_NAME = "phone"
WRITER_HEAP = 32_000_000
REBUILD_HEAP = 96_000_000
LOCK_TIMEOUT = 30.0
TERMS_BUCKET_LIMIT = 65_000  # tantivy refuses aggregations with more buckets
KEEP_GENERATIONS = 2
M32 = 0xFFFFFFFF

# The facets a phone's variants may differ by -> the fast field of the phone's values on its representative (and
# f"{field}_set", all of them in one key, joined by SET_SEPARATOR).
PHONE_VALUES = {"ram": "phone_ram", "storage": "phone_storage", "color": "phone_color"}
SET_SEPARATOR = "\x1f"

# Searchable fields and their weights (Meilisearch's searchableAttributes order, as boosts).
TEXT_FIELDS = {"title": 4.0, "brand_name": 3.0, "category_path": 2.0, "color": 1.5, "specs": 1.0}
VARIANT_WORDS = "variant_words"
# The same text again, on the one document that stands for each phone ("rep") and on no other: a search that keeps
# whole phones (picks_variants false: no word matches a colour or a size, no variant-level filter) matches a phone
# exactly where it matches its representative, with the same score, so it is answered from a quarter of the postings
# and documents (at a million variants, "becnh": its facets, count and price range 53.6 -> 8-10 ms). The colour is left
# out: in such a search no word matches one.
PHONE_TEXT_FIELDS = {"phone_title": 4.0, "phone_brand_name": 3.0, "phone_category_path": 2.0, "phone_specs": 1.0}
# Suggestions search the phones' names and brands, one document per phone (a phone's variants share both, and its
# popularity).
SUGGEST_FIELDS = {"phone_title": 3.0, "phone_brand_name": 2.0}

# Listing sorts -> one u64 fast field each; ties between phones break on product id as the listing does.
ORDERS = {
    "popularity": ("sort_popularity", Order.Desc),
    "price": ("sort_price_asc", Order.Asc),
    "-price": ("sort_price_desc", Order.Desc),
    "-rating": ("sort_rating", Order.Desc),
    "newest": ("sort_newest", Order.Desc),
}


# A search that keeps whole phones (every variant of a phone matches) orders its phones by one fast field each: the
# phone's own key, or by price its cheapest variant ("price") or its dearest ("-price"), ties by product id as above.
PHONE_ORDERS = {
    "popularity": ORDERS["popularity"],
    "-rating": ORDERS["-rating"],
    "newest": ORDERS["newest"],
    "price": ("sort_phone_price_asc", Order.Asc),
    "-price": ("sort_phone_price_desc", Order.Desc),
}


def _analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


ANALYZER = _analyzer()


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()

    def text(name: str, **options: Any) -> None:
        # Words are matched, never weighed by how often or where they occur (each clause scores a constant:
        # text_query), so the postings hold document ids alone: no frequencies, no positions.
        b.add_text_field(name, index_option="basic", **options)

    b.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    b.add_unsigned_field("product_id", stored=True, indexed=True, fast=True)
    text("slug", stored=True, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        text(name, stored=name in ("title", "brand_name"), tokenizer_name=ANALYZER_NAME)
    # The searchable words a phone's variants may differ by (colour, RAM and storage sizes): never searched for
    # phones, only asked whether a search's words could match them (words_pick_variants).
    text(VARIANT_WORDS, tokenizer_name=ANALYZER_NAME)
    for name in PHONE_TEXT_FIELDS:  # on representative documents only
        text(name, tokenizer_name=ANALYZER_NAME)
    # Exact values for filters and facets.
    text("brand", tokenizer_name="raw", fast=True)
    text("brand_key", tokenizer_name="raw", fast=True)  # "slug\tName", for suggestions
    text("category", tokenizer_name="raw")  # ancestor slug paths
    text("color_value", tokenizer_name="raw", fast=True)
    text("color_key", tokenizer_name="raw")
    for name in ("ram", "storage", "price", "rating"):  # price in paise, rating in hundredths
        b.add_unsigned_field(name, indexed=True, fast=True)
    for name in ("is_5g", "available", "rep"):
        b.add_boolean_field(name, indexed=True, fast=True)
    # What a phone's variants offer (documents.phone_facts), for the facets and the price range of a search that keeps
    # whole phones, counted one document per phone. The values of each facet they may differ by twice: all in one key
    # ("8\x1f12", on each of the phone's documents), counted a bucket per distinct set (one value per document: fast),
    # and one by one (on its representative only; several values per document: at a million variants 10 ms more a
    # facet), read only where a search's phones hold more distinct sets than one aggregation may count.
    for field in PHONE_VALUES.values():
        text(field, tokenizer_name="raw", fast=True)
        text(f"{field}_set", tokenizer_name="raw", fast=True)
    for name in ("phone_price_low", "phone_price_high"):
        b.add_unsigned_field(name, fast=True)
    b.add_float_field("tiebreak", fast=True)  # popularity, scaled to move scores by < 1 % (see tiebreak())
    for name in dict.fromkeys(field for field, _ in (*ORDERS.values(), *PHONE_ORDERS.values())):
        b.add_unsigned_field(name, fast=True)
    return b.build()


SCHEMA = _schema()


TIEBREAK_MAX = 0.0138  # weight_by_field multiplies scores by log2(2 + value): at most by 1.0099


def tiebreak(popularity: int) -> float:
    """Popularity as a score weight small enough never to reorder different relevance, so that among
    equally relevant phones the more popular comes first (Meilisearch's final "popularity:desc" rule)."""
    return TIEBREAK_MAX * math.log1p(popularity) / math.log1p(M32)


def unsigned(searcher: tantivy.Searcher, field: str, addresses: list[tantivy.DocAddress]) -> list[int]:
    """A u64 fast field's values for these documents."""
    return [int(value or 0) for value in searcher.fast_field_values(field, addresses)] if addresses else []


def relevance_order(
    searcher: tantivy.Searcher,
    hits: list[tuple[Any, tantivy.DocAddress]],
    addresses: list[tantivy.DocAddress],
    product_ids: list[int],
) -> list[int]:
    """Positions of `hits` (searched with weight_by_field="tiebreak") by relevance, then popularity, then
    product id: the weight is divided out again, as float32 scores cannot separate close popularities."""
    keys = unsigned(searcher, "sort_popularity", addresses)
    order = []
    for position, ((score, _), key, product_id) in enumerate(zip(hits, keys, product_ids, strict=True)):
        popularity = key >> 32
        relevance = round(score / math.log2(2 + tiebreak(popularity)), 3)
        order.append((-relevance, -popularity, product_id, position))
    return [entry[-1] for entry in sorted(order)]


def _tantivy_document(doc: dict[str, Any]) -> tantivy.Document:
    pid = doc["product_id"] & M32
    price = round(doc["price"] * 100)
    rating = round(doc["rating"] * 100)
    popularity = min(int(doc["popularity"]), M32)
    fields = {
        "id": doc["id"],
        "product_id": doc["product_id"],
        "slug": doc["slug"],
        "title": doc["title"],
        "brand_name": doc["brand_name"],
        "category_path": doc["category_path"],
        "color": doc["color"],
        "specs": doc["specs"],
        VARIANT_WORDS: " ".join([doc["color"], *documents.sizes(doc["ram"], doc["storage"])]),
        "brand": doc["brand"],
        "brand_key": doc["brand_key"],
        "category": list(doc["category"]),
        "color_value": doc["color"],
        "color_key": doc["color_key"],
        "ram": doc["ram"],
        "storage": doc["storage"],
        "price": price,
        "rating": rating,
        "is_5g": bool(doc["is_5g"]),
        "available": bool(doc["available"]),
        "rep": bool(doc["rep"]),
        "tiebreak": tiebreak(popularity),
        "sort_popularity": popularity << 32 | (M32 - pid),
        "sort_price_asc": price << 32 | pid,
        "sort_price_desc": price << 32 | (M32 - pid),
        "sort_rating": rating << 54 | min(int(doc["review_count"]), (1 << 22) - 1) << 32 | (M32 - pid),
        "sort_newest": int(doc["launch_date"]) << 32 | pid,
    }
    # What the phone's variants offer, on each of its documents: a column with a value for every document is read
    # faster than one with gaps (at a million variants, "becnh"'s RAM sets 6.8 -> 2.6 ms).
    phone = doc["phone"]
    fields.update(
        {
            **{f"{field}_set": SET_SEPARATOR.join(map(str, phone[name])) for name, field in PHONE_VALUES.items()},
            "phone_price_low": round(phone["price_low"] * 100),
            "phone_price_high": round(phone["price_high"] * 100),
            "sort_phone_price_asc": round(phone["price_low"] * 100) << 32 | pid,
            "sort_phone_price_desc": round(phone["price_high"] * 100) << 32 | (M32 - pid),
        }
    )
    if doc["rep"]:  # the phone's text, and its values one by one, on its representative only
        fields.update(
            {
                "phone_title": doc["title"],
                "phone_brand_name": doc["brand_name"],
                "phone_category_path": doc["category_path"],
                "phone_specs": doc["specs"],
                **{field: [str(value) for value in phone[name]] for name, field in PHONE_VALUES.items()},
            }
        )
    return tantivy.Document.from_dict(fields, SCHEMA)


@contextmanager
def _flock(path: Path, *, shared: bool = False, timeout: float | None = LOCK_TIMEOUT) -> Iterator[None]:
    """An advisory file lock, good across processes and across threads (one descriptor each)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        mode = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, mode)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    raise SearchBackendError(f"The search index lock {path} stayed busy for {timeout} s.") from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)


def _held_elsewhere(path: Path) -> bool:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


# Opened indexes, per directory: {directory: (generation, tantivy.Index)}. tantivy's Index is thread-safe.
_OPEN: dict[str, tuple[str, tantivy.Index]] = {}
_OPEN_LOCK = threading.Lock()


def _const(query: Query) -> Query:
    return Query.const_score_query(query, 0.0)


def _range(field: str, low: int | None, high: int | None) -> Query:
    if low is not None and high is not None and low > high:
        return Query.empty_query()
    return Query.range_query(SCHEMA, field, FieldType.Unsigned, low, high)


def filter_queries(filters: SearchFilters) -> list[Query]:
    out = []
    if filters.brands:
        out.append(Query.term_set_query(SCHEMA, "brand", list(filters.brands)))
    if filters.category_path:
        out.append(Query.term_query(SCHEMA, "category", filters.category_path))
    if filters.is_5g is not None:
        out.append(Query.term_query(SCHEMA, "is_5g", filters.is_5g))
    if filters.rating_min is not None:
        out.append(_range("rating", math.ceil(filters.rating_min * 100), None))
    if filters.ram:
        out.append(Query.term_set_query(SCHEMA, "ram", list(filters.ram)))
    if filters.storage:
        out.append(Query.term_set_query(SCHEMA, "storage", list(filters.storage)))
    if filters.colors:
        out.append(Query.term_set_query(SCHEMA, "color_key", list(filters.colors)))
    if filters.price_min is not None or filters.price_max is not None:
        low = math.ceil(filters.price_min * 100) if filters.price_min is not None else None
        high = math.floor(filters.price_max * 100) if filters.price_max is not None else None
        out.append(_range("price", low, high))
    if filters.available:
        out.append(Query.term_query(SCHEMA, "available", True))
    return out


def text_query(text: str, fields: dict[str, float]) -> Query | None:
    """Every word must match (as Meilisearch's matchingStrategy "all"), in any of the fields: exactly,
    within its typo budget, or, for the last word while typing, as a prefix.

    Scores follow Meilisearch's ranking rules rather than tf-idf: each word adds its field's weight
    (title > brand > category > colour > specs: the "attribute" rule), twice more when typed exactly
    (the "typo" rule); equal scores go to the more popular phone (weight_by_field="tiebreak")."""
    musts = word_queries(text, fields)
    if not musts:
        return None
    return musts[0] if len(musts) == 1 else Query.boolean_query([(Occur.Must, q) for q in musts])


def word_queries(text: str, fields: dict[str, float]) -> list[Query]:
    """One query per word of the text (text_query's rules): its matches in any of the fields."""
    words = ANALYZER.analyze(text)
    prefix_last = not text.endswith(" ")
    musts = []
    for position, word in enumerate(words):
        prefix = prefix_last and position == len(words) - 1
        shoulds = []
        for alternative in [word, *(s for s in SYNONYMS.get(word, ()) if " " not in s)]:
            distance = typo_budget(alternative)
            for field, boost in fields.items():
                shoulds.append(Query.const_score_query(Query.term_query(SCHEMA, field, alternative), boost * 2))
                if distance or prefix:
                    fuzzy = Query.fuzzy_term_query(SCHEMA, field, alternative, distance, True, prefix)
                    shoulds.append(Query.const_score_query(fuzzy, boost))
        musts.append(Query.boolean_query([(Occur.Should, q) for q in shoulds]))
    return musts


def build_query(request: SearchRequest) -> Query:
    clauses = []
    text = text_query(request.words, TEXT_FIELDS)
    if text is not None:
        clauses.append(text)
    clauses.extend(_const(q) for q in filter_queries(request.filters))
    if not clauses:
        return Query.all_query()
    return clauses[0] if len(clauses) == 1 else Query.boolean_query([(Occur.Must, q) for q in clauses])


def build_phone_query(request: SearchRequest) -> Query:
    """build_query's phones, one document each (their representatives), for a request that keeps whole phones (not
    picks_variants): the same phones, with the same scores."""
    text = text_query(request.words, PHONE_TEXT_FIELDS)
    if text is None:  # no words: the representatives of build_query's documents
        return _with_flag(build_query(request), "rep")
    filters = [_const(q) for q in filter_queries(request.filters)]
    return Query.boolean_query([(Occur.Must, q) for q in (text, *filters)]) if filters else text


def counted_query(request: SearchRequest, words_pick: bool) -> tuple[Query, bool]:
    """What a request's facets, count and price range are counted over, and whether it keeps whole phones: one
    document per phone (build_phone_query) where it does, else its variants (build_query)."""
    whole_phones = not picks_variants(request, words_pick)
    return (build_phone_query(request) if whole_phones else build_query(request)), whole_phones


def picks_variants(request: SearchRequest, words_pick: bool) -> bool:
    """Whether the query may match some of a phone's variants and not others: by its words (`words_pick`, from
    words_pick_variants) or a variant-level filter."""
    f = request.filters
    return bool(
        words_pick
        or f.ram
        or f.storage
        or f.colors
        or f.available
        or f.price_min is not None
        or f.price_max is not None
    )


# Facet -> its fast field: the variant's value, on every document.
FACET_FIELDS = {"brand": "brand", "is_5g": "is_5g", "ram": "ram", "storage": "storage", "color": "color_value"}


# Past this many documents matching a word where variants differ, the words are taken to pick variants without
# looking for a document that every word matches there: a word that common (a size: "12" typed, a prefix of "128GB")
# is one of the others' variants' too, and that search reads every one of those documents again (at a million
# variants, "iqoo 12": 702,076 of them, 21 ms).
VARIANT_WORD_DOCUMENTS_LOOKED_AT = 1000


def words_pick_variants(searcher: tantivy.Searcher, words: str) -> bool:
    """Whether the words may match some of a phone's variants and not others, or match them with different scores: a
    document that every word matches matches one of them on a word variants differ by (a colour, a size). Else each
    word matched the phone's own text on it, which the phone's other variants share: every variant of a matching
    phone matches, with the same score, and the phones can be counted by their representative documents rather than
    by a distinct count over every matching variant (at a million variants, 20-40 times faster). A word that brushes
    a colour of phones the other words do not match ("xiaomi bench": "bench" is within a typo of the colour of four
    variants of other phones) keeps the search on whole phones. Where unsure (VARIANT_WORD_DOCUMENTS_LOOKED_AT), it
    picks variants: counting over variants is right for any search."""
    per_word = word_queries(words, {VARIANT_WORDS: 1.0})
    if not per_word:
        return False
    anywhere = Query.boolean_query([(Occur.Should, q) for q in per_word])
    brushed = _count(searcher, anywhere)
    if brushed == 0 or brushed > VARIANT_WORD_DOCUMENTS_LOOKED_AT:  # most searches: none, and no second search
        return brushed > 0
    matching = text_query(words, TEXT_FIELDS)
    if matching is None:  # (never: the same words)
        return False
    return _count(searcher, Query.boolean_query([(Occur.Must, matching), (Occur.Must, anywhere)])) > 0


def _count(searcher: tantivy.Searcher, query: Query) -> int:
    return int(searcher.search(query, 1, count=True).count)  # type: ignore[attr-defined]


def _with_flag(query: Query, flag: str) -> Query:
    return Query.boolean_query([(Occur.Must, query), (Occur.Must, _const(Query.term_query(SCHEMA, flag, True)))])


# What a pass over the index answers: (facets, the aggregations it carried for the summary: count, price range).
Counted = tuple[dict[str, dict[str, int]], dict[str, Any]]


def _aggregation_pass(searcher: tantivy.Searcher, query: Query, aggs: dict[str, Any]) -> Counted:
    return {}, searcher.aggregate(query, aggs)


def _price_pass(searcher: tantivy.Searcher, request: SearchRequest, words_pick: bool) -> Callable[[], Counted]:
    """The pass for the price range: over the request's words and filters but its price filters."""
    query, whole_phones = counted_query(replace(request, filters=request.filters.without("price")), words_pick)
    return partial(_aggregation_pass, searcher, query, PHONE_PRICE_RANGE if whole_phones else PRICE_RANGE)


def _facets_pass(
    searcher: tantivy.Searcher, query: Query, whole_phones: bool, names: list[str], extra: dict[str, Any]
) -> Counted:
    """These facets over a query (of phones or of variants), with the `extra` aggregations where tantivy counts them
    together: its bucket limit refuses the count with them beyond ~64,000 phones, and the count is then left to
    _count_products."""
    counting = _phone_facets if whole_phones else _variant_facets
    try:
        facets, result = counting(searcher, query, names, extra)
    except ValueError:
        if not extra:
            raise
        return counting(searcher, query, names, {})[0], {}
    return facets, {key: result[key] for key in extra}


def _variant_facets(
    searcher: tantivy.Searcher, query: Query, names: list[str], extra: dict[str, Any]
) -> tuple[dict[str, dict[str, int]], dict[str, Any]]:
    """These facets over a query of variants, each value's phones counted by distinct product id, in one aggregation
    with the `extra` ones: (facets, the aggregation's answers)."""
    aggs = {
        n: {
            "terms": {"field": FACET_FIELDS[n], "size": MAX_FACET_VALUES},
            "aggs": {"p": {"cardinality": {"field": "product_id"}}},
        }
        for n in names
    }
    result = searcher.aggregate(query, {**extra, **aggs})
    return {n: {_facet_key(n, b): round(b["p"]["value"]) for b in result[n]["buckets"]} for n in names}, result


def _phone_facets(
    searcher: tantivy.Searcher, query: Query, names: list[str], extra: dict[str, Any]
) -> tuple[dict[str, dict[str, int]], dict[str, Any]]:
    """These facets over a query of phones (build_phone_query), in one aggregation with the `extra` ones: (facets, the
    aggregation's answers). A facet a phone's variants may differ by is counted a bucket per distinct set of values,
    split here; value by value where the sets are more than one aggregation may count."""
    try:
        result = searcher.aggregate(query, {**extra, **_phone_terms(names, by_set=True)})
        split = {n: _split_sets(result[n]) if n in PHONE_VALUES else _phones_per_value(n, result[n]) for n in names}
        facets = {n: counted for n, counted in split.items() if counted is not None}
        if len(facets) == len(names):
            return facets, result
    except ValueError:  # tantivy's bucket limit
        pass
    result = searcher.aggregate(query, {**extra, **_phone_terms(names, by_set=False)})
    return {n: _phones_per_value(n, result[n]) for n in names}, result


def _phone_terms(names: list[str], *, by_set: bool) -> dict[str, Any]:
    """Terms aggregations of these facets over phones: by the set of a phone's values, or value by value."""
    aggs = {}
    for n in names:
        field = PHONE_VALUES.get(n, FACET_FIELDS[n])
        if by_set and n in PHONE_VALUES:
            aggs[n] = {"terms": {"field": f"{field}_set", "size": TERMS_BUCKET_LIMIT}}
        else:
            aggs[n] = {"terms": {"field": field, "size": MAX_FACET_VALUES}}
    return aggs


def _phones_per_value(name: str, terms: dict[str, Any]) -> dict[str, int]:
    return {_facet_key(name, b): b["doc_count"] for b in terms["buckets"]}


def _split_sets(terms: dict[str, Any]) -> dict[str, int] | None:
    """Phones per value from a terms aggregation of phones by their sets of values; None where it was cut short."""
    if terms.get("sum_other_doc_count"):
        return None
    counts: Counter[str] = Counter()
    for bucket in terms["buckets"]:
        for value in str(bucket["key"]).split(SET_SEPARATOR):
            counts[value] += bucket["doc_count"]
    # As a terms aggregation of MAX_FACET_VALUES would keep them: the most phones first.
    return dict(heapq.nsmallest(MAX_FACET_VALUES, counts.items(), key=lambda item: (-item[1], item[0])))


def _facet_key(name: str, bucket: dict[str, Any]) -> str:
    if name == "is_5g":
        return bucket.get("key_as_string") or ("true" if bucket["key"] else "false")
    if name in ("ram", "storage"):
        return str(int(bucket["key"]))
    return str(bucket["key"])


# Aggregations over a query of variants: its phones (exact up to TERMS_BUCKET_LIMIT) and the range of its prices.
PHONES = {"p": {"terms": {"field": "product_id", "size": TERMS_BUCKET_LIMIT}}}
PRICE_RANGE = {"low": {"min": {"field": "price"}}, "high": {"max": {"field": "price"}}}
# The same over a query of phones (build_phone_query): one document each.
PHONE_COUNT = {"phones": {"value_count": {"field": "product_id"}}}
PHONE_PRICE_RANGE = {"low": {"min": {"field": "phone_price_low"}}, "high": {"max": {"field": "phone_price_high"}}}


def _price_range(answers: dict[str, Any]) -> dict[str, str | None]:
    low, high = answers["low"]["value"], answers["high"]["value"]
    return {
        "min": money(low / 100) if low is not None else None,
        "max": money(high / 100) if high is not None else None,
    }


# What a search's words and filters come to, whatever its sort and page: (facets, price range, count of phones).
Summary = tuple[dict[str, dict[str, int]], dict[str, str | None], int]

# (directory, index state, words, filters) -> Summary: shared by every page and sort of a search. Values are shared
# between requests: read-only.
_SUMMARIES = Memo(256)  # a summary is a few KB to ~40 KB (hundreds of colours): ~10 MB at most
SPARE_CORES = SpareCores()


@dataclass(frozen=True)
class WithoutWords:
    """What a request without words can be answered from faster than by this engine's passes over every matching
    variant (the catalog's columns, which count exactly): its page of phones with their exact count, and its summary.
    Each returns None where it cannot answer (no columns in this process, a sort it does not order by): the engine
    answers that part then."""

    page: Callable[[], tuple[list[Hit], int] | None]
    summary: Callable[[], Summary | None]


class EmbeddedBackend(SearchBackend):
    name = "database"

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)

    # ---- layout -------------------------------------------------------------------------------
    def _path(self, name: str) -> Path:
        return self.directory / name

    def current_generation(self) -> str | None:
        try:
            parts = self._path("CURRENT").read_text().split()
        except (FileNotFoundError, NotADirectoryError):
            return None
        if len(parts) != 2 or parts[1] != SCHEMA_VERSION or not self._path(parts[0]).is_dir():
            return None  # never built, or built by another version of this code: rebuild
        return parts[0]

    def exists(self) -> bool:
        return self.current_generation() is not None

    def _index(self, generation: str) -> tantivy.Index:
        key = str(self.directory.resolve())
        with _OPEN_LOCK:
            opened = _OPEN.get(key)
            if opened and opened[0] == generation:
                return opened[1]
            index = tantivy.Index.open(str(self._path(generation)))
            index.register_tokenizer(ANALYZER_NAME, ANALYZER)
            _OPEN[key] = (generation, index)
            return index

    def _remember(self, generation: str, index: tantivy.Index) -> None:
        with _OPEN_LOCK:
            _OPEN[str(self.directory.resolve())] = (generation, index)

    def _searcher(self) -> tantivy.Searcher:
        return self._searcher_and_state()[0]

    def _searcher_and_state(self) -> tuple[tantivy.Searcher, str]:
        """A searcher over the current index, and what names its state: the generation and its last commit (tantivy
        rewrites meta.json, with a new opstamp, at every commit). Read before the reload, so the searcher sees that
        state or a later one: a value remembered under it is never older than it."""
        for attempt in range(2):
            generation = self.current_generation()
            if generation is not None:
                try:
                    meta = (self._path(generation) / "meta.json").read_bytes()
                except FileNotFoundError:
                    meta = b""
                index = self._index(generation)
                index.reload()  # see commits made since, by this process or another
                searcher = index.searcher()
                if searcher.num_docs or attempt or not documents.searchable_variants().exists():
                    return searcher, f"{generation}:{hashlib.blake2b(meta, digest_size=16).hexdigest()}"
            if attempt == 0:
                problem = self._layout_problem()
                if problem is not None:  # not ours to clear away during a search: reindex_search does it
                    raise SearchBackendError(f"{problem}; reindex_search moves it aside and rebuilds the index.")
                logger.info(
                    "Embedded search index in %s is missing or empty: building it from the database.", self.directory
                )
                self.rebuild(documents.iter_batches(), only_if_needed=True)
        raise SearchBackendError(f"The embedded search index in {self.directory} could not be built.")

    # ---- writes -------------------------------------------------------------------------------
    def _apply(self, index: tantivy.Index, docs: list[dict[str, Any]], ids: Iterable[int]) -> None:
        every = sorted(set(ids) | {d["id"] for d in docs})
        if not every:
            return
        writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
        try:
            writer.delete_documents_by_query(Query.term_set_query(SCHEMA, "id", every))
            for doc in docs:
                writer.add_document(_tantivy_document(doc))
            writer.commit()
        finally:
            writer.wait_merging_threads()

    def _write(self, docs: list[dict[str, Any]], ids: list[int]) -> None:
        if not ids or not self.directory.is_dir():
            return
        with _flock(self._path("write.lock")):
            generation = self.current_generation()
            if generation is None:
                return  # nothing to keep up to date: it is built from the database when first needed
            if _held_elsewhere(self._path("rebuild.lock")):
                # A full build is running; it replays these after its own read of the database.
                with open(self._path("pending"), "a") as pending:
                    pending.write("".join(f"{i}\n" for i in ids))
            self._apply(self._index(generation), docs, ids)

    def upsert(self, documents: list[dict[str, Any]]) -> None:
        self._write(documents, [d["id"] for d in documents])

    def delete(self, variant_ids: Iterable[int]) -> None:
        self._write([], sorted(set(variant_ids)))

    def _take_pending(self) -> set[int]:
        path = self._path("pending")
        try:
            ids = {int(line) for line in path.read_text().split() if line.isdigit()}
        except FileNotFoundError:
            return set()
        path.unlink(missing_ok=True)
        return ids

    def _publish(self, generation: str) -> None:
        tmp = self._path(f"CURRENT.{os.getpid()}.{threading.get_ident()}.tmp")
        with open(tmp, "w") as f:
            f.write(f"{generation} {SCHEMA_VERSION}\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self._path("CURRENT"))

    def _collect_garbage(self, current: str) -> None:
        generations = sorted(p.name for p in self.directory.glob("gen-*") if p.is_dir())
        older = [g for g in generations if g < current]
        for name in older[: max(len(older) - (KEEP_GENERATIONS - 1), 0)]:
            shutil.rmtree(self._path(name), ignore_errors=True)

    def _usable(self) -> bool:
        generation = self.current_generation()
        if generation is None:
            return False
        index = self._index(generation)
        index.reload()
        return bool(index.searcher().num_docs) or not documents.searchable_variants().exists()

    def _layout_problem(self) -> str | None:
        """What stands at the index's path that is not this engine's layout (a plain file where the
        directory should be, a directory where CURRENT or a lock file should be), or None."""
        if not (self.directory.exists() or self.directory.is_symlink()):
            return None
        if not self.directory.is_dir():
            return f"{self.directory} is not a directory"
        for name in ("CURRENT", "write.lock", "rebuild.lock", "pending"):
            path = self._path(name)
            if (path.exists() or path.is_symlink()) and not path.is_file():
                return f"{path} is not a file"
        return None

    def _clear_the_way(self) -> None:
        """Move aside (kept for a look, never deleted) whatever at the index's path is not a usable layout."""
        problem = self._layout_problem()
        if problem is None:
            return
        aside = self.directory.with_name(f"{self.directory.name}.broken-{time.time_ns()}")
        os.replace(self.directory, aside)
        logger.warning("Search index: %s. Moved it aside to %s; building a fresh index.", problem, aside)

    def rebuild(
        self,
        batches: Iterable[list[dict[str, Any]]],
        progress: Progress | None = None,
        *,
        only_if_needed: bool = False,
    ) -> int:
        """A fresh generation, swapped in whole. A full build (not `only_if_needed`: the one a search
        triggers for a missing index) never fails because of what it finds at the index's path."""
        if not only_if_needed:
            self._clear_the_way()
        self.directory.mkdir(parents=True, exist_ok=True)
        with _flock(self._path("rebuild.lock"), timeout=None):
            if only_if_needed and self._usable():
                return 0  # another thread or process built it meanwhile
            self._take_pending()  # whatever was pending is in the database read below
            generation = f"gen-{time.time_ns()}-{os.getpid()}"
            path = self._path(generation)
            path.mkdir()
            try:
                index = tantivy.Index(SCHEMA, path=str(path), reuse=False)
                index.register_tokenizer(ANALYZER_NAME, ANALYZER)
                writer = index.writer(heap_size=REBUILD_HEAP, num_threads=min(2, os.cpu_count() or 1))
                count = 0
                try:
                    for batch in batches:
                        for doc in batch:
                            writer.add_document(_tantivy_document(doc))
                        count += len(batch)
                        if progress:
                            progress(len(batch))
                    writer.commit()
                finally:
                    writer.wait_merging_threads()
                with _flock(self._path("write.lock")):
                    pending = self._take_pending()
                    if pending:
                        changed = documents.with_siblings(pending)
                        self._apply(index, documents.documents_for(changed), changed)
                    self._publish(generation)
                    self._remember(generation, index)
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
            self._collect_garbage(generation)
            return count

    # ---- reads --------------------------------------------------------------------------------
    def health(self) -> None:
        """Raise unless searches can be answered from here: the current index opens and reads from disk as
        it is now (not the copy this process holds open), or, none built yet, it can be built."""
        problem = self._layout_problem()
        if problem is not None:
            raise SearchBackendError(problem)
        generation = self.current_generation()
        if generation is None:
            nearest = next(p for p in (self.directory, *self.directory.parents) if p.exists())
            if not os.access(nearest, os.W_OK):
                raise SearchBackendError(f"{nearest} is not writable: no index can be built in {self.directory}")
            return
        try:
            tantivy.Index.open(str(self._path(generation))).searcher()
        except ValueError as exc:
            raise SearchBackendError(f"The search index {self._path(generation)} cannot be read: {exc}") from exc

    def search(self, request: SearchRequest, without_words: WithoutWords | None = None) -> SearchResult:
        """One page of phones. `without_words`: what a request without words (a listing) can be answered from faster
        than by the engine (the catalog's columns), where it can."""
        searcher, state = self._searcher_and_state()
        query = build_query(request)
        words_pick = words_pick_variants(searcher, request.words)
        shortcut = without_words if without_words is not None and not ANALYZER.analyze(request.words) else None
        # Facets, count and price range depend on the words and filters only, not on the sort or the page: every page
        # and sort of one search shares them, remembered per state of the index (as the database listing remembers its
        # facets per filter set; a crawler walking 300 pages computes them once). A search's own are started on a spare
        # core before this thread reads the page, where one is free, and this thread takes the passes left after it
        # (at a million variants, the bench's uncached searches 61.5 -> 41.9 ms at p95 on two cores with the whole
        # summary on the spare core; 54.8 -> 43.6 ms with the passes shared and one document per phone); else all after
        # the page, which may know the count already.
        key = (str(self.directory), state, request.words, request.filters)
        started = None
        if shortcut is None and _SUMMARIES.get(key) is None:
            started = self._summary(searcher, request, words_pick, None)
        page = shortcut.page() if shortcut is not None else None
        hits, total = page if page is not None else self._page(searcher, query, request, words_pick)
        summary = shortcut.summary() if shortcut is not None else None
        if started is not None:
            summary = started()
            _SUMMARIES.put(key, summary)
        if summary is None:
            summary = _SUMMARIES.get(key)
            if summary is None:
                summary = self._summary(searcher, request, words_pick, total)()
                _SUMMARIES.put(key, summary)
        facets, price, counted = summary
        return SearchResult(
            hits=hits, total=counted if total is None else total, facets=facets, price=price, backend=self.name
        )

    def _summary(
        self, searcher: tantivy.Searcher, request: SearchRequest, words_pick: bool, total: int | None
    ) -> Callable[[], Summary]:
        """(facets, price range, count of phones) of the request's words and filters, started: its passes over the
        index, independent of one another, begun on a spare core where one is free; the function returned takes the
        passes left on the calling thread and answers. `words_pick`: whether the words may pick among a phone's
        variants (words_pick_variants); `total`: the count, when the page already knows it."""
        passes = SharedTasks(self._passes(searcher, request, words_pick, count_phones=total is None))
        SPARE_CORES.start(passes.work)

        def finish() -> Summary:
            facets: dict[str, dict[str, int]] = {}
            answers: dict[str, Any] = {}
            for counted, answered in passes.results():
                facets.update(counted)
                answers.update(answered)
            counted_total = total
            if counted_total is None:
                counted_total = self._count_products(searcher, build_query(request), request, words_pick, answers)
            if "low" not in answers:  # (its pass fused with the count was refused: a pass of its own)
                answers = _price_pass(searcher, request, words_pick)()[1]
            return sort_facets(facets), _price_range(answers), counted_total

        return finish

    def _passes(
        self, searcher: tantivy.Searcher, request: SearchRequest, words_pick: bool, *, count_phones: bool
    ) -> list[Callable[[], Counted]]:
        """The passes over the index a summary needs. Each facet is counted over the result with every filter but its
        own: one pass per distinct set of filters, whose query (its words above all: a word's typos and prefixes are
        a union of many postings) is read once for every facet it serves. The count and the price range ride on the
        pass of the request's own filters (each pass reads every matching document: fewer passes, a faster answer),
        or one of their own where no facet's filters are the request's; the price range, without the request's price
        filters, has its own where it has some. The one with the count (the most buckets) first."""
        whole_phones = not picks_variants(request, words_pick)
        shared = {
            **((PHONE_COUNT if whole_phones else PHONES) if count_phones else {}),
            **({} if request.filters.has("price") else (PHONE_PRICE_RANGE if whole_phones else PRICE_RANGE)),
        }
        by_filters: dict[SearchFilters, list[str]] = defaultdict(list)  # filters -> facets
        for name in FACETS:
            by_filters[request.filters.without(name)].append(name)
        passes: list[Callable[[], Counted]] = []
        if shared and request.filters not in by_filters:
            passes.append(partial(_aggregation_pass, searcher, counted_query(request, words_pick)[0], shared))
        for filters, names in sorted(by_filters.items(), key=lambda item: item[0] != request.filters):
            query, whole = counted_query(replace(request, filters=filters), words_pick)
            ours = shared if filters == request.filters else {}
            passes.append(partial(_facets_pass, searcher, query, whole, names, ours))
        if request.filters.has("price"):
            passes.append(_price_pass(searcher, request, words_pick))
        return passes

    def _page(
        self, searcher: tantivy.Searcher, query: Query, request: SearchRequest, words_pick: bool
    ) -> tuple[list[Hit], int | None]:
        """One page of phones. Variants come in the requested order; each phone is kept at its first
        variant met (its rank); the window grows until it holds the page's phones completely."""
        need = request.page * request.page_size
        order = ORDERS.get(request.sort) if request.sort != RELEVANCE else None
        if not picks_variants(request, words_pick):
            if order is None:
                return self._page_of_phones_by_relevance(searcher, request)
            return self._page_of_phones(searcher, request)
        limit = max(need * 4, 100)
        while True:
            if order:
                result = searcher.search(query, limit, count=False, order_by_field=order[0], order=order[1])
            else:
                result = searcher.search(query, limit, count=False, weight_by_field="tiebreak")
            hits = result.hits
            addresses = [address for _, address in hits]
            product_ids = unsigned(searcher, "product_id", addresses)
            exhausted = len(hits) < limit
            if exhausted or len(set(product_ids)) > need:
                break
            limit *= 4

        ranked = range(len(hits)) if order else relevance_order(searcher, hits, addresses, product_ids)
        groups: dict[int, list[int]] = {}
        for position in ranked:
            groups.setdefault(product_ids[position], []).append(position)
        page_products = list(groups)[(request.page - 1) * request.page_size : need]

        # The variant that represents each phone: the dearest for "-price", the best match (then the
        # cheapest) for relevance, else the cheapest; equal ones by lowest id, as the listing picks.
        positions = [pos for p in page_products for pos in groups[p]]
        wanted = [addresses[i] for i in positions]
        prices = dict(zip(positions, unsigned(searcher, "price", wanted), strict=True))
        ids = dict(zip(positions, unsigned(searcher, "id", wanted), strict=True))
        if request.sort == "-price":

            def key(pos: int) -> tuple[float, ...]:
                return (-prices[pos], ids[pos])
        elif order is None:

            def key(pos: int) -> tuple[float, ...]:
                return (-hits[pos][0], prices[pos], ids[pos])
        else:

            def key(pos: int) -> tuple[float, ...]:
                return (prices[pos], ids[pos])

        variant_ids = [ids[min(groups[p], key=key)] for p in page_products]
        page = [Hit(product_id=p, variant_id=v) for p, v in zip(page_products, variant_ids, strict=True)]
        return page, (len(groups) if exhausted else None)

    def _page_of_phones(self, searcher: tantivy.Searcher, request: SearchRequest) -> tuple[list[Hit], int]:
        """One page of phones in a sort other than relevance, when the query keeps whole phones: the page of their
        representatives in PHONE_ORDERS, read at its offset by the engine (a deep page costs what the first does),
        with the phones' exact count. Each row shows the cheapest variant (variant_id None: the listing's rows put it
        first), or for "-price" the dearest, as a window of variants picks them."""
        field, direction = PHONE_ORDERS[request.sort]
        start = (request.page - 1) * request.page_size
        phones = build_phone_query(request)
        size = request.page_size
        result = searcher.search(phones, size, count=True, order_by_field=field, order=direction, offset=start)
        product_ids = unsigned(searcher, "product_id", [address for _, address in result.hits])
        dearest = request.sort == "-price"
        hits = [Hit(product_id=p, variant_id=None, dearest=dearest) for p in product_ids]
        return hits, int(result.count)  # type: ignore[attr-defined]

    def _page_of_phones_by_relevance(
        self, searcher: tantivy.Searcher, request: SearchRequest
    ) -> tuple[list[Hit], int | None]:
        """One page of phones by relevance, when the query keeps whole phones: each variant of a phone scores as its
        representative does (the same words match), so the phones are ranked by their representatives alone (one
        document per phone, where a window of variants grows to hold enough phones) and each row shows the
        cheapest variant, as the best match among equals is."""
        need = request.page * request.page_size
        limit = max(need * 2, 100)  # room past the page for scores float32 cannot tell apart (relevance_order)
        hits = searcher.search(build_phone_query(request), limit, count=False, weight_by_field="tiebreak").hits
        addresses = [address for _, address in hits]
        product_ids = unsigned(searcher, "product_id", addresses)
        ranked = relevance_order(searcher, hits, addresses, product_ids)[(request.page - 1) * request.page_size : need]
        page = [Hit(product_id=product_ids[position], variant_id=None) for position in ranked]
        return page, (len(hits) if len(hits) < limit else None)

    def _count_products(
        self,
        searcher: tantivy.Searcher,
        query: Query,
        request: SearchRequest,
        words_pick: bool,
        answers: dict[str, Any],
    ) -> int:
        """Matching phones. `answers`: the aggregations over the query that the facets' pass answered (PHONES or
        PHONE_COUNT, when it did)."""
        if not picks_variants(request, words_pick):  # every variant of a matching phone matches: count one per phone
            if "phones" in answers:
                return int(answers["phones"]["value"])
            counted = searcher.search(build_phone_query(request), 1, count=True)
            return int(counted.count)  # type: ignore[attr-defined]  # (tantivy's stub leaves out count)
        phones = answers.get("p")
        if phones is None:
            try:
                phones = searcher.aggregate(query, PHONES)["p"]
            except ValueError:
                phones = None
        if phones is not None and len(phones["buckets"]) < TERMS_BUCKET_LIMIT:
            return len(phones["buckets"])
        return round(searcher.cardinality(query, "product_id"))  # beyond 65,000 phones: an estimate

    def suggest(self, query: str, limit: int) -> list[Suggestion]:
        text = normalize_query(query)
        product_query = text_query(text, SUGGEST_FIELDS)
        if product_query is None:
            return []
        searcher = self._searcher()
        brands = []
        brand_query = text_query(text, {"brand_name": 1.0}) or product_query  # (same words: never None here)
        brand_result = searcher.aggregate(brand_query, {"b": {"terms": {"field": "brand_key", "size": 3}}})
        for bucket in brand_result["b"]["buckets"]:
            slug, _, name = str(bucket["key"]).partition("\t")
            brands.append(Suggestion(type="brand", title=name, slug=slug))
        products: list[Suggestion] = []
        hits = searcher.search(product_query, limit * 8, count=False, weight_by_field="tiebreak").hits
        addresses = [address for _, address in hits]
        product_ids = unsigned(searcher, "product_id", addresses)
        seen = set()
        for position in relevance_order(searcher, hits, addresses, product_ids):
            if product_ids[position] in seen:
                continue
            seen.add(product_ids[position])
            doc = searcher.doc(addresses[position])
            products.append(
                Suggestion(type="product", title=str(doc.get_first("title")), slug=str(doc.get_first("slug")))
            )
            if len(brands) + len(products) >= limit:
                break
        return (brands + products)[:limit]
