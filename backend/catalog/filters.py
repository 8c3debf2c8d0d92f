"""Listing filters (django-filter). Product-level filters narrow products; variant-level filters
(RAM, storage, colour, price range, availability) must hold for one and the same variant, so they are
collected into one predicate and applied together (see ProductFilter.filter_queryset)."""

from decimal import Decimal
from typing import Any

import django_filters as filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from catalog.models import Category, Product, ProductVariant

SORTS = {
    "popularity": ("-popularity", "id"),
    "price": ("listing_price", "id"),
    "-price": ("-listing_price", "id"),
    "-rating": ("-rating", "-review_count", "id"),
    # Phones without a launch date go last on every database (PostgreSQL would put NULLs first).
    "newest": (F("launch_date").desc(nulls_last=True), "-id"),
}
MULTI_VALUE_PARAMS = ("brand", "ram", "storage", "color")
MAX_VALUES_PER_FILTER = 20
MAX_PRICE = Decimal("10000000")


class BoundedIntegerList(filters.BaseInFilter, filters.NumberFilter):
    def __init__(self, *args: Any, min_value: int = 1, max_value: int = 4096, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.extra["validators"] = [MinValueValidator(min_value), MaxValueValidator(max_value)]


class CharList(filters.BaseInFilter, filters.CharFilter):
    pass


class StrictBooleanField(forms.Field):
    """true/false/1/0; anything else is an error rather than silently "no filter"."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError("Must be true or false.", code="invalid") from None


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(filters.Filter):
    field_class = StrictBooleanField


class ProductFilterForm(forms.Form):
    """Checks that span several parameters, so that a bad combination is a 400 before any query runs."""

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in MULTI_VALUE_PARAMS:
            if data.get(name) and len(data[name]) > MAX_VALUES_PER_FILTER:
                self.add_error(name, f"At most {MAX_VALUES_PER_FILTER} values.")
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", "Must not be below price_min.")
        slug = data.get("category")
        if slug:
            data["category"] = Category.objects.filter(slug=slug).only("id", "path").first()
            if data["category"] is None:
                self.add_error("category", f"Unknown category {slug!r}.")
        return data


class ProductFilter(filters.FilterSet):
    brand = CharList(method="filter_brand", max_length=80, help_text="Brand slug(s): repeat or comma-separate.")
    category = filters.CharFilter(
        method="filter_category", max_length=80, help_text="Category slug; includes sub-categories."
    )
    is_5g = StrictBooleanFilter(field_name="is_5g")
    rating_min = filters.NumberFilter(field_name="rating", lookup_expr="gte", min_value=0, max_value=5)
    ram = BoundedIntegerList(method="variant_filter", max_value=64, help_text="RAM in GB: repeat or comma-separate.")
    storage = BoundedIntegerList(method="variant_filter", max_value=4096, help_text="Storage in GB.")
    color = CharList(method="variant_filter", max_length=40, help_text="Colour name(s).")
    price_min = filters.NumberFilter(method="variant_filter", min_value=0, max_value=MAX_PRICE)
    price_max = filters.NumberFilter(method="variant_filter", min_value=0, max_value=MAX_PRICE)
    available = StrictBooleanFilter(method="variant_filter", help_text="true: only phones with a variant in stock.")
    sort = filters.ChoiceFilter(
        method="noop",
        choices=[(key, key) for key in SORTS],
        empty_label=None,
        help_text="popularity (default), price, -price, -rating, newest.",
    )

    class Meta:
        model = Product
        fields: list[str] = []
        form = ProductFilterForm

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:  # a QueryDict from a request
        if data is not None and hasattr(data, "getlist"):
            # Accept both ?brand=a&brand=b and ?brand=a,b.
            data = data.copy()
            for key in MULTI_VALUE_PARAMS:
                if len(data.getlist(key)) > 1:
                    data[key] = ",".join(data.getlist(key))
        super().__init__(data, *args, **kwargs)

    def get_form_class(self) -> type[forms.Form]:
        """The form class, built once: django-filter builds it for every request again, from fresh copies of the
        same filters (a few per cent of an uncached listing). A form deep-copies its fields, so one class serves all."""
        built: type[forms.Form] | None = type(self).__dict__.get("_form_class")
        if built is None:
            built = super().get_form_class()
            type(self)._form_class = built
        return built

    # Every variant-level filter is applied in filter_queryset, together.
    def variant_filter(self, queryset: QuerySet[Product], name: str, value: Any) -> QuerySet[Product]:
        return queryset

    def noop(self, queryset: QuerySet[Product], name: str, value: Any) -> QuerySet[Product]:
        return queryset

    def filter_brand(self, queryset: QuerySet[Product], name: str, value: list[str]) -> QuerySet[Product]:
        return queryset.filter(brand__slug__in=value) if value else queryset

    def filter_category(self, queryset: QuerySet[Product], name: str, category: Category) -> QuerySet[Product]:
        return queryset.filter(Q(category__path=category.path) | Q(category__path__startswith=category.path + "/"))

    def variant_predicate(self) -> Q:
        """The conditions one variant must meet to count for a product in this listing."""
        data = self.form.cleaned_data if self.is_bound else {}
        q = Q(is_active=True)
        if data.get("ram"):
            q &= Q(ram_gb__in=data["ram"])
        if data.get("storage"):
            q &= Q(storage_gb__in=data["storage"])
        if data.get("color"):
            colors = Q()
            for color in data["color"]:
                colors |= Q(color__iexact=color)
            q &= colors
        if data.get("price_min") is not None:
            q &= Q(price__gte=data["price_min"])
        if data.get("price_max") is not None:
            q &= Q(price__lte=data["price_max"])
        if data.get("available"):
            q &= Q(stock__gt=0)
        return q

    def filter_queryset(self, queryset: QuerySet[Product]) -> QuerySet[Product]:
        queryset = super().filter_queryset(queryset)
        matching = ProductVariant.objects.filter(self.variant_predicate(), product=OuterRef("pk"))
        return queryset.filter(Exists(matching))

    def without(self, *params: str) -> tuple[QuerySet[Product], Q]:
        """(products, variant predicate) with some filters dropped: a facet counts over the result
        set without its own filter, so a shopper can still see and add the other brands or sizes."""
        kept = {k: v for k, v in self.form.cleaned_data.items() if k not in params}
        saved, self.form.cleaned_data = self.form.cleaned_data, kept
        try:
            return self.filter_queryset(self.queryset.all()), self.variant_predicate()
        finally:
            self.form.cleaned_data = saved

    @property
    def sort_key(self) -> str:
        return (self.form.cleaned_data.get("sort") if self.is_bound else None) or "popularity"
