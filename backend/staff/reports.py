"""The figures of the staff console's Today (GET /api/staff/reports/dashboard/): what waits for staff now, and how the
last days sold. Every figure is an SQL aggregate (COUNT, SUM, GROUP BY the Indian day); Python only folds the grouped
rows (a few per day) into the answer, never loops over orders. The Reports pages (sales over a chosen range) build on
the same pieces: `Window`, `sales`, `sales_by_brand`, `cancellations`.

What counts as a sale (revenue): an order whose money came in, on the Indian day it came in: one paid up front from
the moment it is PAID, a cash-on-delivery order once DELIVERED (the courier collected the cash). Both are the order's
`paid_at` (orders.services.transition sets it at PAID, payments.cod_services at the collection), which nothing
clears, so an order later cancelled or returned still counts on its day and its refunds are taken off: net =
order totals (GST, shipping and COD fees included, coupon discounts off) - processed refunds (PaymentRefund) of
those orders, each refund on its order's sale day (a day's figure falls when a refund of its sales is processed
later)."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from catalog.models import ProductVariant
from core import cache
from orders import lifecycle
from orders.models import Order, OrderItem, OrderStatus, OrderTransition
from payments.models import PaymentRefund, RefundStatus
from payments.selectors import refund_in_order_currency
from returns import services as returns
from returns.models import ReturnRequest, ReturnStatus

IST = ZoneInfo("Asia/Kolkata")
DEFAULT_DAYS, MAX_DAYS = 30, 90
# The charts are cached this long (the project's cache, Redis in production): a dashboard opened by several people,
# or reloaded, costs their queries once a minute. What waits for staff (queues, low stock) is always counted afresh.
CHARTS_CACHE_SECONDS = 60
LOW_STOCK_LISTED = 20  # the lowest ones listed; the count covers every one
PAISA = Decimal("0.01")
ZERO = Decimal("0.00")


def _money(value: Decimal | None) -> Decimal:
    return (value or ZERO).quantize(PAISA, rounding=ROUND_HALF_UP)


def _percent(part: int, whole: int) -> Decimal | None:
    return None if not whole else (Decimal(100 * part) / whole).quantize(PAISA, rounding=ROUND_HALF_UP)


def india_today() -> date:
    return timezone.localdate(timezone=IST)


@dataclass(frozen=True)
class Window:
    """Whole Indian days, `since` to `until` inclusive."""

    since: date
    until: date

    @classmethod
    def last(cls, days: int, today: date | None = None) -> "Window":
        """The last `days` days, today (in India) included."""
        today = today or india_today()
        return cls(today - timedelta(days=days - 1), today)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.since, time.min, tzinfo=IST)

    @property
    def end(self) -> datetime:  # exclusive: midnight after the last day
        return datetime.combine(self.until + timedelta(days=1), time.min, tzinfo=IST)

    def days(self) -> list[date]:
        return [self.since + timedelta(days=n) for n in range((self.until - self.since).days + 1)]


# --- What waits for staff


def _from_statuses(to_status: str, actor: lifecycle.Actor) -> list[str]:
    """The statuses `actor` may move an order out of into `to_status`: the lifecycle's table, not a copy."""
    return [status for status in lifecycle.STATUSES if lifecycle.allows(status, to_status, actor)]


# The order queues of Today, by name: the console's order list filters by them (?queue=), so a count on Today and
# the list it links to are the same orders. Each as queues() counts it.
ORDER_QUEUES: tuple[str, ...] = ("to_pack", "to_ship", "cod_to_confirm", "needs_review")


def order_queue(name: str) -> Q:
    """The condition of one of ORDER_QUEUES (KeyError for another name)."""
    conditions: dict[str, Callable[[], Q]] = {
        "to_pack": lambda: Q(status__in=_from_statuses(OrderStatus.PACKED, lifecycle.Actor.STAFF)),
        "to_ship": lambda: Q(status__in=_from_statuses(OrderStatus.SHIPPED, lifecycle.Actor.STAFF)),
        "cod_to_confirm": lambda: Q(status__in=_from_statuses(OrderStatus.CONFIRMED, lifecycle.Actor.SHOPPER)),
        "needs_review": lambda: Q(needs_review=True),
    }
    return conditions[name]()


def _returns_waiting_for_staff() -> list[str]:
    """Return statuses only staff can move on (decide a request, inspect what came back), from returns' MOVES."""
    outgoing: dict[str, set[str]] = {}
    for (from_status, _), actors in returns.MOVES.items():
        outgoing.setdefault(from_status, set()).update(actors)
    return [status for status, actors in outgoing.items() if actors == {"staff"}]


