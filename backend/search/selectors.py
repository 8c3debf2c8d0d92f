"""Search answered from the catalog's tables: the last fallback, when no search engine can answer (the
embedded index unreadable, and Meilisearch, if configured, failing too).

The catalog's listing with one more condition: every word of the query appears (case-insensitively,
anywhere: a half-typed last word matches as a prefix does) in the phone's title, brand, category path,
processor, OS or one of its variants' colours, or names its RAM or storage ("8gb") or 5G. The shop's synonyms apply
("iphone" also finds Apple). No typo tolerance and no relevance ranking: phones come in the listing's
order (most popular first unless a sort is asked). Filters, facets, counts and prices are the listing's
own (catalog.selectors), so the answer has the engines' shape and the listing's numbers. Plain
`icontains` on every database: one code path, and a fallback is not where PostgreSQL's full text pays.
"""

import copy
import re

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from catalog import selectors as catalog
from catalog.cache import cached
from catalog.filters import ProductFilter
from catalog.models import Brand, Product, ProductVariant
from search.query import SYNONYMS, Hit, SearchRequest, SearchResult, Suggestion, normalize_query, sort_facets

MAX_WORDS = 10  # a query's first words only: each one is a scan of the catalog on this path
BRAND_SUGGESTIONS = 3
_WORD = re.compile(r"\w+")
_SIZE = re.compile(r"(\d+)(gb|tb)")


def query_words(text: str) -> list[str]:
    """The query's words, lower-cased, as the engines split them ("8 GB" is one word, "8gb")."""
    return _WORD.findall(normalize_query(text).lower())[:MAX_WORDS]


def _variant_with(condition: Q) -> Exists:
    return Exists(ProductVariant.objects.filter(condition, is_active=True, product=OuterRef("pk")))


def word_condition(word: str) -> Q:
    """Phones that one word of the query finds."""
    found = Q()
    for alternative in (word, *(s for s in SYNONYMS.get(word, ()) if " " not in s)):
        found |= (
            Q(title__icontains=alternative)
            | Q(brand__name__icontains=alternative)
            | Q(category__name_path__icontains=alternative)
            | Q(processor__icontains=alternative)
            | Q(os__icontains=alternative)
            | Q(_variant_with(Q(color__icontains=alternative)))
        )
        size = _SIZE.fullmatch(alternative)
        if size:
            gigabytes = int(size.group(1)) * (1024 if size.group(2) == "tb" else 1)
            found |= Q(_variant_with(Q(ram_gb=gigabytes) | Q(storage_gb=gigabytes)))
        if alternative == "5g":
            found |= Q(is_5g=True)
    return found


def _matching(filterset: ProductFilter, words: list[str]) -> ProductFilter:
    """The listing's filter set over the phones that every word finds (the caller's is left as it is)."""
    phones = catalog.active_products()
    for word in words:
        phones = phones.filter(word_condition(word))
    scoped = copy.copy(filterset)
    scoped.queryset = phones
    scoped.__dict__.pop("_qs", None)  # (django-filter keeps the filtered queryset once computed)
    return scoped


def database_search(request: SearchRequest, filterset: ProductFilter) -> SearchResult:
    """One page of phones for the request, its total, facets and price range, from the database.
    `filterset` is the request's validated listing filters (what `request.filters` was made from)."""
    words = query_words(request.query)
    scoped = _matching(filterset, words)
    if words:  # facets cached as the listing's are: under the catalog's version, per filters and words
        listing = cached("search-facets", lambda: catalog.listing_facets(scoped), catalog.filter_key(scoped), *words)
    else:
        listing = catalog.cached_listing_facets(scoped)  # exactly the listing's: shared with it
    total = catalog.count_from_facets(scoped, listing)
    start = (request.page - 1) * request.page_size
    ids = catalog.filtered_products(scoped).values_list("id", flat=True)[start : start + request.page_size]
    return SearchResult(
        hits=[Hit(product_id=product_id, variant_id=None) for product_id in ids],
        total=total,
        facets=sort_facets(listing["facets"]),
        price=listing["price"],
        backend="database",
        degraded=True,
    )


def database_suggest(query: str, limit: int) -> list[Suggestion]:
    """Brands (the ones with most phones first), then phone titles (most popular first)."""
    words = query_words(query)
    if not words:
        return []
    brands: QuerySet[Brand] = Brand.objects.all()
    phones: QuerySet[Product] = catalog.active_products()
    for word in words:
        brands = brands.filter(name__icontains=word)
        phones = phones.filter(Q(title__icontains=word) | Q(brand__name__icontains=word))
    brands = brands.annotate(phones=Count("products", filter=Q(products__is_active=True))).filter(phones__gt=0)
    out = [
        Suggestion(type="brand", title=name, slug=slug)
        for name, slug in brands.order_by("-phones", "name").values_list("name", "slug")[:BRAND_SUGGESTIONS]
    ]
    for title, slug in phones.order_by("-popularity", "id").values_list("title", "slug")[: max(limit - len(out), 0)]:
        out.append(Suggestion(type="product", title=title, slug=slug))
    return out[:limit]
