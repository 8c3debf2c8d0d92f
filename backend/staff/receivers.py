"""The audit log follows every order move that is not the shopper's own: staff (API and admin), tasks
(reservation expiry, tracking sync, refunds) and payment gateways. The orders app knows nothing of the
audit log; its one transition function announces each move (orders.signals)."""

from typing import Any

from django.dispatch import receiver

from audit import services as audit
from orders.models import Order
from orders.signals import order_status_changed

SHOPPER_SOURCES = {"customer"}  # checkout and the shopper's own cancel: the order's history has them


@receiver(order_status_changed, sender=Order, dispatch_uid="staff-audit-order-moves")
def audit_order_move(
    sender: type[Order], order: Order, from_status: str, to_status: str, source: str, actor: Any = None, **kwargs: Any
) -> None:
    if source in SHOPPER_SOURCES:
        return
    from staff.services import shipment_of

    new = {"status": to_status}
    shipment = shipment_of(order)
    if shipment is not None and shipment.awb:
        new["awb"] = shipment.awb
    # Who: the staff member; else the block a task, command or staff request runs in; else the system part
    # that moved it (a gateway's webhook, say).
    in_block = audit.context_actor() is not None
    if not getattr(actor, "is_authenticated", False):
        actor = None if in_block else f"system:{source}"
    audit.record(
        "order_transition",
        obj=order,
        old={"status": from_status},
        new=new,
        actor=actor,
        source="" if in_block else source,
    )
