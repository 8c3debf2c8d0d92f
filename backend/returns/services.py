"""Returns: the shopper asks (per unit, within RETURN_WINDOW_DAYS of delivery), staff approve or reject, the carrier
collects (a reverse pickup), staff inspect (restock or write off), then the refund of exactly what was paid for the
units (partial refund through the original gateway, or a payout staff record for an order without one) or a
replacement (same variant, stock taken under lock, new IMEI; none left: a refund instead).

The status machine (MOVES) has one writer, `_move`; every step is a ReturnTransition whose email goes out once
(returns/emails.py). Lock order: the order, then its payments, then the return (as payments does)."""

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from audit import services as audit
from catalog.models import ProductVariant
from catalog.services import adjust_stock
from core.errors import ApplicationError, CommonErrorCode
from core.money import to_minor_units
from core.tasks import enqueue_on_commit
from orders import units as order_units
from orders.imei import generate_imei
from orders.models import Imei, Order, OrderItem, OrderStatus, OrderTransition, OrderUnit
from orders.services import OrderNotFound, lock_order, paid_for_units
from payments.cod_services import COD
from payments.models import Payment, PaymentStatus
from payments.services import charged_minor, refund_part, refundable_minor
from returns.error_codes import ReturnsErrorCode
from returns.models import (
    Disposition,
    ReturnOutcome,
    ReturnPhoto,
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
    ReturnTransition,
    ReturnUnit,
)
from shipping.providers import get_provider, provider_class
from shipping.providers.base import Booking, ReturnLine, ReturnPickup, ShippingProviderError

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

R = ReturnStatus
# (from, to): who may make the move. "staff" through the staff API, "carrier" the pickup's tracking,
# "gateway" the refund's answer, "system" the store's own work (booking, the lifecycle's open_return).
MOVES: dict[tuple[str, str], frozenset[str]] = {
    (R.REQUESTED, R.APPROVED): frozenset({"staff"}),
    (R.REQUESTED, R.REJECTED): frozenset({"staff"}),
    (R.APPROVED, R.PICKUP_SCHEDULED): frozenset({"system", "staff"}),
    (R.PICKUP_SCHEDULED, R.PICKED_UP): frozenset({"carrier", "staff"}),
    (R.PICKUP_SCHEDULED, R.RECEIVED): frozenset({"carrier", "staff"}),
    (R.PICKED_UP, R.RECEIVED): frozenset({"carrier", "staff"}),
    (R.RECEIVED, R.REFUND_PENDING): frozenset({"staff"}),
    (R.RECEIVED, R.REPLACEMENT_SHIPPED): frozenset({"staff"}),
    (R.RECEIVED, R.CLOSED): frozenset({"staff"}),  # refunded at the gateway already
    (R.REFUND_PENDING, R.REFUNDED): frozenset({"gateway", "staff"}),
}
OPEN_STATUSES = frozenset({R.REQUESTED, R.APPROVED, R.PICKUP_SCHEDULED, R.PICKED_UP, R.RECEIVED, R.REFUND_PENDING})
# The shopper's timeline: the road of a refund or of a replacement.
REFUND_ROAD = (R.REQUESTED, R.APPROVED, R.PICKUP_SCHEDULED, R.PICKED_UP, R.RECEIVED, R.REFUND_PENDING, R.REFUNDED)
REPLACEMENT_ROAD = (R.REQUESTED, R.APPROVED, R.PICKUP_SCHEDULED, R.PICKED_UP, R.RECEIVED, R.REPLACEMENT_SHIPPED)

MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
PHOTO_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _refuse(code: ReturnsErrorCode | CommonErrorCode, message: str, **fields: list[str]) -> ApplicationError:
    return ApplicationError(code, message, fields=fields or None)


# --- The status machine's one writer


