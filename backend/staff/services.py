"""Staff operations. Each change and its audit row are written in one transaction."""

from decimal import Decimal

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction
from django.shortcuts import get_object_or_404

from accounts.models import User
from audit import services as audit
from catalog.models import ProductVariant
from core.errors import ApiError, Conflict
from staff.roles import ADMIN, CUSTOMER, ROLE_NAMES, STAFF, role_of

VARIANT_FIELDS = ("price", "mrp", "stock")


@transaction.atomic
def update_variant(variant_id: int, *, actor, request=None, **changes) -> ProductVariant:
    """Change a variant's price, MRP and/or stock under its row lock. The selling price may not exceed
    the MRP (Legal Metrology rule, also a database constraint)."""
    unexpected = set(changes) - set(VARIANT_FIELDS)
    if unexpected:
        raise ValueError(f"update_variant cannot change {sorted(unexpected)}")
    variant = get_object_or_404(ProductVariant.objects.select_for_update(), pk=variant_id)
    before = audit.snapshot(variant, changes)
    for name, value in changes.items():
        setattr(variant, name, value)
    if Decimal(variant.price) > Decimal(variant.mrp):
        message = f"The price ({variant.price}) cannot be above the MRP ({variant.mrp})."
        field = "price" if "price" in changes else "mrp"
        raise ApiError(message, code="price_above_mrp", fields={field: [message]})
    if changes:
        variant.save(update_fields=[*changes, "updated_at"])
        audit.record_field_changes(
            variant, before, audit.snapshot(variant, changes), actor=actor, request=request, source="api"
        )
    return variant


@transaction.atomic
def set_role(user_id: int, role: str, *, actor, request=None) -> User:
    """Give a user exactly one role. staff and admin get is_staff (the admin site); customer loses it.
    Superusers are changed only in the Django admin or the shell."""
    if role not in ROLE_NAMES:
        raise ApiError(f"Unknown role {role!r}.", code="invalid", fields={"role": ["Unknown role."]})
    user = get_object_or_404(User.objects.select_for_update(), pk=user_id)
    if user.is_superuser:
        raise ApiError("A superuser's role is changed in the Django admin.", code="superuser")
    if user.pk == actor.pk and role != ADMIN:
        raise ApiError("You cannot take your own admin role away.", code="own_role")
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
def move_order(order_id: int, to_status: str, *, actor, request=None, note: str = ""):
    """PACKED, SHIPPED, DELIVERED or CANCELLED, through the orders app's one transition function.

    With the shipping app installed, SHIPPED and DELIVERED are reported on the order's shipment (as if the
    courier had scanned it) so the parcel and the order agree; shipping moves the order. SHIPPED needs a
    booked shipment (an AWB): book it first with book_shipment()."""
    from orders import services as orders
    from orders.models import OrderStatus
    from orders.state import ALLOWED

    order = orders.lock_order(order_id)
    if order is None:
        raise ApiError("No such order.", code="not_found", status_code=404)
    shipment = shipment_of(order)
    by_the_parcel = to_status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED) and apps.is_installed("shipping")
    if by_the_parcel and to_status == OrderStatus.SHIPPED and (shipment is None or not shipment.awb):
        raise Conflict("Book the shipment first: it has no AWB yet.", code="shipment_required")
    with audit.acting_as(actor, source="api", request=request):
        if by_the_parcel and shipment is not None and shipment.awb:
            from shipping import services as shipping
            from shipping.models import ShipmentStatus

            if to_status not in ALLOWED[order.status]:
                raise orders.IllegalTransition(order.status, to_status)
            report = ShipmentStatus.PICKED_UP if to_status == OrderStatus.SHIPPED else ShipmentStatus.DELIVERED
            shipping.staff_report(shipment.pk, report, actor=actor, note=note)
            order.refresh_from_db()
            return order
        return orders.staff_transition(order_id, to_status, actor=actor, note=note)


def shipment_of(order):
    if not apps.is_installed("shipping"):
        return None
    from shipping.models import Shipment

    return Shipment.objects.filter(order=order).first()


@transaction.atomic
def book_shipment(order_id: int, *, actor, request=None):
    """Book the order's shipment with the carrier by hand (the shipping app moves a paid order to PACKED)."""
    from orders.models import Order
    from shipping import services as shipping
    from shipping.providers.base import ShippingProviderError

    before = Order.objects.filter(pk=order_id).values_list("status", flat=True).first()
    if before is None:
        raise ApiError("No such order.", code="not_found", status_code=404)
    try:
        with audit.acting_as(actor, source="api", request=request):  # (PAID -> PACKED is audited as a move too)
            shipment = shipping.staff_create_shipment(order_id, actor=actor)
    except ShippingProviderError as exc:
        raise Conflict(f"The carrier refused the booking: {exc}", code="booking_failed") from None
    if shipment is None:
        raise Conflict("Only a paid or packed order can be shipped.", code="not_shippable")
    if not shipment.awb:
        raise Conflict(
            f"The carrier has not booked it: {shipment.last_error or shipment.status}.", code="booking_failed"
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


@transaction.atomic
def refund_order(order_id: int, *, actor, request=None, reason: str = ""):
    """Give a delivered (returned) or cancelled order's money back: every collected payment is refunded
    through its gateway; the order becomes REFUNDED when the gateway confirms (payments records it)."""
    from orders import services as orders
    from orders.models import OrderStatus
    from payments import services as payments
    from payments.models import Payment, PaymentStatus

    order = orders.lock_order(order_id)
    if order is None:
        raise ApiError("No such order.", code="not_found", status_code=404)
    if order.status not in (OrderStatus.DELIVERED, OrderStatus.CANCELLED):
        raise Conflict(
            "Only a delivered (returned) or cancelled order is refunded; cancel a live order instead.",
            code="not_refundable",
        )
    paid = list(Payment.objects.select_for_update().filter(order=order, status=PaymentStatus.PAID).order_by("pk"))
    if not paid:
        raise Conflict("This order has no collected payment to refund.", code="nothing_to_refund")
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
