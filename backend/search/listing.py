"""/api/products/ answered by the search engine (SHOP_LISTING_BACKEND=search), in the listing's shape:
{count, page, total_pages, page_size, facets, price, results}, plus "degraded": true when a fallback
answered (no engine could: the catalog's own listing queries did). Registered into catalog.api.views at
start-up."""

from rest_framework.request import Request
from rest_framework.response import Response

from catalog.api.serializers import ProductListSerializer
from catalog.filters import ProductFilter
from search import services
from search.api import params


def search_listing(request: Request, filterset: ProductFilter) -> Response:
    search_request = params.search_request(request, filterset)
    result = services.search(search_request, filterset)
    params.check_page_exists(search_request.page, result.total, search_request.page_size)
    rows = services.hydrate(result.hits, filterset.variant_predicate())
    body = {
        "count": result.total,
        "page": search_request.page,
        "total_pages": params.total_pages(result.total, search_request.page_size),
        "page_size": search_request.page_size,
        "facets": result.facets,
        "price": result.price,
        "results": ProductListSerializer(rows, many=True, context={"request": request}).data,
    }
    if result.degraded:
        body["degraded"] = True
    response = Response(body)
    response.no_cache = result.degraded  # type: ignore[attr-defined]  # a fallback's answer is kept nowhere (core.http_cache)
    return response
