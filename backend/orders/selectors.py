from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from orders.models import Order, OrderTransition

if TYPE_CHECKING:
    from accounts.models import User


def orders_for(user: "User", status: str | None = None, *, documents: bool = False) -> QuerySet[Order]:
    """The user's orders, newest first, with what OrderSerializer shows; `documents` prefetches the tax
    invoices and credit notes too (a list; one order reads its own when serialized)."""
    qs = Order.objects.filter(user=user).prefetch_related(
        "items", "payments", Prefetch("transitions", queryset=OrderTransition.objects.order_by("created_at", "id"))
    )
    if documents:
        qs = qs.prefetch_related("tax_documents")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def order_for(user: "User", order_id: int) -> Order | None:
    return orders_for(user).filter(pk=order_id).first()
