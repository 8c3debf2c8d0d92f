"""Order updates by SMS (the sms app sends them): to the delivery address's mobile number, only while the shopper
keeps "SMS updates" on (accounts.User.sms_updates), each (order, kind) once however often its event is replayed."""

from core.money import indian_digits
from notifications.services import booked_shipment, tracking_url
from orders.models import Order, OrderStatus
from sms import messages
from sms import services as sms
from sms.constants import SmsKind
from sms.models import SmsMessage

# The order statuses whose arrival (a move that notifies, orders.lifecycle) sends an SMS, and which.
ORDER_SMS: dict[str, SmsKind] = {
    OrderStatus.PAID: SmsKind.ORDER_PLACED,
    OrderStatus.CONFIRMED: SmsKind.ORDER_PLACED,  # cash on delivery, confirmed by the shopper's code
    OrderStatus.SHIPPED: SmsKind.SHIPPED,
    OrderStatus.DELIVERED: SmsKind.DELIVERED,
    OrderStatus.CANCELLED: SmsKind.CANCELLED,
    OrderStatus.REFUNDED: SmsKind.REFUNDED,
}


def variables(order: Order, kind: SmsKind) -> dict[str, str]:
    """The kind's template variables for this order (sms.messages): its number, total and tracking link."""
    names = messages.variables_of(kind)
    values = {"order": order.number, "amount": indian_digits(order.total)}
    if "link" in names:
        values["link"] = tracking_url(order, booked_shipment(order))
    return {name: values[name] for name in names}


def queue_order_sms(order: Order, kind: SmsKind) -> SmsMessage | None:
    """Record the update and send it after commit, unless the shopper turned SMS updates off or the order has
    no mobile number; the one already recorded for (order, kind) otherwise."""
    if not order.user.sms_updates:
        return None
    phone = str((order.shipping_address or {}).get("phone") or "")
    return sms.queue(kind, phone, variables(order, kind), order_id=order.pk, once_key=f"order:{order.pk}:{kind}")
