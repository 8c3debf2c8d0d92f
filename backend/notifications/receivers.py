"""Which order and shipment events send which email and SMS (orders and shipping never import this app)."""

from typing import Any

from django.dispatch import receiver

from core.tasks import enqueue_on_commit
from notifications.models import EmailKind
from notifications.order_sms import ORDER_SMS, queue_order_sms
from orders import lifecycle
from orders.models import Order, OrderStatus
from orders.signals import order_status_changed
from shipping.models import Shipment, ShipmentStatus
from shipping.signals import shipment_status_changed
from sms.constants import SmsKind

ORDER_EMAILS: dict[str, str] = {
    OrderStatus.PAID: EmailKind.ORDER_CONFIRMATION,
    OrderStatus.CONFIRMED: EmailKind.ORDER_CONFIRMATION,  # cash on delivery, confirmed by the shopper's code
    OrderStatus.SHIPPED: EmailKind.SHIPPED,
    OrderStatus.DELIVERED: EmailKind.DELIVERED,
}


def _send(order_id: int, kind: str) -> None:
    from notifications.tasks import send_order_email

    enqueue_on_commit(send_order_email, order_id, str(kind))


@receiver(order_status_changed, sender=Order, dispatch_uid="notifications-order-status")
def notify_on_order_status(sender: type[Order], order: Order, from_status: str, to_status: str, **kwargs: Any) -> None:
    if not lifecycle.triggers(from_status, to_status, lifecycle.Effect.NOTIFY):
        return
    if to_status in ORDER_EMAILS:
        _send(order.pk, ORDER_EMAILS[to_status])
    if to_status in ORDER_SMS:
        queue_order_sms(order, ORDER_SMS[to_status])


@receiver(shipment_status_changed, sender=Shipment, dispatch_uid="notifications-out-for-delivery")
def notify_on_out_for_delivery(
    sender: type[Shipment], shipment: Shipment, previous_status: str, status: str, **kwargs: Any
) -> None:
    if status == ShipmentStatus.OUT_FOR_DELIVERY:
        _send(shipment.order_id, EmailKind.OUT_FOR_DELIVERY)
        queue_order_sms(shipment.order, SmsKind.OUT_FOR_DELIVERY)
