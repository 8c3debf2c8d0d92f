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
        audit.record_field_changes(variant, before, audit.snapshot(variant, changes), actor=actor,
                                   request=request, source="api")
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
    audit.record_field_changes(user, before, after, fields={**fields, "role": "role_change"}, actor=actor,
                               request=request, source="api")
    return user


def assign_customer_role(user: User) -> None:
    """New shoppers join the customer group (called on registration)."""
    group = Group.objects.filter(name=CUSTOMER).first()
    if group is not None:
        user.groups.add(group)


# --- Orders: every move goes through orders.services (the state machine's one writer); this adds the
# audit row in the same transaction.

@transaction.atomic
def move_order(order_id: int, to_status: str, *, actor, request=None, note: str = "",
               shipment: dict | None = None):
    """PACKED, SHIPPED (with a shipment: carrier and tracking number), DELIVERED or CANCELLED."""
    from orders import services as orders
    from orders.models import Order, OrderStatus

    before = Order.objects.filter(pk=order_id).values_list("status", flat=True).first()
    if before is None:
        raise ApiError("No such order.", code="not_found", status_code=404)
    if to_status == OrderStatus.SHIPPED and not shipment:
        message = "Shipping needs the carrier and the tracking number."
        raise ApiError(message, code="shipment_required", fields={"shipment": [message]})
    if shipment:
        note = (note + " " if note else "") + f"Shipped with {shipment['carrier']}, tracking {shipment['tracking_number']}."
    order = orders.staff_transition(order_id, to_status, actor=actor, note=note)
    new = {"status": order.status}
    if shipment:
        new["shipment"] = shipment
        if apps.is_installed("shipping"):  # the shipping app keeps shipments and tracking when present
            from shipping import services as shipping

            shipping.create_shipment(order=order, actor=actor, **shipment)
    audit.record("order_transition", obj=order, old={"status": before}, new=new, actor=actor, request=request,
                  source="api")
    return order


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
        raise Conflict("Only a delivered (returned) or cancelled order is refunded; cancel a live order instead.",
                       code="not_refundable")
    paid = list(Payment.objects.select_for_update().filter(order=order, status=PaymentStatus.PAID).order_by("pk"))
    if not paid:
        raise Conflict("This order has no collected payment to refund.", code="nothing_to_refund")
    for payment in paid:
        payments.start_refund(payment, reason=reason or "refund by staff")
    audit.record("refund_requested", obj=order, old={"status": order.status},
                 new={"status": order.status, "payments": [p.pk for p in paid], "reason": reason},
                 actor=actor, request=request, source="api")
    return order
