"""Response shapes, for the OpenAPI schema (the views build plain dicts)."""

from rest_framework import serializers

from catalog.api.serializers import FacetsSerializer, PriceRangeSerializer, ProductListSerializer


class SearchPageSerializer(serializers.Serializer):
    query = serializers.CharField()
    results = ProductListSerializer(many=True)
    total = serializers.IntegerField(help_text="Phones matching (one result per phone).")
    page = serializers.IntegerField()
    total_pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    facets = FacetsSerializer(help_text="Phones per value, over the whole result set.")
    price = PriceRangeSerializer(help_text="Cheapest and dearest matching variant.")
    backend = serializers.ChoiceField(choices=["meilisearch", "database"])
    degraded = serializers.BooleanField(
        help_text="Answered by a fallback (the configured engine is failing): no typo tolerance or relevance "
        "when the database answers; never cached."
    )
    took_ms = serializers.FloatField()


class SuggestionSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["product", "brand"])
    title = serializers.CharField()
    slug = serializers.CharField()


class SuggestResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    suggestions = SuggestionSerializer(many=True)
