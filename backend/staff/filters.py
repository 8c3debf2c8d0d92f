"""Query parameters of the staff lists, validated (a bad value is a 400) and documented."""

import re
from datetime import date, datetime, time, timedelta
from typing import Any

import django_filters as filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_filters.fields import IsoDateTimeField

from accounts.models import normalize_email
from audit.models import Action, AuditLog
from catalog.filters import StrictBooleanFilter
from catalog.models import ProductVariant
from orders.imei import IMEI_LENGTH, luhn_valid
from orders.models import Imei, Order, OrderStatus
from staff.reports import ORDER_QUEUES, order_queue


class IntegerFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class _PresentMeansValue:
    """A parameter that is present must have a value: ?until= is a 400, not "no filter"."""

    def to_python(self, value):
        if value == "":
            raise forms.ValidationError("Give a value or leave the parameter out.", code="required")
        return super().to_python(value)


# The widest UTC offsets in use (UTC-12 to UTC+14): ISO 8601 allows up to ±23:59, PostgreSQL refuses past ±15:59.
MAX_UTC_OFFSET = timedelta(hours=14)


class StrictDateTimeField(_PresentMeansValue, IsoDateTimeField):
    def to_python(self, value):
        moment = super().to_python(value)
        offset = moment.utcoffset() if moment is not None else None
        if offset is not None and abs(offset) > MAX_UTC_OFFSET:
            raise forms.ValidationError("No time zone is that far from UTC.", code="invalid")
        return moment


class StrictDateField(_PresentMeansValue, forms.DateField):
    input_formats = ["%Y-%m-%d"]  # what <input type="date"> sends; nothing locale-dependent


class DayFilter(filters.DateFilter):
    field_class = StrictDateField


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


# An order's number as printed (PS00000123), or its id.
_ORDER_NUMBER = re.compile(r"^(?:PS)?0*([1-9][0-9]{0,11})$", re.IGNORECASE)
_DIGITS_ONLY = re.compile(r"[\s-]+")
_MOBILE = re.compile(r"^(?:\+?91)?([6-9][0-9]{9})$")


def _day_start(day: date) -> datetime:
    """Midnight starting `day` in the shop's time zone (TIME_ZONE, India): a day is an Indian day."""
    return timezone.make_aware(datetime.combine(day, time.min))


def order_search(queryset: QuerySet[Order], value: str) -> QuerySet[Order]:
    """Orders matching `value` by what staff have in hand: the order's number or id, the customer's email, the
    delivery (or sign-in) mobile number, the parcel's AWB, or an IMEI of a unit sold in it. Each reading of the
    value that fits its shape is tried; an order matching any of them is found (once).

    Each reading is its own query of order ids, on its own index (the order's key, the user's email and mobile,
    the shipment's (provider, AWB), the IMEI's number, the delivery mobile's expression index), and the orders are
    those ids: one OR over joined tables would read every order (measured in docs/api.md)."""
    from shipping.models import Shipment
    from shipping.providers import PROVIDERS

    value = value.strip()
    if not value:
        return queryset
    # AWB formats vary by carrier: any text may be one (as given, or uppercased as carriers print them).
    # No ORDER BY inside the union (SQLite refuses one; the order of ids is of no use).
    awbs = Shipment.objects.filter(provider__in=list(PROVIDERS), awb__in={value, value.upper()})
    readings: list[QuerySet[Any]] = [awbs.order_by().values("order_id")]
    if number := _ORDER_NUMBER.match(value):
        readings.append(Order.objects.filter(pk=int(number.group(1))).order_by().values("pk"))
    if "@" in value:
        readings.append(Order.objects.filter(user__email=normalize_email(value)).order_by().values("pk"))
    digits = _DIGITS_ONLY.sub("", value)
    if mobile := _MOBILE.match(digits):
        readings.append(Order.objects.filter(shipping_address__phone=mobile.group(1)).order_by().values("pk"))
        readings.append(Order.objects.filter(user__mobile=mobile.group(1)).order_by().values("pk"))
    if len(digits) == IMEI_LENGTH and luhn_valid(digits):
        readings.append(Imei.objects.filter(number=digits).order_by().values("unit__item__order_id"))
    first, *rest = readings
    return queryset.filter(pk__in=first.union(*rest) if rest else first)


class OrderFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=OrderStatus.choices, help_text="One or more states.")
    payment_method = filters.CharFilter(
        max_length=20,
        validators=[RegexValidator(r"^[a-z][a-z0-9_]*$", "A payment method's code, e.g. razorpay or cod.")],
        help_text="The payment method's code: razorpay, stripe, cod, dev.",
    )
    needs_review = StrictBooleanFilter(field_name="needs_review")
    customer = filters.CharFilter(
        field_name="user__email", lookup_expr="icontains", max_length=254, help_text="Part of the customer's email."
    )
    since = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    until = DateTimeFilter(field_name="created_at", lookup_expr="lt")
    placed_from = DayFilter(method="placed_on_or_after", help_text="Placed on this day (India) or later: YYYY-MM-DD.")
    placed_to = DayFilter(method="placed_on_or_before", help_text="Placed on this day (India) or earlier: YYYY-MM-DD.")
    total_min = filters.NumberFilter(
        field_name="total", lookup_expr="gte", validators=[MinValueValidator(0), MaxValueValidator(100_000_000)]
    )
    queue = filters.ChoiceFilter(
        choices=[(name, name) for name in ORDER_QUEUES],
        method="in_queue",
        help_text="One of Today's queues (GET /api/staff/reports/dashboard/ queues): the same orders it counts.",
    )
    q = filters.CharFilter(
        method="search",
        max_length=100,
        help_text="An order number (PS00000123) or id, the customer's email, a mobile number, an AWB or an IMEI.",
    )

    class Meta:
        model = Order
        fields = [
            "status",
            "payment_method",
            "needs_review",
            "customer",
            "since",
            "until",
            "placed_from",
            "placed_to",
            "total_min",
            "queue",
            "q",
        ]

    def is_valid(self) -> bool:
        valid = super().is_valid()
        data = self.form.cleaned_data if valid else {}
        start, end = data.get("placed_from"), data.get("placed_to")
        if start and end and start > end:
            self.form.add_error("placed_to", "The last day comes on or after the first (placed_from).")
            return False
        return valid

    def placed_on_or_after(self, queryset: QuerySet[Order], name: str, value: date) -> QuerySet[Order]:
        return queryset.filter(created_at__gte=_day_start(value))

    def placed_on_or_before(self, queryset: QuerySet[Order], name: str, value: date) -> QuerySet[Order]:
        return queryset.filter(created_at__lt=_day_start(value + timedelta(days=1)))

    def in_queue(self, queryset: QuerySet[Order], name: str, value: str) -> QuerySet[Order]:
        return queryset.filter(order_queue(value)) if value else queryset

    def search(self, queryset: QuerySet[Order], name: str, value: str) -> QuerySet[Order]:
        return order_search(queryset, value)
