from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from orders.models import Imei, Order, OrderItem, OrderTransition, OrderUnit

if TYPE_CHECKING:
    from accounts.models import User


def units_prefetch() -> "Prefetch[str, QuerySet[OrderUnit], str]":
    """Each line's units with their IMEIs, in two queries for any number of orders (`item.units.all()`)."""
    return Prefetch(
        "items__units",
        queryset=OrderUnit.objects.select_related("recorded_by").prefetch_related(
            Prefetch("imeis", queryset=Imei.objects.order_by("slot"))
        ),
    )


def orders_for(user: "User", status: str | None = None, *, documents: bool = False) -> QuerySet[Order]:
    """The user's orders, newest first, with what OrderSerializer shows; `documents` prefetches the tax
    invoices and credit notes too (a list; one order reads its own when serialized)."""
    qs = Order.objects.filter(user=user).prefetch_related(
        "items",
        units_prefetch(),
        "payments",
        Prefetch("transitions", queryset=OrderTransition.objects.order_by("created_at", "id")),
    )
    if documents:
        qs = qs.prefetch_related("tax_documents")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def order_for(user: "User", order_id: int) -> Order | None:
    return orders_for(user).filter(pk=order_id).first()


# --- Units sold and their IMEIs


def missing_units(order: Order) -> int:
    """How many units of the order's lines that need an IMEI (phones) have none recorded yet. One query."""
    rows = (
        OrderItem.objects.filter(order=order, imei_required=True)
        .annotate(recorded=Count("units"))
        .values_list("quantity", "recorded")
    )
    return sum(max(quantity - recorded, 0) for quantity, recorded in rows)


def units_complete(order: Order) -> bool:
    """Every unit that needs an IMEI has one: the order may be packed."""
    return missing_units(order) == 0


def missing_units_prefetched(order: Order) -> int:
    """missing_units() from the order's prefetched items and units (units_prefetch()): no query."""
    return sum(max(item.quantity - len(item.units.all()), 0) for item in order.items.all() if item.imei_required)


def awaiting_units() -> Exists:
    """The condition "a line of the order needs IMEIs and has fewer units than its quantity", for
    Order.objects.filter(awaiting_units()) / .exclude(awaiting_units())."""
    recorded = (
        OrderUnit.objects.filter(item=OuterRef("pk")).order_by().values("item").annotate(n=Count("pk")).values("n")
    )
    short = (
        OrderItem.objects.filter(order=OuterRef("pk"), imei_required=True)
        .annotate(recorded=Coalesce(Subquery(recorded), 0))
        .filter(quantity__gt=F("recorded"))
    )
    return Exists(short)


def unit_by_imei(number: str) -> OrderUnit | None:
    """The sold unit carrying IMEI `number` (15 digits): the one in circulation, else the newest returned one
    (a unit sold again after a return is the one in circulation). With its line, order and buyer."""
    found = (
        Imei.objects.filter(number=number)
        .select_related("unit__item__order__user", "unit__recorded_by")
        .order_by("-in_circulation", "-unit__recorded_at", "-unit_id")
        .first()
    )
    return found.unit if found is not None else None


def _prefetched(instance: Any, name: str, objects: list[Any]) -> None:
    """`instance.<name>.all()` answered by `objects` without a query, as prefetch_related leaves it."""
    manager = getattr(instance, name)
    queryset = manager.get_queryset()
    queryset._result_cache, queryset._prefetch_done = list(objects), True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[manager.field.remote_field.cache_name] = queryset


def placed_order(order: Order, items: list[OrderItem], placed: OrderTransition) -> Order:
    """An order checkout has just written, with what orders_for() prefetches for OrderSerializer filled from the
    rows it wrote rather than read back: its lines (no units yet), its first transition, no payment yet."""
    if any(item.pk is None for item in items):  # a database that returns no ids from a bulk insert (SQLite < 3.35)
        items = list(OrderItem.objects.filter(order=order))
    for item in items:
        _prefetched(item, "units", [])
    _prefetched(order, "items", items)
    _prefetched(order, "transitions", [placed])
    _prefetched(order, "payments", [])
    return order
