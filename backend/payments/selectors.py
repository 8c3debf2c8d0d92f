"""Read queries of the payments app that other apps reach through their registries (orders.payment_methods)."""

from decimal import Decimal
from typing import Any

from django.db.models import BigIntegerField, Case, Count, DecimalField, F, Min, Sum, Value, When
from django.db.models.expressions import Combinable
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast, Coalesce

from core.money import CURRENCY_EXPONENTS
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


_EXACT = DecimalField(max_digits=30, decimal_places=10)  # room for a share's digits until the sum is rounded


def _minor_unit(currency: str) -> Combinable:
    """What one minor unit of the currency named by the field `currency` is in major units (core.money's exponents)."""
    whens = [When(**{currency: code}, then=Value(Decimal(1).scaleb(-exp))) for code, exp in CURRENCY_EXPONENTS.items()]
    return Case(*whens, default=Value(Decimal("0.01")), output_field=_EXACT)


def refund_in_order_currency() -> Combinable:
    """SQL for a PaymentRefund row's amount in its order's currency (for sums over refunds). A refund in the order's
    currency counts as itself; a refund of a charge in another currency (Stripe) as the same share of the order total,
    as its credit note does (invoicing.services.credit_refund), the charge read from the payment's metadata.charge,
    else its amount (payments.services.charged_minor). Unrounded: round the sum."""
    minor = F("amount_minor")
    charged = Coalesce(
        # (KT() cannot cross the relation: it would read the keys from payment_id)
        Cast(KeyTextTransform("amount_minor", KeyTransform("charge", "payment__metadata")), BigIntegerField()),
        F("payment__amount") / _minor_unit("payment__currency"),
        output_field=_EXACT,
    )
    return Case(
        When(payment__currency=F("payment__order__currency"), then=minor * _minor_unit("payment__order__currency")),
        default=F("payment__order__total") * minor / charged,
        output_field=_EXACT,
    )