def queues() -> dict[str, Any]:
    """Orders to pack (paid, or COD confirmed), to hand to the carrier (packed), COD orders awaiting the shopper's
    code, orders flagged for review, returns waiting for staff, low stock. Four queries."""
    to_pack = _from_statuses(OrderStatus.PACKED, lifecycle.Actor.STAFF)
    to_ship = _from_statuses(OrderStatus.SHIPPED, lifecycle.Actor.STAFF)
    to_confirm = _from_statuses(OrderStatus.CONFIRMED, lifecycle.Actor.SHOPPER)
    orders = Order.objects.filter(Q(status__in=[*to_pack, *to_ship, *to_confirm]) | Q(needs_review=True)).aggregate(
        to_pack=Count("pk", filter=Q(status__in=to_pack)),
        to_ship=Count("pk", filter=Q(status__in=to_ship)),
        cod_to_confirm=Count("pk", filter=Q(status__in=to_confirm)),
        needs_review=Count("pk", filter=Q(needs_review=True)),
    )
    waiting = _returns_waiting_for_staff()
    by_status = dict(
        ReturnRequest.objects.filter(status__in=waiting)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("status", "n")
    )
    return {
        **orders,
        "returns_waiting": sum(by_status.values()),
        "returns_by_status": [
            {"status": status, "status_label": ReturnStatus(status).label, "count": by_status.get(status, 0)}
            for status in waiting
        ],
        "low_stock": low_stock(),
    }


def low_stock(threshold: int | None = None) -> dict[str, Any]:
    """Sellable variants (the variant and its phone active) with fewer than LOW_STOCK_THRESHOLD units: how many,
    and the LOW_STOCK_LISTED lowest. Two queries."""
    threshold = settings.LOW_STOCK_THRESHOLD if threshold is None else threshold
    low = ProductVariant.objects.filter(is_active=True, product__is_active=True, stock__lt=threshold)
    rows = low.order_by("stock", "product__title", "pk").values(
        "id",
        "sku",
        "stock",
        "ram_gb",
        "storage_gb",
        "color",
        product_title=F("product__title"),
        product_slug=F("product__slug"),
    )[:LOW_STOCK_LISTED]
    return {"threshold": threshold, "count": low.count(), "variants": list(rows)}


# --- How the days sold


def sales(window: Window) -> dict[str, Any]:
    """Sales per Indian day and per payment method, and their totals: orders, gross (order totals), refunds, net.
    Two queries: the orders' sums, the refunds' sums, each grouped by (sale day, payment method)."""
    order_rows = (
        Order.objects.filter(paid_at__gte=window.start, paid_at__lt=window.end)
        .annotate(day=TruncDate("paid_at", tzinfo=IST))
        .values("day", "payment_method")
        .annotate(orders=Count("pk"), gross=Sum("total"))
        .order_by()
    )
    refund_rows = (
        PaymentRefund.objects.filter(status=RefundStatus.PROCESSED)
        .filter(payment__order__paid_at__gte=window.start, payment__order__paid_at__lt=window.end)
        .annotate(
            day=TruncDate("payment__order__paid_at", tzinfo=IST), payment_method=F("payment__order__payment_method")
        )
        .values("day", "payment_method")
        .annotate(refunds=Sum(refund_in_order_currency()))
        .order_by()
    )
    cells: dict[tuple[date, str], dict[str, Any]] = {}
    for row in order_rows:
        gross = _money(row["gross"])
        cells[(row["day"], row["payment_method"])] = {"orders": row["orders"], "gross": gross, "refunds": ZERO}
    for refund in refund_rows:
        cell = cells.setdefault(
            (refund["day"], refund["payment_method"]), {"orders": 0, "gross": ZERO, "refunds": ZERO}
        )
        cell["refunds"] = _money(refund["refunds"])

    def add_up(keys: list[tuple[date, str]]) -> dict[str, Any]:
        orders = sum(cells[k]["orders"] for k in keys)
        gross = sum((cells[k]["gross"] for k in keys), ZERO)
        refunds = sum((cells[k]["refunds"] for k in keys), ZERO)
        return {"orders": orders, "gross": gross, "refunds": refunds, "net": gross - refunds}

    methods = sorted({method for _, method in cells})
    by_method = [{"payment_method": m, **add_up([k for k in cells if k[1] == m])} for m in methods]
    by_method.sort(key=lambda row: (-row["net"], row["payment_method"]))
    return {
        "per_day": [{"date": day, **add_up([k for k in cells if k[0] == day])} for day in window.days()],
        "by_payment_method": by_method,
        "totals": add_up(list(cells)),
    }


def sales_by_brand(window: Window) -> list[dict[str, Any]]:
    """Units and value (line totals less their coupon share, GST included) of the phones sold in the window, per brand,
    best first. Orders cancelled or refunded whole are left out (nothing stayed sold); a partial return is not (refunds
    are per order, not per line). Shipping and COD fees are no brand's. A line whose phone was since deleted counts
    under brand null. One query."""
    kept = [status for status in lifecycle.STATUSES if lifecycle.on_happy_path(status)]
    rows = (
        OrderItem.objects.filter(
            order__paid_at__gte=window.start, order__paid_at__lt=window.end, order__status__in=kept
        )
        .values(brand=F("variant__product__brand__name"))
        .annotate(sold=Sum("quantity"), value=Sum(F("line_total") - F("discount")))
        .order_by()
    )
    out = [{"brand": row["brand"], "units": row["sold"], "value": _money(row["value"])} for row in rows]
    out.sort(key=lambda row: (-row["value"], row["brand"] or "\uffff"))
    return out


