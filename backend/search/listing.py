"""/api/products/ answered by the search engine (SHOP_LISTING_BACKEND=search), in the listing's shape:
{count, page, total_pages, page_size, facets, price, results}. Registered into catalog.api.views at start-up."""

from catalog.api.serializers import ProductListSerializer
from search import services
from search.api import params


def search_listing(request, filterset) -> dict:
    search_request = params.search_request(request, filterset)
    result = services.search(search_request)
    params.check_page_exists(search_request.page, result.total, search_request.page_size)
    rows = services.hydrate(result.hits, filterset.variant_predicate())
    return {
        "count": result.total,
        "page": search_request.page,
        "total_pages": params.total_pages(result.total, search_request.page_size),
        "page_size": search_request.page_size,
        "facets": result.facets,
        "price": result.price,
        "results": ProductListSerializer(rows, many=True, context={"request": request}).data,
    }
