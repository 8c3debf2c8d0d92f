"""Read queries of the payments app that other apps reach through their registries (orders.payment_methods)."""

from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Min, Sum

from orders.models import Order
from payments.models import CHARGED_STATUSES, Payment, PaymentStatus


def charge_of(order: Order) -> Payment | None:
    """The payment that took the order's money (the newest, should a shopper have paid twice), else None.
    Reads order.payments.all(), so a prefetch (the order views' own) serves it without a query."""
    charged = [p for p in order.payments.all() if p.status in CHARGED_STATUSES]
    if not charged:
        return None
    return max(charged, key=lambda p: (p.created_at, p.pk))


def cod_outstanding(limit: int = 100) -> dict[str, Any]:
    """What the carrier still owes: the cash its couriers collected on delivered COD parcels not yet remitted (two
    queries: the SQL sums, then the oldest `limit` parcels)."""
    owed = Payment.objects.filter(gateway="cod", status=PaymentStatus.PAID, cod_remittance_line__isnull=True)
    totals = owed.aggregate(count=Count("pk"), amount=Sum("amount"), oldest=Min("created_at"))
    parcels = list(
        owed.order_by("created_at", "pk").values(
            "order_id", "amount", "currency", collected_at=F("created_at"), awb=F("order__shipment__awb")
        )[:limit]
    )
    return {
        "count": totals["count"],
        "amount": totals["amount"] or Decimal("0.00"),
        "oldest_collected_at": totals["oldest"],
        "parcels": parcels,
    }