def _move(
    request: ReturnRequest, to_status: str, *, by: str, actor: "User | None" = None, source: str = "", note: str = ""
) -> ReturnTransition:
    """Move the (locked) return, or refuse (409 return_step_not_allowed) a move not in MOVES for `by`."""
    if by not in MOVES.get((request.status, to_status), frozenset()):
        raise _refuse(
            ReturnsErrorCode.RETURN_STEP_NOT_ALLOWED,
            f"A return that is {request.get_status_display().lower()} "
            f"cannot become {ReturnStatus(to_status).label.lower()}.",
        )
    step = ReturnTransition.objects.create(
        request=request,
        from_status=request.status,
        to_status=to_status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        source=source or by,
        note=note[:1000],
    )
    request.status = to_status
    request.save()
    from returns.tasks import send_return_email

    enqueue_on_commit(send_return_email, step.pk)
    return step


def timeline(request: ReturnRequest) -> list[dict[str, Any]]:
    """The steps to draw: the road of its resolution (or of what the shopper asked), each done/current/upcoming
    with when it happened; a rejected or closed return ends where it stopped."""
    reached = {t.to_status: t for t in request.transitions.all()}
    if request.status in (R.REJECTED, R.CLOSED):
        road: Sequence[str] = [s for s in ReturnStatus.values if s in reached]
    else:
        wanted = request.resolution or request.outcome
        road = REPLACEMENT_ROAD if wanted == ReturnOutcome.REPLACEMENT else REFUND_ROAD
        if request.refunded_at_gateway:
            road = [s for s in road if s in reached or s not in (R.REQUESTED, R.REFUND_PENDING, R.REFUNDED)]
    here = list(road).index(request.status) if request.status in road else len(road) - 1
    return [
        {
            "status": s,
            "label": ReturnStatus(s).label,
            "state": "done" if i < here else "current" if i == here else "upcoming",
            "at": reached[s].created_at if s in reached else None,
            "note": reached[s].note if s in reached else "",
        }
        for i, s in enumerate(road)
    ]


# --- The window


