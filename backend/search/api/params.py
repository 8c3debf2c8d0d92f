"""Request parameters of /api/search/ and of the search-backed /api/products/, validated exactly as the
listing validates them (catalog.filters.ProductFilter, core.pagination), so both accept and refuse the
same parameters with the same 400s."""

import math
from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from catalog.filters import ProductFilter
from catalog.models import Product
from core.pagination import StorePagination
from search.query import MAX_QUERY_LENGTH, RELEVANCE, SearchFilters, SearchRequest


def query_text(request: Request) -> str:
    raw = request.query_params.get("q", "")
    if len(raw) > MAX_QUERY_LENGTH:
        raise ValidationError({"q": [f"At most {MAX_QUERY_LENGTH} characters."]})
    return raw


def page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    if not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
        raise ValidationError({"page": ["Must be a whole number from 1."]})
    return int(raw)


def page_size(request: Request) -> int:
    return StorePagination().get_page_size(request)


def total_pages(total: int, size: int) -> int:
    return math.ceil(total / size) if total else 0


def check_page_exists(page: int, total: int, size: int) -> None:
    pages = total_pages(total, size)
    if page > 1 and page > pages:  # page 1 of an empty result exists, as in the listing
        raise ValidationError({"page": [f"Page {page} does not exist; there are {max(pages, 1)} pages."]})


def validated_filterset(request: Request, errors: dict[str, Any] | None = None) -> ProductFilter:
    errors = dict(errors or {})
    filterset = ProductFilter(request.query_params, queryset=Product.objects.none(), request=request)
    if not filterset.is_valid():
        errors.update({name: list(messages) for name, messages in filterset.errors.items()})
    if errors:
        raise ValidationError(errors)
    return filterset


def search_request(request: Request, filterset: ProductFilter, text: str = "") -> SearchRequest:
    explicit = filterset.form.cleaned_data.get("sort")
    return SearchRequest(
        query=text,
        filters=SearchFilters.from_filterset(filterset),
        sort=explicit or (RELEVANCE if text.strip() else filterset.sort_key),
        page=page_number(request),
        page_size=page_size(request),
    )


def parse(request: Request) -> tuple[SearchRequest, ProductFilter]:
    """/api/search/: q, the listing's filters and sorts, page, page_size. Every bad value is a 400."""
    errors: dict[str, Any] = {}
    try:
        text = query_text(request)
    except ValidationError as exc:
        errors["q"] = exc.detail["q"] if isinstance(exc.detail, dict) else exc.detail
        text = ""
    filterset = validated_filterset(request, errors)
    return search_request(request, filterset, text), filterset
