"""Query parameters of the staff lists, validated (a bad value is a 400) and documented."""

import django_filters as filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q, QuerySet
from django_filters.fields import IsoDateTimeField

from audit.models import Action, AuditLog
from catalog.filters import StrictBooleanFilter
from catalog.models import ProductVariant
from orders.models import Order, OrderStatus


class IntegerFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class _PresentMeansValue:
    """A parameter that is present must have a value: ?until= is a 400, not "no filter"."""

    def to_python(self, value):
        if value == "":
            raise forms.ValidationError("Give a value or leave the parameter out.", code="required")
        return super().to_python(value)


class StrictDateTimeField(_PresentMeansValue, IsoDateTimeField):
    pass


class DateTimeFilter(filters.IsoDateTimeFilter):
    field_class = StrictDateTimeField


# ?sort= keys and the columns they order by (each also descending with a leading -).
_SORT_COLUMNS = {
    "phone": "product__title",
    "brand": "product__brand__name",
    "sku": "sku",
    "price": "price",
    "mrp": "mrp",
    "stock": "stock",
}
VARIANT_SORTS = {**_SORT_COLUMNS, **{f"-{key}": column for key, column in _SORT_COLUMNS.items()}}


class VariantFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", max_length=100, help_text="Part of the SKU or the phone's title.")
    product = filters.CharFilter(field_name="product__slug", max_length=220, help_text="Product slug.")
    stock_max = IntegerFilter(
        field_name="stock",
        lookup_expr="lte",
        validators=[MinValueValidator(0), MaxValueValidator(1_000_000)],
        help_text="Only variants with at most this many units (low stock).",
    )

    is_active = StrictBooleanFilter(field_name="is_active")
    brand = filters.CharFilter(field_name="product__brand__slug", max_length=80, help_text="Brand slug.")
    sort = filters.ChoiceFilter(
        method="sort_by",
        choices=[(key, key) for key in VARIANT_SORTS],
        help_text="Order by a column; a leading - for descending. Default: phone, then id.",
    )

    class Meta:
        model = ProductVariant
        fields = ["q", "product", "stock_max", "is_active", "brand", "sort"]

    def search(self, queryset: QuerySet[ProductVariant], name: str, value: str) -> QuerySet[ProductVariant]:
        if not value:
            return queryset
        return queryset.filter(
            Q(sku__icontains=value) | Q(product__title__icontains=value) | Q(product__brand__name__icontains=value)
        )

    def sort_by(self, queryset: QuerySet[ProductVariant], name: str, value: str) -> QuerySet[ProductVariant]:
        column = _SORT_COLUMNS[value.lstrip("-")]
        return queryset.order_by(f"-{column}" if value.startswith("-") else column, "id")  # id: a stable page order


class AuditLogFilter(filters.FilterSet):
    action = filters.ChoiceFilter(choices=Action.choices)
    actor = IntegerFilter(field_name="actor_id", validators=[MinValueValidator(1)], help_text="User id of the actor.")
    object_type = filters.CharFilter(max_length=100, help_text="e.g. catalog.productvariant")
    object_id = filters.CharFilter(max_length=64)
    since = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    until = DateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = AuditLog
        fields = ["action", "actor", "object_type", "object_id", "since", "until"]


class OrderFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=OrderStatus.choices, help_text="One or more states.")
    payment_method = filters.CharFilter(max_length=20)
    needs_review = StrictBooleanFilter(field_name="needs_review")
    customer = filters.CharFilter(
        field_name="user__email", lookup_expr="icontains", max_length=254, help_text="Part of the customer's email."
    )
    since = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    until = DateTimeFilter(field_name="created_at", lookup_expr="lt")
    total_min = filters.NumberFilter(
        field_name="total", lookup_expr="gte", validators=[MinValueValidator(0), MaxValueValidator(100_000_000)]
    )

    class Meta:
        model = Order
        fields = ["status", "payment_method", "needs_review", "customer", "since", "until", "total_min"]
