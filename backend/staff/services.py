"""Staff operations. Each change and its audit row are written in one transaction."""

from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest
from rest_framework.request import Request

from accounts.models import User
from accounts.roles import ADMIN, CUSTOMER, ROLE_NAMES, STAFF, role_of
from audit import services as audit
from core.errors import ApplicationError, CommonErrorCode
from staff.error_codes import StaffErrorCode
from staff.users import ensure_another_admin

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from orders.models import Order
    from payments.models import Payment
    from shipping.models import Shipment


def _not_found() -> ApplicationError:
    return ApplicationError(CommonErrorCode.NOT_FOUND, "Not found.")  # as Django's 404 says it


@transaction.atomic
def set_role(user_id: int, role: str, *, actor: User, request: HttpRequest | Request | None = None) -> User:
    """Give a user exactly one role. staff and admin get is_staff (the admin site); customer loses it.
    Superusers are changed only in the Django admin or the shell; the last active admin stays one."""
    if role not in ROLE_NAMES:
        raise ApplicationError(CommonErrorCode.INVALID, f"Unknown role {role!r}.", fields={"role": ["Unknown role."]})
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None:
        raise _not_found()
    if user.is_superuser:
        raise ApplicationError(StaffErrorCode.SUPERUSER, "A superuser's role is changed in the Django admin.")
    if user.pk == actor.pk and role != ADMIN:
        raise ApplicationError(StaffErrorCode.OWN_ROLE, "You cannot take your own admin role away.")
    if role != ADMIN:
        ensure_another_admin(user)
    fields = {"groups": "role_change", "is_staff": "role_change"}
    before = {**audit.snapshot(user, fields), "role": role_of(user)}
    user.groups.remove(*Group.objects.filter(name__in=ROLE_NAMES))
    user.groups.add(Group.objects.get(name=role))
    user.is_staff = role in (STAFF, ADMIN)
    user.save(update_fields=["is_staff"])
    after = {**audit.snapshot(user, fields), "role": role}
    audit.record_field_changes(
        user, before, after, fields={**fields, "role": "role_change"}, actor=actor, request=request, source="api"
    )
    return user


def assign_customer_role(user: User) -> None:
    """New shoppers join the customer group (called on registration)."""
    group = Group.objects.filter(name=CUSTOMER).first()
    if group is not None:
        user.groups.add(group)


# --- Orders: every move goes through orders.services (the state machine's one writer); staff.receivers
# writes each move's audit row in the same transaction, attributed to the staff member's request.


@transaction.atomic
def move_order(
    order_id: int, to_status: str, *, actor: User, request: HttpRequest | Request | None = None, note: str = ""
) -> "Order":
    """PACKED, SHIPPED, DELIVERED or CANCELLED, through the orders app's one transition function.

    With the shipping app installed, SHIPPED and DELIVERED are reported on the order's shipment (as if the
    courier had scanned it) so the parcel and the order agree; shipping moves the order. SHIPPED needs a
    booked shipment (an AWB): book it first with book_shipment()."""
    from orders import lifecycle
    from orders import services as orders
    from orders.models import OrderStatus

    order = orders.lock_order(order_id)
    if order is None:
        raise orders.OrderNotFound()
    shipment = shipment_of(order)
    by_the_parcel = to_status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED) and apps.is_installed("shipping")
    if by_the_parcel and to_status == OrderStatus.SHIPPED and (shipment is None or not shipment.awb):
        raise ApplicationError(StaffErrorCode.SHIPMENT_REQUIRED, "Book the shipment first: it has no AWB yet.")
    with audit.acting_as(actor, source="api", request=request):
        if by_the_parcel and shipment is not None and shipment.awb:
            from shipping import services as shipping
            from shipping.models import ShipmentStatus

            orders.check_move(order.status, to_status, lifecycle.Actor.STAFF)
            report = ShipmentStatus.PICKED_UP if to_status == OrderStatus.SHIPPED else ShipmentStatus.DELIVERED
            shipping.staff_report(shipment.pk, report, actor=actor, note=note)
            order.refresh_from_db()
            return order
        return orders.staff_transition(order_id, to_status, actor=actor, note=note)


def shipment_of(order: "Order") -> "Shipment | None":
    if not apps.is_installed("shipping"):
        return None
    from shipping.models import Shipment

    return Shipment.objects.filter(order=order).first()


@transaction.atomic
def book_shipment(
    order_id: int, *, actor: User, request: HttpRequest | Request | None = None
) -> tuple["Order", "Shipment"]:
    """Book the order's shipment with the carrier by hand (the shipping app moves a paid order to PACKED)."""
    from orders.models import Order
    from orders.services import OrderNotFound
    from shipping import services as shipping
    from shipping.providers.base import ShippingProviderError

    before = Order.objects.filter(pk=order_id).values_list("status", flat=True).first()
    if before is None:
        raise OrderNotFound()
    try:
        with audit.acting_as(actor, source="api", request=request):  # (PAID -> PACKED is audited as a move too)
            shipment = shipping.staff_create_shipment(order_id, actor=actor)
    except ShippingProviderError as exc:
        raise ApplicationError(StaffErrorCode.BOOKING_FAILED, f"The carrier refused the booking: {exc}") from None
    if shipment is None:
        raise ApplicationError(StaffErrorCode.NOT_SHIPPABLE, "Only a paid or packed order can be shipped.")
    if not shipment.awb:
        raise ApplicationError(
            StaffErrorCode.BOOKING_FAILED,
            f"The carrier has not booked it: {shipment.last_error or shipment.status}.",
        )
    order = Order.objects.get(pk=order_id)
    audit.record(
        "shipment_booked",
        obj=order,
        old={"status": before},
        new={"status": order.status, "awb": shipment.awb, "courier": shipment.courier, "provider": shipment.provider},
        actor=actor,
        request=request,
        source="api",
    )
    return order, shipment


def refundable_payments(order: "Order") -> "QuerySet[Payment]":
    """The order's collected online payments, which a refund by staff sends back through their gateways (cash
    collected at the door has no gateway to go back through)."""
    from payments.cod_services import COD
    from payments.models import Payment, PaymentStatus

    return Payment.objects.filter(order=order, status=PaymentStatus.PAID).exclude(gateway=COD).order_by("pk")


@transaction.atomic
def refund_order(
    order_id: int, *, actor: User, request: HttpRequest | Request | None = None, reason: str = ""
) -> "Order":
    """Give a delivered (returned) or cancelled order's money back: every collected payment is refunded
    through its gateway; the order becomes REFUNDED when the gateway confirms (payments records it)."""
    from orders import lifecycle
    from orders import services as orders
    from orders.models import OrderStatus
    from payments import services as payments

    order = orders.lock_order(order_id)
    if order is None:
        raise orders.OrderNotFound()
    if not lifecycle.is_legal(order.status, OrderStatus.REFUNDED):  # delivered (returned) or cancelled
        raise ApplicationError(
            StaffErrorCode.NOT_REFUNDABLE,
            "Only a delivered (returned) or cancelled order is refunded; cancel a live order instead.",
        )
    paid = list(refundable_payments(order).select_for_update())
    if not paid:
        raise ApplicationError(
            StaffErrorCode.NOTHING_TO_REFUND,
            "This order has no online payment to refund; cash on delivery is refunded as a payout with a return.",
        )
    for payment in paid:
        payments.start_refund(payment, reason=reason or "refund by staff")
    audit.record(
        "refund_requested",
        obj=order,
        old={"status": order.status},
        new={"status": order.status, "payments": [p.pk for p in paid], "reason": reason},
        actor=actor,
        request=request,
        source="api",
    )
    return order
