"""Read queries of the payments app that other apps reach through their registries (orders.payment_methods)."""

from orders.models import Order
from payments.models import CHARGED_STATUSES, Payment


def charge_of(order: Order) -> Payment | None:
    """The payment that took the order's money (the newest, should a shopper have paid twice), else None.
    Reads order.payments.all(), so a prefetch (the order views' own) serves it without a query."""
    charged = [p for p in order.payments.all() if p.status in CHARGED_STATUSES]
    if not charged:
        return None
    return max(charged, key=lambda p: (p.created_at, p.pk))
