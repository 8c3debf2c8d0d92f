"""Read queries of the staff API that span apps."""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Model, QuerySet

from audit.models import AuditLog
from core.errors import ApplicationError
from orders import lifecycle
from orders.error_codes import OrdersErrorCode
from orders.imei import InvalidImei, validate_imei
from orders.models import Order, OrderStatus, OrderTransition, OrderUnit
from orders.selectors import unit_by_imei
from orders.units import units_editable

if TYPE_CHECKING:
    from payments.models import Payment
    from shipping.models import Shipment

# Another branch builds the invoicing app (invoicing.models.TaxDocument: order, kind, number); a name held in a
# variable, so neither Python nor the type checker needs the app to exist.
INVOICING_APP: str = "invoicing"


@dataclass(frozen=True)
class SoldUnit:
    """A unit sold, found by one of its IMEIs: what it is, who bought it, when it moved, its invoice."""

    unit: OrderUnit
    order: Order
    imeis: list[str]
    in_circulation: bool
    packed_at: datetime | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    invoice_number: str | None


def _first_moves(order: Order) -> dict[str, datetime]:
    """When the order first reached each status."""
    moves: dict[str, datetime] = {}
    for status, at in (
        OrderTransition.objects.filter(order=order).order_by("created_at", "pk").values_list("to_status", "created_at")
    ):
        moves.setdefault(status, at)
    return moves


def tax_document_model() -> type[Model] | None:
    """invoicing.models.TaxDocument when the invoicing app is installed (not imported: works without it)."""
    if not apps.is_installed(INVOICING_APP):
        return None
    return apps.get_model(INVOICING_APP, "TaxDocument")


def invoice_number(order: Order) -> str | None:
    """The number of the order's tax invoice, when the invoicing app is installed and has made one."""
    tax_document = tax_document_model()
    if tax_document is None:
        return None
    number = (
        tax_document._default_manager.filter(order=order, kind="invoice")
        .order_by("pk")
        .values_list("number", flat=True)
        .first()
    )
    return None if number is None else str(number)


def sold_unit(imei: str) -> SoldUnit | None:
    """The unit sold carrying `imei` (spaces and hyphens allowed): the one in circulation, else the newest
    returned. An IMEI that cannot be one is refused (400 invalid_imei, field `imei`); None if no unit has it."""
    try:
        number = validate_imei(imei)
    except InvalidImei as exc:
        raise ApplicationError(OrdersErrorCode.INVALID_IMEI, str(exc), fields={"imei": [str(exc)]}) from None
    unit = unit_by_imei(number)
    if unit is None:
        return None
    imeis = list(unit.imeis.order_by("slot").values_list("number", "in_circulation"))
    order = unit.item.order
    moves = _first_moves(order)
    return SoldUnit(
        unit=unit,
        order=order,
        imeis=[n for n, _ in imeis],
        in_circulation=any(live for n, live in imeis if n == number),
        packed_at=moves.get(OrderStatus.PACKED),
        shipped_at=moves.get(OrderStatus.SHIPPED),
        delivered_at=moves.get(OrderStatus.DELIVERED),
        invoice_number=invoice_number(order),
    )


# --- One order, as the console's order page shows it


@dataclass(frozen=True)
class OrderActions:
    """What staff may do to the order now besides its lifecycle moves (next_steps): each is the rule of the app
    that carries it out, asked here so the console holds none."""

    record_units: bool  # orders.units.units_editable, and a line needs IMEIs
    book_shipment: bool  # shipping.services.staff_may_book
    refund: bool  # staff.services.refund_order: delivered (returned) or cancelled, online money collected


def order_shipment(order: Order) -> "Shipment | None":
    """The order's parcel with its tracking events (oldest first), or None before it is booked."""
    from shipping.models import Shipment

    return Shipment.objects.prefetch_related("events").filter(order=order).first()


def order_payments(order: Order) -> "list[Payment]":
    """Every attempt to collect the order's money, oldest first, each with its refunds."""
    from payments.models import Payment

    return list(Payment.objects.filter(order=order).prefetch_related("refunds").order_by("created_at", "pk"))


def order_audit(order: Order) -> "QuerySet[AuditLog]":
    """The audit rows about the order (moves, IMEIs, bookings, refunds), oldest first."""
    return AuditLog.objects.filter(object_type="orders.order", object_id=str(order.pk)).order_by("created_at", "pk")


def order_actions(order: Order, shipment: "Shipment | None") -> OrderActions:
    from shipping.services import staff_may_book
    from staff.services import refundable_payments

    return OrderActions(
        record_units=units_editable(order.status) and any(item.imei_required for item in order.items.all()),
        book_shipment=staff_may_book(order, shipment),
        refund=lifecycle.is_legal(order.status, OrderStatus.REFUNDED) and refundable_payments(order).exists(),
    )