def delivered_at(order: Order) -> datetime | None:
    """When the order was delivered: its move to DELIVERED."""
    return (
        OrderTransition.objects.filter(order=order, to_status=OrderStatus.DELIVERED)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def window_days() -> int:
    """Days after delivery a unit may be asked back (RETURN_WINDOW_DAYS): the rule here, and the returns page's fact."""
    return int(settings.RETURN_WINDOW_DAYS)


def window_closes_at(order: Order) -> datetime | None:
    delivered = delivered_at(order)
    return delivered + timedelta(days=window_days()) if delivered else None


@dataclass(frozen=True)
class Returnable:
    """What of an order can be asked back now: recorded units (with IMEIs) and lines without units."""

    closes_at: datetime | None
    open: bool
    units: list[OrderUnit]
    lines: list[tuple[OrderItem, int]]  # (line, units of it still returnable), lines without recorded units


def returnable(order: Order, *, now: datetime | None = None) -> Returnable:
    closes = window_closes_at(order)
    now = now or timezone.now()
    is_open = order.status == OrderStatus.DELIVERED and closes is not None and now <= closes
    busy_units = set(
        ReturnUnit.objects.filter(item__order=order, active=True, unit__isnull=False).values_list("unit_id", flat=True)
    )
    units: list[OrderUnit] = []
    lines: list[tuple[OrderItem, int]] = []
    for item in order.items.prefetch_related("units__imeis"):
        recorded = [u for u in item.units.all() if u.returned_at is None]
        if recorded:
            units += [u for u in recorded if u.pk not in busy_units]
        else:
            asked = ReturnUnit.objects.filter(item=item, active=True, unit__isnull=True).count()
            if item.quantity - asked > 0:
                lines.append((item, item.quantity - asked))
    return Returnable(closes_at=closes, open=is_open, units=units, lines=lines)


# --- Photos


def clean_photo(upload: "UploadedFile[Any]") -> tuple[bytes, str, str]:
    """(re-encoded bytes, content type, extension): the type read from the bytes (JPEG, PNG or WebP only), at most
    5 MB, decoded and saved again so nothing but the pixels survives (EXIF, GPS, trailing data)."""
    if (upload.size or 0) > MAX_PHOTO_BYTES:
        raise _refuse(ReturnsErrorCode.INVALID_PHOTO, "Each photo may be at most 5 MB.", photos=["At most 5 MB each."])
    raw = upload.read(MAX_PHOTO_BYTES + 1)
    if len(raw) > MAX_PHOTO_BYTES:
        raise _refuse(ReturnsErrorCode.INVALID_PHOTO, "Each photo may be at most 5 MB.", photos=["At most 5 MB each."])
    from PIL import Image, UnidentifiedImageError  # here: Pillow (~5 MB) only in a process that checks a photo

    try:
        with Image.open(io.BytesIO(raw)) as probe:
            kind = probe.format or ""
            probe.verify()
        if kind not in PHOTO_FORMATS:
            raise ValueError(kind)
        with Image.open(io.BytesIO(raw)) as image:
            image.load()
            if image.width * image.height > 40_000_000:
                raise ValueError("too many pixels")
            pixels: Image.Image = image
            if kind == "JPEG" and image.mode not in ("RGB", "L"):
                pixels = image.convert("RGB")
            out = io.BytesIO()
            pixels.save(out, format=kind, **({"quality": 90} if kind in ("JPEG", "WEBP") else {}))
    except (UnidentifiedImageError, ValueError, OSError, Image.DecompressionBombError):
        raise _refuse(
            ReturnsErrorCode.INVALID_PHOTO,
            "Photos must be JPEG, PNG or WebP images.",
            photos=["Only JPEG, PNG or WebP images."],
        ) from None
    return out.getvalue(), PHOTO_FORMATS[kind], PHOTO_EXTENSIONS[kind]


# --- The shopper asks


def request_return(
    *,
    user: "User",
    order_id: int,
    unit_ids: Sequence[int],
    item_ids: Sequence[int],
    reason: str,
    outcome: str,
    details: str = "",
    payout: dict[str, str] | None = None,
    photos: Sequence["UploadedFile[Any]"] = (),
    now: datetime | None = None,
) -> ReturnRequest:
    """Open a return of some units of the user's own delivered order (404 for anyone else's). `unit_ids` name
    recorded units (phones, by IMEI), `item_ids` one unit of a line without recorded units per mention. Refusals:
    return_window_closed (400, says until when), not_returnable, return_already_open (409), invalid_photo."""
    if reason not in ReturnReason.values:
        raise _refuse(CommonErrorCode.INVALID, "Choose a reason.", reason=[f"One of {', '.join(ReturnReason.values)}."])
    if outcome not in ReturnOutcome.values:
        raise _refuse(CommonErrorCode.INVALID, "Choose refund or replacement.", outcome=["refund or replacement."])
    if len(photos) > MAX_PHOTOS:
        raise _refuse(ReturnsErrorCode.INVALID_PHOTO, "At most 3 photos.", photos=["At most 3 photos."])
    cleaned = [clean_photo(photo) for photo in photos]  # before any lock: decoding takes time
    with transaction.atomic():
        order = lock_order(order_id, user=user)
        if order is None:
            raise OrderNotFound()
        if order.status != OrderStatus.DELIVERED:
            raise _refuse(ReturnsErrorCode.NOT_RETURNABLE, "Only a delivered order can be returned.")
        if not unit_ids and not item_ids:
            raise _refuse(CommonErrorCode.INVALID, "Choose what to return.", units=["Choose at least one unit."])
        now = now or timezone.now()
        closes = window_closes_at(order)
        if closes is None or now > closes:
            local = timezone.localtime(closes) if closes else None
            raise _refuse(
                ReturnsErrorCode.RETURN_WINDOW_CLOSED,
                f"Returns for this order were open until {local:%d %b %Y, %H:%M}."
                if local
                else "This order cannot be returned.",
            )
        units = _units_to_return(order, unit_ids, item_ids)
        needs_payout = _gateway_payment(order) is None and outcome == ReturnOutcome.REFUND
        clean_payout = _clean_payout(payout or {}, required=needs_payout)
        request = ReturnRequest.objects.create(
            order=order, reason=reason, outcome=outcome, details=details[:1000], payout=clean_payout
        )
        ReturnUnit.objects.bulk_create([ReturnUnit(request=request, item=i, unit=u, amount=a) for i, u, a in units])
        request.refund_amount = sum((a for _, _, a in units), Decimal("0"))
        request.save(update_fields=["refund_amount"])
        for position, (data, content_type, ext) in enumerate(cleaned, start=1):
            photo = ReturnPhoto(request=request, position=position, content_type=content_type, size=len(data))
            photo.image.save(f"return-{request.pk}-{position}.{ext}", ContentFile(data), save=False)
            photo.save()
        first = ReturnTransition.objects.create(
            request=request, from_status="", to_status=R.REQUESTED, actor=user, source="customer"
        )
        from returns.tasks import send_return_email

        enqueue_on_commit(send_return_email, first.pk)
    return request


def _units_to_return(
    order: Order, unit_ids: Sequence[int], item_ids: Sequence[int]
) -> list[tuple[OrderItem, OrderUnit | None, Decimal]]:
    """(line, unit, what was paid for it) for each unit asked, checked against the order and open returns."""
    if len(set(unit_ids)) != len(unit_ids):
        raise _refuse(CommonErrorCode.INVALID, "A unit is named twice.", units=["Name each unit once."])
    found = {
        u.pk: u for u in OrderUnit.objects.select_related("item__order").filter(pk__in=unit_ids, item__order=order)
    }
    chosen: list[tuple[OrderItem, OrderUnit | None, Decimal]] = []
    taken_per_item: dict[int, int] = {}
    for unit_id in unit_ids:
        unit = found.get(unit_id)
        if unit is None or unit.returned_at is not None:
            raise _refuse(
                ReturnsErrorCode.NOT_RETURNABLE, "That unit is not one of this order's.", units=[f"Unit {unit_id}."]
            )
        if ReturnUnit.objects.filter(unit=unit, active=True).exists():
            raise _refuse(
                ReturnsErrorCode.RETURN_ALREADY_OPEN,
                "A return is already open for this unit.",
                units=[f"Unit {unit_id}."],
            )
        chosen.append((unit.item, unit, Decimal("0")))
    items = {i.pk: i for i in OrderItem.objects.filter(order=order, pk__in=item_ids)}
    for item_id in item_ids:
        item = items.get(item_id)
        if item is None or item.units.exists():
            raise _refuse(
                ReturnsErrorCode.NOT_RETURNABLE, "Name this line's units by their IMEI.", items=[f"Line {item_id}."]
            )
        taken_per_item[item_id] = taken_per_item.get(item_id, 0) + 1
        asked = ReturnUnit.objects.filter(item=item, active=True).count()
        if asked + taken_per_item[item_id] > item.quantity:
            raise _refuse(
                ReturnsErrorCode.RETURN_ALREADY_OPEN,
                "Every unit of this line is already being returned.",
                items=[f"Line {item_id}."],
            )
        chosen.append((item, None, Decimal("0")))
    # What each unit was paid: the next shares of its line after the units already asked back (not rejected).
    priced: list[tuple[OrderItem, OrderUnit | None, Decimal]] = []
    counted: dict[int, int] = {}
    for item, unit, _ in chosen:
        if item.pk not in counted:
            counted[item.pk] = ReturnUnit.objects.filter(item=item, active=True).count()
        priced.append((item, unit, paid_for_units(item, 1, already=counted[item.pk])))
        counted[item.pk] += 1
    return priced


def _clean_payout(payout: dict[str, str], *, required: bool) -> dict[str, str]:
    upi = (payout.get("upi") or "").strip()
    account, ifsc = (payout.get("account") or "").strip(), (payout.get("ifsc") or "").strip().upper()
    if upi:
        if "@" not in upi or len(upi) > 60:
            raise _refuse(CommonErrorCode.INVALID, "That UPI id does not look right.", payout_upi=["name@bank."])
        return {"upi": upi}
    if account or ifsc:
        if not (account.isdigit() and 9 <= len(account) <= 18 and len(ifsc) == 11 and ifsc[4] == "0"):
            raise _refuse(
                CommonErrorCode.INVALID, "Give the bank account number and its IFSC.", payout_account=["Check both."]
            )
        return {"account": account, "ifsc": ifsc}
    if required:
        raise _refuse(
            CommonErrorCode.INVALID,
            "This order was not paid online: give a UPI id or a bank account for the refund.",
            payout_upi=["A UPI id or a bank account is needed."],
        )
    return {}


def _gateway_payment(order: Order, *, lock: bool = False) -> Payment | None:
    """The order's online payment that holds money (refunds go back through it); None for cash on delivery, whose
    collected cash (a `cod` payment) goes back as a payout staff record."""
    qs = (
        Payment.objects.filter(order=order, status__in=[PaymentStatus.PAID, PaymentStatus.FLAGGED])
        .exclude(gateway=COD)
        .order_by("pk")
    )
    if lock:
        qs = qs.select_for_update()
    return qs.first()


# --- Staff


def _lock(return_id: int) -> tuple[Order, ReturnRequest]:
    order_id = ReturnRequest.objects.filter(pk=return_id).values_list("order_id", flat=True).first()
    order = lock_order(order_id) if order_id is not None else None
    if order is None:
        raise _refuse(CommonErrorCode.NOT_FOUND, "No such return.")
    list(Payment.objects.select_for_update().filter(order=order).order_by("pk").values_list("pk", flat=True))
    return order, ReturnRequest.objects.select_for_update().get(pk=return_id)


def _audit(action: str, request: ReturnRequest, actor: "User | None", **new: Any) -> None:
    audit.record(action, obj=request, new={"status": request.status, **new}, actor=actor, source="api")


def approve(return_id: int, *, actor: "User", note: str = "") -> ReturnRequest:
    """Approve and book the reverse pickup (after commit; a failed booking stays approved for staff to retry)."""
    with transaction.atomic():
        _, request = _lock(return_id)
        _move(request, R.APPROVED, by="staff", actor=actor, source="staff", note=note)
        request.staff_note = note[:1000]
        request.save(update_fields=["staff_note", "updated_at"])
        _audit("return_approved", request, actor, note=note)
        from returns.tasks import book_pickup

        enqueue_on_commit(book_pickup, request.pk)
    return request


def reject(return_id: int, *, actor: "User", note: str) -> ReturnRequest:
    if not note.strip():
        raise _refuse(CommonErrorCode.INVALID, "Say why the return is rejected.", note=["A reason is required."])
    with transaction.atomic():
        _, request = _lock(return_id)
        _move(request, R.REJECTED, by="staff", actor=actor, source="staff", note=note)
        request.staff_note = note[:1000]
        request.save(update_fields=["staff_note", "updated_at"])
        request.units.update(active=False)  # the units may be asked back again (within the window)
        _audit("return_rejected", request, actor, note=note)
    return request


def _pickup_of(request: ReturnRequest) -> ReturnPickup:
    order = request.order
    lines: dict[int, ReturnLine] = {}
    for ru in request.units.select_related("item"):
        item = ru.item
        prev = lines.get(item.pk)
        lines[item.pk] = ReturnLine(
            name=f"{item.product_title} ({item.variant_label})",
            sku=item.sku,
            units=(prev.units if prev else 0) + 1,
            selling_price=item.unit_price,
        )
    return ReturnPickup(
        reference=request.reference, order=order, address=dict(order.shipping_address or {}), lines=list(lines.values())
    )


def book_pickup(return_id: int, *, actor: "User | None" = None) -> str:
    """Book the reverse pickup with the carrier (the shopper's address, the units): approved → pickup scheduled."""
    request = ReturnRequest.objects.select_related("order__user").filter(pk=return_id).first()
    if request is None or request.status != R.APPROVED:
        return "nothing to do"
    try:
        booking = get_provider().create_return(_pickup_of(request))
    except ShippingProviderError as exc:
        ReturnRequest.objects.filter(pk=return_id).update(pickup_error=str(exc)[:300])
        logger.warning("Return %s pickup booking failed: %s", return_id, exc)
        return "failed"
    with transaction.atomic():
        _, request = _lock(return_id)
        if request.status != R.APPROVED:
            return "nothing to do"
        request.pickup_provider, request.pickup_provider_order_id = booking.provider, booking.provider_order_id
        request.pickup_shipment_id, request.pickup_awb = booking.provider_shipment_id, booking.awb
        request.pickup_courier, request.pickup_tracking_url = booking.courier, booking.tracking_url
        request.pickup_booked_at, request.pickup_error = timezone.now(), ""
        _move(
            request,
            R.PICKUP_SCHEDULED,
            by="staff" if actor else "system",
            actor=actor,
            source="carrier-booking",
            note=f"{booking.courier} AWB {booking.awb}",
        )
    return "booked"


def sync_pickup(return_id: int, *, now: datetime | None = None) -> str:
    """Follow a reverse pickup at its carrier: picked up, then delivered back to us (received)."""
    request = ReturnRequest.objects.filter(pk=return_id).first()
    if request is None or request.status not in (R.PICKUP_SCHEDULED, R.PICKED_UP) or not request.pickup_booked_at:
        return "nothing to do"
    booking = Booking(
        provider=request.pickup_provider,
        provider_order_id=request.pickup_provider_order_id,
        provider_shipment_id=request.pickup_shipment_id,
        awb=request.pickup_awb,
    )
    try:
        scans = provider_class(request.pickup_provider)().track_return(
            booking, booked_at=request.pickup_booked_at, now=now
        )
    except ShippingProviderError as exc:
        logger.warning("Return %s tracking failed: %s", return_id, exc)
        return "failed"
    steps = {scan.step: scan for scan in scans}
    with transaction.atomic():
        _, request = _lock(return_id)
        if "picked_up" in steps and request.status == R.PICKUP_SCHEDULED:
            _move(request, R.PICKED_UP, by="carrier", source="carrier", note=steps["picked_up"].label)
        if "delivered" in steps and request.status in (R.PICKUP_SCHEDULED, R.PICKED_UP):
            _move(request, R.RECEIVED, by="carrier", source="carrier", note=steps["delivered"].label)
            _take_back_units(request)
    return request.status


def sync_pickups(limit: int = 200) -> int:
    due = ReturnRequest.objects.filter(status__in=[R.PICKUP_SCHEDULED, R.PICKED_UP]).order_by("updated_at")
    return sum(1 for pk in list(due.values_list("pk", flat=True)[:limit]) if sync_pickup(pk) != "nothing to do")


def mark_received(return_id: int, *, actor: "User", note: str = "") -> ReturnRequest:
    """Staff confirm the parcel is back at the warehouse (when the carrier's tracking does not say so)."""
    with transaction.atomic():
        _, request = _lock(return_id)
        if request.status == R.PICKUP_SCHEDULED:
            _move(request, R.PICKED_UP, by="staff", actor=actor, source="staff", note=note)
        _move(request, R.RECEIVED, by="staff", actor=actor, source="staff", note=note)
        _take_back_units(request)
        _audit("return_received", request, actor, note=note)
    return request


def _take_back_units(request: ReturnRequest) -> None:
    """The units are back with us: they leave the order's circulation (their IMEIs may be sold again)."""
    for ru in request.units.select_related("unit"):
        if ru.unit is not None:
            order_units.return_unit(ru.unit)


def inspect(
    return_id: int,
    *,
    actor: "User",
    disposition: str,
    note: str = "",
    replacement_imeis: Sequence[Sequence[str]] = (),
) -> ReturnRequest:
    """Inspect a received return: restock (the units back on sale) or write off; then the outcome approved: a
    refund of what was paid for the units, or a replacement (same variant, stock taken under lock, the new units'
    IMEIs recorded; without stock, a refund). Opened after a gateway refund: closed."""
    if disposition not in Disposition.values:
        raise _refuse(CommonErrorCode.INVALID, "Restock or write off.", disposition=["restock or write_off."])
    with transaction.atomic():
        order, request = _lock(return_id)
        if request.status != R.RECEIVED or request.disposition:
            raise _refuse(ReturnsErrorCode.RETURN_STEP_NOT_ALLOWED, "Only a received return is inspected, once.")
        units = list(request.units.select_related("item"))
        request.disposition = disposition
        request.staff_note = (note or request.staff_note)[:1000]
        request.save(update_fields=["disposition", "staff_note", "updated_at"])
        if disposition == Disposition.RESTOCK:
            deltas: dict[int, int] = {}
            for ru in units:
                if ru.item.variant_id is not None:
                    deltas[ru.item.variant_id] = deltas.get(ru.item.variant_id, 0) + 1
            list(ProductVariant.objects.select_for_update().filter(pk__in=deltas).order_by("pk").values_list("pk"))
            adjust_stock(deltas)
        _audit("return_inspected", request, actor, disposition=disposition, note=note)
        if request.refunded_at_gateway:
            request.resolution = ReturnOutcome.REFUND
            request.save(update_fields=["resolution", "updated_at"])
            _move(request, R.CLOSED, by="staff", actor=actor, source="staff", note="Refunded at the gateway already.")
        elif request.outcome == ReturnOutcome.REPLACEMENT and _replace(request, units, actor, replacement_imeis):
            pass
        else:
            _refund(
                order,
                request,
                actor,
                note=note
                if request.outcome == ReturnOutcome.REFUND
                else "No stock left for a replacement: refunded instead.",
            )
    return request


def _replace(request: ReturnRequest, units: list[ReturnUnit], actor: "User", imeis: Sequence[Sequence[str]]) -> bool:
    """Take the replacement units out of stock under the variants' row locks and record their IMEIs; False (and
    nothing changed) when a variant has too few left."""
    need: dict[int, int] = {}
    for ru in units:
        if ru.item.variant_id is None:
            return False
        need[ru.item.variant_id] = need.get(ru.item.variant_id, 0) + 1
    variants = {v.pk: v for v in ProductVariant.objects.select_for_update().filter(pk__in=need).order_by("pk")}
    if any(pk not in variants or variants[pk].stock < n for pk, n in need.items()):
        return False
    needing_imei = [ru for ru in units if ru.item.imei_required]
    given = [list(i) for i in imeis]
    if len(given) < len(needing_imei):
        if not settings.DEMO_AUTO_IMEI:
            raise _refuse(
                CommonErrorCode.INVALID,
                "Record the IMEI of each replacement unit.",
                replacement_imeis=[f"{len(needing_imei)} unit(s) need an IMEI."],
            )
        given += [[_free_imei(request.pk * 100 + k)] for k in range(len(given), len(needing_imei))]
    adjust_stock({pk: -n for pk, n in need.items()})
    for ru, numbers in zip(needing_imei, given, strict=False):
        ru.replacement_unit = order_units.record_replacement_unit(ru.item, numbers, actor=actor)
        ru.save(update_fields=["replacement_unit"])
    request.resolution = ReturnOutcome.REPLACEMENT
    request.save(update_fields=["resolution", "updated_at"])
    from returns.tasks import book_replacement

    enqueue_on_commit(book_replacement, request.pk)
    _move(request, R.REPLACEMENT_SHIPPED, by="staff", actor=actor, source="staff", note="Replacement on its way.")
    return True


def _free_imei(seed: int) -> str:
    for k in range(1000):
        candidate = generate_imei(seed * 1000 + k)
        if not Imei.objects.filter(number=candidate, in_circulation=True).exists():
            return candidate
    raise RuntimeError("No free demo IMEI.")


def book_replacement(return_id: int) -> str:
    """Book the replacement parcel with the carrier (after the step commits); a failure is kept for staff."""
    request = ReturnRequest.objects.select_related("order__user").filter(pk=return_id).first()
    if request is None or request.resolution != ReturnOutcome.REPLACEMENT or request.replacement_awb:
        return "nothing to do"
    pickup = _pickup_of(request)
    pickup = ReturnPickup(
        reference=f"{request.reference}-X", order=pickup.order, address=pickup.address, lines=pickup.lines
    )
    try:
        booking = get_provider().create_replacement(pickup)
    except ShippingProviderError as exc:
        ReturnRequest.objects.filter(pk=return_id).update(pickup_error=f"replacement: {exc}"[:300])
        return "failed"
    ReturnRequest.objects.filter(pk=return_id).update(
        replacement_provider=booking.provider,
        replacement_provider_order_id=booking.provider_order_id,
        replacement_awb=booking.awb,
        replacement_courier=booking.courier,
        replacement_tracking_url=booking.tracking_url,
    )
    return "booked"


def _refund(order: Order, request: ReturnRequest, actor: "User | None", *, note: str) -> None:
    """Refund exactly what was paid for the units: through the order's gateway payment (a partial refund), or,
    without one, as a payout staff record (record_payout)."""
    request.resolution = ReturnOutcome.REFUND
    request.refund_amount = request.units.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    request.save(update_fields=["resolution", "refund_amount", "updated_at"])
    _move(request, R.REFUND_PENDING, by="staff", actor=actor, source="staff", note=note)
    payment = _gateway_payment(order, lock=True)
    if payment is None:
        return  # cash on delivery: staff pay out to the shopper's UPI id or account and record it
    refund_part(
        payment,
        _in_charge_currency(order, payment, request.refund_amount),
        reason=f"return {request.pk}",
        reference=f"return:{request.pk}",
    )


def _in_charge_currency(order: Order, payment: Payment, amount: Decimal) -> int:
    """`amount` of the order's currency as minor units of the payment's charge: the same share of the charge when
    it was converted (Stripe in another currency), half up, never more than is left of it."""
    minor = to_minor_units(amount, order.currency)
    if payment.currency != order.currency:
        total = to_minor_units(order.total, order.currency)
        minor = (2 * charged_minor(payment) * minor + total) // (2 * total)
    return min(minor, refundable_minor(payment))


def record_payout(return_id: int, *, actor: "User", reference: str) -> ReturnRequest:
    """Staff paid the refund out (UPI or bank transfer) for an order without a gateway payment."""
    if not reference.strip():
        raise _refuse(CommonErrorCode.INVALID, "Give the transfer's reference (UTR).", reference=["Required."])
    with transaction.atomic():
        order, request = _lock(return_id)
        if _gateway_payment(order) is not None and request.status == R.REFUND_PENDING:
            raise _refuse(ReturnsErrorCode.RETURN_STEP_NOT_ALLOWED, "This refund goes back through the gateway.")
        request.payout_reference = reference.strip()[:100]
        request.save(update_fields=["payout_reference", "updated_at"])
        _move(request, R.REFUNDED, by="staff", actor=actor, source="staff", note=f"Paid out, reference {reference}")
        _audit("return_paid_out", request, actor, reference=reference, amount=str(request.refund_amount))
    return request


# --- What payments and orders tell us (receivers.py)


def refund_processed(reference: str, refund_id: str) -> None:
    """A gateway processed the refund asked for this return (inside payments' transaction, under its locks)."""
    if not reference.startswith("return:"):
        return
    request = ReturnRequest.objects.select_for_update().filter(pk=int(reference.split(":", 1)[1])).first()
    if request is not None and request.status == R.REFUND_PENDING:
        _move(request, R.REFUNDED, by="gateway", source="gateway", note=f"Refund {refund_id}")


def open_after_gateway_refund(order: Order, reason: str) -> ReturnRequest | None:
    """The lifecycle's open_return: the whole payment went back after the parcel left. A return of every unit,
    approved and already refunded, so staff get the phone back (its pickup is booked like any approved return)."""
    if ReturnRequest.objects.filter(order=order, refunded_at_gateway=True).exists():
        return None
    request = ReturnRequest.objects.create(
        order=order,
        reason=ReturnReason.OTHER,
        outcome=ReturnOutcome.REFUND,
        details=reason[:1000],
        refunded_at_gateway=True,
        refund_amount=order.total,
        status=R.APPROVED,
    )
    rows: list[ReturnUnit] = []
    for item in order.items.prefetch_related("units"):
        units = [u for u in item.units.all() if u.returned_at is None]
        for k in range(item.quantity):
            unit = units[k] if k < len(units) else None
            rows.append(ReturnUnit(request=request, item=item, unit=unit, amount=paid_for_units(item, 1, already=k)))
    ReturnUnit.objects.bulk_create(rows)
    ReturnTransition.objects.create(
        request=request, from_status="", to_status=R.APPROVED, source="gateway", note=reason
    )
    from returns.tasks import book_pickup

    enqueue_on_commit(book_pickup, request.pk)
    return request
