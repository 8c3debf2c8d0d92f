"""A listing row is the same whichever way it is read: the search's plain rows (catalog.selectors.plain_listing_rows)
and the listing's prepared phones (with_listing_rows), and ProductListSerializer's direct rendering and the one its
declared fields give."""

import pytest
from django.db.models import Q
from rest_framework import serializers

from catalog.api.serializers import ProductListSerializer
from catalog.models import Product
from catalog.selectors import plain_listing_rows, with_listing_rows
from catalog.tests.factories import ProductImageFactory

PREDICATES = [
    Q(is_active=True),
    Q(is_active=True) & Q(color__iexact="black"),
    Q(is_active=True) & Q(price__gte=14000) & Q(stock__gt=0),
    Q(is_active=True) & Q(ram_gb__in=[12]),
]


@pytest.fixture
def pictured(catalog):
    ProductImageFactory(product=catalog["a"], color="Blue", position=1)
    ProductImageFactory(product=catalog["a"], color="Black", position=2)
    ProductImageFactory(product=catalog["x"], color="", position=0)
    return catalog


def declared_fields(product) -> dict:
    serializer = ProductListSerializer()
    return serializers.ModelSerializer.to_representation(serializer, product)


@pytest.mark.parametrize("predicate", PREDICATES)
def test_plain_rows_render_as_the_prepared_phones(pictured, predicate, django_assert_num_queries):
    phones = Product.objects.filter(is_active=True).select_related("brand", "category")
    prepared = {p.pk: p for p in with_listing_rows(phones, predicate)}
    every = [*prepared, pictured["old"].pk]
    with django_assert_num_queries(3):
        plain = plain_listing_rows(every, predicate)
    assert set(plain) == set(prepared)  # inactive phones left out
    for pk, product in prepared.items():
        rendered = ProductListSerializer(product).data
        assert ProductListSerializer(plain[pk]).data == rendered
        assert rendered == declared_fields(product) == declared_fields(plain[pk])
        assert list(rendered) == ProductListSerializer.Meta.fields
