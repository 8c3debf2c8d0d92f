import time
from dataclasses import asdict

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import selectors
from catalog.api.serializers import ProductListSerializer
from catalog.cache import NAMESPACE as CATALOG
from catalog.filters import ProductFilter
from core.http_cache import public_cache
from core.ratelimit import rate_limit
from search import services
from search.api import params
from search.api.serializers import SearchPageSerializer, SuggestResponseSerializer
from search.query import MAX_QUERY_LENGTH

Q_PARAMETER = OpenApiParameter(
    "q",
    OpenApiTypes.STR,
    description=f"Words to find (at most {MAX_QUERY_LENGTH} "
    "characters); empty browses with the filters. Typos and a partly typed last word "
    "are forgiven.",
)


def _filter_parameters():
    out = []
    for name, field in ProductFilter.base_filters.items():
        kind = (
            OpenApiTypes.NUMBER
            if name.startswith(("price", "rating"))
            else (OpenApiTypes.BOOL if name in ("is_5g", "available") else OpenApiTypes.STR)
        )
        description = field.extra.get("help_text", "")
        if name == "sort":
            description = (
                "popularity, price, -price, -rating, newest. Default: relevance when q is given, else popularity."
            )
        out.append(OpenApiParameter(name, kind, description=str(description)))
    out.append(OpenApiParameter("page", OpenApiTypes.INT))
    out.append(OpenApiParameter("page_size", OpenApiTypes.INT, description="1 to 100, default 24."))
    return out


class SearchView(APIView):
    """Full-text search over the catalog: one result per phone, in the listing's row shape, with facets."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[Q_PARAMETER, *_filter_parameters()], responses=SearchPageSerializer)
    @rate_limit("search_ip")  # every request counts, cached or not
    @public_cache(CATALOG, "search")
    def get(self, request):
        started = time.perf_counter()
        search_request, filterset = params.parse(request)
        try:
            result = services.search(search_request, filterset)
        finally:
            selectors.let_go_of_selection(filterset)  # its masks freed now, not with the request's cycles
        params.check_page_exists(search_request.page, result.total, search_request.page_size)
        rows = services.hydrate(result.hits, filterset.variant_predicate())
        response = Response(
            {
                "query": search_request.query.strip(),
                "results": ProductListSerializer(rows, many=True, context={"request": request}).data,
                "total": result.total,
                "page": search_request.page,
                "total_pages": params.total_pages(result.total, search_request.page_size),
                "page_size": search_request.page_size,
                "facets": result.facets,
                "price": result.price,
                "backend": result.backend,
                "degraded": result.degraded,
                "took_ms": round((time.perf_counter() - started) * 1000, 1),
            }
        )
        # A fallback's answer is kept nowhere: the shop is back on its engine as soon as it recovers.
        response.no_cache = result.degraded
        return response


class SuggestView(APIView):
    """Search-as-you-type: up to 8 brands and phone titles for what has been typed so far."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[Q_PARAMETER], responses=SuggestResponseSerializer)
    @rate_limit("search_ip")  # every request counts, cached or not
    @public_cache(CATALOG, "search")
    def get(self, request):
        text = params.query_text(request)
        suggestions, degraded = services.suggest(text) if text.strip() else ([], False)
        response = Response({"query": text.strip(), "suggestions": [asdict(s) for s in suggestions]})
        response.no_cache = degraded
        return response
