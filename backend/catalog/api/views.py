from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.drainage import set_override
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import selectors, services
from catalog.api.serializers import (
    BrandSerializer,
    CategoryNodeSerializer,
    FacetsSerializer,
    PriceRangeSerializer,
    ProductDetailSerializer,
    ProductListSerializer,
    ReviewSerializer,
)
from catalog.cache import NAMESPACE as CATALOG
from catalog.cache import cached
from catalog.filters import ProductFilter
from catalog.models import Product, Review
from core.http_cache import public_cache
from core.ratelimit import rate_limit

# SHOP_LISTING_BACKEND names who answers /api/products/: "database" (here) or an engine another app
# registers at start-up (search registers "search"), so that catalog never imports it. A handler takes
# (request, validated ProductFilter) and returns the Response.
LISTING_HANDLERS: dict = {}

ProductPageSerializer = inline_serializer(
    "ProductPage",
    {
        "count": serializers.IntegerField(),
        "page": serializers.IntegerField(),
        "total_pages": serializers.IntegerField(),
        "page_size": serializers.IntegerField(),
        "facets": FacetsSerializer(),
        "price": PriceRangeSerializer(),
        "results": ProductListSerializer(many=True),
    },
)
# Already the whole page: drf-spectacular must not wrap it in a paginated list again.
set_override(ProductPageSerializer, "many", False)


class ProductListView(generics.ListAPIView):
    """Phones with filters, sorts, pages, and facet counts for the filter panel."""

    serializer_class = ProductListSerializer
    filter_backends = [DjangoFilterBackend]  # validates the parameters and documents them
    filterset_class = ProductFilter
    queryset = selectors.active_products()

    @extend_schema(responses=ProductPageSerializer)
    @public_cache(CATALOG, "search")  # "search": the engine's index, when it answers (SHOP_LISTING_BACKEND)
    def get(self, request, *args, **kwargs):
        filterset = ProductFilter(request.query_params, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        try:
            return self._listing(request, filterset)
        finally:
            selectors.let_go_of_selection(filterset)  # its masks freed now, not with the request's cycles

    def _listing(self, request, filterset):
        handler = LISTING_HANDLERS.get(settings.SHOP_LISTING_BACKEND)
        if handler is not None:
            return handler(request, filterset)
        # Facets first (cached per filter set): the exact count is read off them, no COUNT query.
        facets = selectors.cached_listing_facets(filterset)
        products = selectors.listing_rows(filterset)
        page = self.paginator.paginate_queryset(
            products, request, view=self, count=selectors.count_from_facets(filterset, facets)
        )
        data = self.get_serializer(page, many=True).data
        return self.paginator.get_paginated_response(data, **facets)


class ProductDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ProductDetailSerializer)
    @public_cache(CATALOG)
    def get(self, request, slug: str):
        product = selectors.product_detail(slug)
        if product is None:
            raise Http404
        # Read by the serializer; set on this response's instance only (no such model attribute).
        product.breadcrumbs = selectors.breadcrumbs(product.category)  # type: ignore[attr-defined]
        return Response(ProductDetailSerializer(product).data)


class CategoryTreeView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=CategoryNodeSerializer(many=True))
    @public_cache(CATALOG)
    def get(self, request):
        return Response(selectors.category_tree())


class BrandListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=BrandSerializer(many=True))
    @public_cache(CATALOG)
    def get(self, request):
        return Response(BrandSerializer(selectors.brand_list(), many=True).data)


HomeSerializer = inline_serializer(
    "Home",
    {
        "phone_count": serializers.IntegerField(help_text="Active phones in the shop."),
        "brands": BrandSerializer(many=True),
        "newest": ProductListSerializer(many=True),
        "top_rated": ProductListSerializer(many=True),
        "deals": ProductListSerializer(many=True),
    },
)


class HomeView(APIView):
    """The home page's sections in one answer: brands, newest, top rated and best deals (8 phones each)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=HomeSerializer)
    @public_cache(CATALOG)
    def get(self, request):
        return Response(cached("home", lambda: _home_sections(request)))


def _home_sections(request) -> dict:
    def rows(sort: str, size: int):
        filterset = ProductFilter({"sort": sort}, queryset=selectors.active_products(), request=request)
        filterset.is_valid()
        products = selectors.with_listing_rows(selectors.filtered_products(filterset), filterset.variant_predicate())
        return ProductListSerializer(products[:size], many=True).data

    popular = rows("popularity", HOME_DEALS_POOL)
    deals = sorted(
        (p for p in popular if p["discount_percent"] > 0 and p["available"]),
        key=lambda p: (-p["discount_percent"], p["id"]),
    )[:HOME_SECTION_SIZE]
    return {
        "phone_count": selectors.active_products().count(),
        "brands": BrandSerializer(selectors.brand_list(), many=True).data,
        "newest": rows("newest", HOME_SECTION_SIZE),
        "top_rated": rows("-rating", HOME_SECTION_SIZE),
        "deals": deals,
    }


class SitemapView(APIView):
    """Every active phone in one answer (slug, last change, brand, category path): what the storefront's
    sitemap needs, without one detail request per phone."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses=inline_serializer(
            "SitemapRow",
            {
                "slug": serializers.CharField(),
                "updated_at": serializers.DateTimeField(),
                "brand": serializers.CharField(),
                "category_path": serializers.CharField(),
            },
            many=True,
        )
    )
    @public_cache(CATALOG)
    def get(self, request):
        return Response(selectors.sitemap_rows())


HOME_SECTION_SIZE = 8
HOME_DEALS_POOL = 100  # deals: the most discounted in stock among the 100 most popular phones


class ProductReviewsView(generics.ListCreateAPIView):
    """A phone's reviews, newest first; a signed-in shopper may write one review per phone."""

    serializer_class = ReviewSerializer
    filter_backends: list = []

    def get_permissions(self):
        return [AllowAny()] if self.request.method in SAFE_METHODS else [IsAuthenticated()]

    def get_product(self) -> Product:
        return get_object_or_404(selectors.active_products().only("id"), slug=self.kwargs["slug"])

    def get_queryset(self):
        return Review.objects.filter(product=self.get_product()).select_related("user").order_by("-created_at", "-id")

    @rate_limit("review_user", key="user")
    def create(self, request, *args, **kwargs):
        product = self.get_product()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = services.create_review(user=request.user, product=product, **serializer.validated_data)
        return Response(self.get_serializer(review).data, status=status.HTTP_201_CREATED)