def cancellations(window: Window) -> dict[str, Any]:
    """Of the orders placed in the window (Indian days) that were committed, paid up front or, cash on delivery,
    confirmed by the shopper's code: how many were cancelled since (by the shopper, staff or a refused parcel) and how
    many have a return (not rejected). Orders never paid or confirmed (abandoned checkouts) are not in it. One query."""
    confirmed = OrderTransition.objects.filter(order=OuterRef("pk"), to_status=OrderStatus.CONFIRMED)
    returned = ReturnRequest.objects.filter(order=OuterRef("pk")).exclude(status=ReturnStatus.REJECTED)
    counts = (
        Order.objects.filter(created_at__gte=window.start, created_at__lt=window.end)
        .filter(Q(paid_at__isnull=False) | Exists(confirmed))
        .aggregate(
            placed=Count("pk"),
            cancelled=Count("pk", filter=Q(cancelled_at__isnull=False)),
            returned=Count("pk", filter=Exists(returned)),
        )
    )
    return {
        **counts,
        "cancelled_percent": _percent(counts["cancelled"], counts["placed"]),
        "returned_percent": _percent(counts["returned"], counts["placed"]),
    }


def charts(window: Window) -> dict[str, Any]:
    return {
        "sales": sales(window),
        "by_brand": sales_by_brand(window),
        "cancellations": cancellations(window),
        "computed_at": timezone.now(),
    }


def dashboard(days: int = DEFAULT_DAYS) -> dict[str, Any]:
    """Today: the queues (counted now) and the charts of the last `days` Indian days (cached CHARTS_CACHE_SECONDS)."""
    window = Window.last(days)
    key = cache.make_key("staff-dashboard", window.since, window.until)
    return {
        "window": {"days": days, "since": window.since, "until": window.until},
        "queues": queues(),
        "charts_cached_for_seconds": CHARTS_CACHE_SECONDS,
        **cache.get_or_compute(key, lambda: charts(window), CHARTS_CACHE_SECONDS),
    }


# --- Reports: sales over a chosen range (GET /api/staff/reports/sales/), by day, brand or variant

MAX_REPORT_DAYS = 366
REPORT_BY = ("day", "brand", "variant")


def sales_by_variant(window: Window) -> list[dict[str, Any]]:
    """sales_by_brand's figures per variant, by the SKU frozen on the order line (a variant since deleted keeps its
    line's SKU, title and label), best first. One query."""
    kept = [status for status in lifecycle.STATUSES if lifecycle.on_happy_path(status)]
    rows = (
        OrderItem.objects.filter(
            order__paid_at__gte=window.start, order__paid_at__lt=window.end, order__status__in=kept
        )
        .values("sku")
        .annotate(
            product_title=Max("product_title"),
            variant_label=Max("variant_label"),
            sold=Sum("quantity"),
            value=Sum(F("line_total") - F("discount")),
        )
        .order_by()
    )
    out = [
        {
            "sku": row["sku"],
            "product_title": row["product_title"],
            "variant_label": row["variant_label"],
            "units": row["sold"],
            "value": _money(row["value"]),
        }
        for row in rows
    ]
    out.sort(key=lambda row: (-row["value"], row["sku"]))
    return out


def sales_report(window: Window, by: str) -> dict[str, Any]:
    """The Reports page's table: `rows` (every day of the window, or brands, or variants) and their `totals`."""
    if by == "day":
        figures = sales(window)
        return {"rows": figures["per_day"], "totals": figures["totals"]}
    rows = sales_by_brand(window) if by == "brand" else sales_by_variant(window)
    return {
        "rows": rows,
        "totals": {"units": sum(row["units"] for row in rows), "value": sum((row["value"] for row in rows), ZERO)},
    }


CSV_COLUMNS = {
    "day": [
        ("date", "Day (Asia/Kolkata)"),
        ("orders", "Orders"),
        ("gross", "Gross INR"),
        ("refunds", "Refunds INR"),
        ("net", "Net INR"),
    ],
    "brand": [("brand", "Brand"), ("units", "Units"), ("value", "Value INR")],
    "variant": [
        ("sku", "SKU"),
        ("product_title", "Phone"),
        ("variant_label", "Variant"),
        ("units", "Units"),
        ("value", "Value INR"),
    ],
}
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection): such text gets a leading '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return f"'{value}" if value.startswith(FORMULA_STARTS) else value
    return str(value)  # numbers and dates the report made itself: never a formula


def sales_csv(by: str, rows: list[dict[str, Any]]) -> str:
    """The report's rows as CSV text, a header row first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = CSV_COLUMNS[by]
    writer.writerow([label for _, label in columns])
    for row in rows:
        writer.writerow([csv_cell(row[key]) for key, _ in columns])
    return out.getvalue()
