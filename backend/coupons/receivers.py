"""orders announces a cancellation (orders.signals.order_cancelled); coupons gives the order's use back.
orders knows nothing of coupons beyond checkout's two calls."""

from typing import Any

from django.dispatch import receiver

from coupons import services
from orders.models import Order
from orders.signals import order_cancelled


@receiver(order_cancelled, sender=Order, dispatch_uid="coupons-release-on-cancel")
def release_coupon(sender: type[Order], order: Order, previous_status: str = "", **kwargs: Any) -> None:
    """Any cancelled order (unpaid, expired, or paid and refunded in full) gives its coupon use back."""
    services.release(order)
