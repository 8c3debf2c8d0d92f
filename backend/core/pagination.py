from collections.abc import Sequence
from typing import Any

from django.core.paginator import InvalidPage, Page
from django.db.models import QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

MAX_PAGE_SIZE = 100


class StorePagination(PageNumberPagination):
    """Page-number pagination whose bad page / page_size is a 400 with field errors, not a 404. A page_size
    above the maximum is capped (the answer's page_size says what was used), as DRF's own does."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    # Narrower than DRF's declarations: settings give PAGE_SIZE (every list here is paginated), and page
    # and request are set by paginate_queryset before anything reads them.
    page_size: int
    page: Page[Any]
    request: Request

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or int(raw) < 1:
            raise ValidationError(
                {"page_size": [f"Must be a whole number from 1 (at most {self.max_page_size} are given)."]}
            )
        return min(int(raw), self.max_page_size)

    def paginate_queryset(
        self,
        queryset: QuerySet[Any, Any] | Sequence[Any],
        request: Request,
        view: APIView | None = None,
        count: int | None = None,
    ) -> list[Any]:
        """`count`: the number of rows when the caller knows it already (no COUNT query is run)."""
        raw = request.query_params.get(self.page_query_param, "1")
        if not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
            raise ValidationError({"page": ["Must be a whole number from 1."]})
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        if count is not None:
            paginator.__dict__["count"] = count  # Paginator.count is a cached_property
        try:
            self.page = paginator.page(int(raw))  # page 1 of an empty result exists
        except InvalidPage:
            raise ValidationError(
                {"page": [f"Page {raw} does not exist; there are {paginator.num_pages} pages."]}
            ) from None
        return list(self.page)

    def get_paginated_response(self, data: Any, **extra: Any) -> Response:
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.count,
                "page": self.page.number,
                "total_pages": paginator.num_pages if paginator.count else 0,
                "page_size": self.get_page_size(self.request),
                **extra,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "page", "total_pages", "page_size", "results"],
            "properties": {
                "count": {"type": "integer"},
                "page": {"type": "integer"},
                "total_pages": {"type": "integer"},
                "page_size": {"type": "integer"},
                "results": schema,
            },
        }
