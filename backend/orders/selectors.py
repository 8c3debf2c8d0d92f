from django.db.models import Prefetch

from orders.models import Order, OrderTransition


def orders_for(user, status: str | None = None):
    qs = Order.objects.filter(user=user).prefetch_related(
        "items", "payments", Prefetch("transitions", queryset=OrderTransition.objects.order_by("created_at", "id"))
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def order_for(user, order_id: int) -> Order | None:
    return orders_for(user).filter(pk=order_id).first()
