from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
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
from catalog.filters import ProductFilter
from catalog.models import Product, Review

# SHOP_LISTING_BACKEND names who answers /api/products/: "database" (here) or an engine another app
# registers at start-up (search registers "search"), so that catalog never imports it.
LISTING_HANDLERS: dict = {}

ProductPageSerializer = inline_serializer("ProductPage", {
    "count": serializers.IntegerField(),
    "page": serializers.IntegerField(),
    "total_pages": serializers.IntegerField(),
    "page_size": serializers.IntegerField(),
    "facets": FacetsSerializer(),
    "price": PriceRangeSerializer(),
    "results": ProductListSerializer(many=True),
})


class ProductListView(generics.ListAPIView):
    """Phones with filters, sorts, pages, and facet counts for the filter panel."""

    serializer_class = ProductListSerializer
    filter_backends = [DjangoFilterBackend]  # validates the parameters and documents them
    filterset_class = ProductFilter
    queryset = selectors.active_products()

    @extend_schema(responses=ProductPageSerializer)
    def get(self, request, *args, **kwargs):
        filterset = ProductFilter(request.query_params, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        handler = LISTING_HANDLERS.get(settings.SHOP_LISTING_BACKEND)
        if handler is not None:
            return Response(handler(request, filterset))
        products = selectors.with_listing_rows(selectors.filtered_products(filterset), filterset.variant_predicate())
        page = self.paginate_queryset(products)
        data = self.get_serializer(page, many=True).data
        return self.paginator.get_paginated_response(data, **selectors.listing_facets(filterset))


class ProductDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ProductDetailSerializer)
    def get(self, request, slug: str):
        product = selectors.product_detail(slug)
        if product is None:
            raise Http404
        product.breadcrumbs = selectors.breadcrumbs(product.category)
        return Response(ProductDetailSerializer(product).data)


class CategoryTreeView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=CategoryNodeSerializer(many=True))
    def get(self, request):
        return Response(selectors.category_tree())


class BrandListView(generics.ListAPIView):
    serializer_class = BrandSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return selectors.brands_with_counts()


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

    def create(self, request, *args, **kwargs):
        product = self.get_product()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = services.create_review(user=request.user, product=product, **serializer.validated_data)
        return Response(self.get_serializer(review).data, status=status.HTTP_201_CREATED)
