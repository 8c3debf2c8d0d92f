"""Shipping's domain operations: delivery estimates, booking a paid order's shipment, applying tracking
reports (sync, webhook, staff), cancelling, and the staff actions.

Every change to a shipment happens in one transaction that holds the order's row lock and then the
shipment's (the lock order used everywhere: order first), and the order follows through
orders.services.transition(), the state machine's one writer: PAID → PACKED when the AWB is assigned,
→ SHIPPED when the courier has the parcel, → DELIVERED.
"""

import contextlib
import logging
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from catalog.models import ProductVariant
from core import metrics
from core.errors import ApplicationError, CommonErrorCode
from core.outages import CACHE_ERRORS
from core.tasks import enqueue_on_commit
from orders import lifecycle
from orders import selectors as order_selectors
from orders import services as order_services
from orders import units as order_units
from orders.models import Order, OrderStatus
from shipping import zones
from shipping.error_codes import ShippingErrorCode
from shipping.models import (
    ACTIVE_STATUSES,
    MOVING_STATUSES,
    TERMINAL_STATUSES,
    Shipment,
    ShipmentStatus,
    TrackingEvent,
)
from shipping.providers import configured_provider_name, get_provider, provider_class
from shipping.providers.base import (
    Estimate,
    InvalidPincode,
    PincodeNotServiceable,
    ShippingProviderError,
    parcel_for,
)
from shipping.providers.mock import MockShippingProvider
from shipping.providers.shiprocket import ShiprocketProvider, parse_push
from shipping.signals import shipment_status_changed

logger = logging.getLogger(__name__)
S = ShipmentStatus

# How far along the normal road a status is; a report moves a shipment back only when it is newer.
RANK: dict[str, int] = {
    S.PENDING: 0,
    S.FAILED: 0,
    S.AWB_ASSIGNED: 1,
    S.PICKED_UP: 2,
    S.IN_TRANSIT: 3,
    S.OUT_FOR_DELIVERY: 4,
    S.EXCEPTION: 4,
    S.RETURNING: 5,
    S.RETURNED: 6,
    S.DELIVERED: 6,
    S.CANCELLED: 6,
}


# --- Estimates


def estimate(pincode: str, variant_id: int | None = None) -> Estimate:
    """A delivery estimate for `pincode` (and the parcel of the variant on sale, when named). Refused for a
    pincode that cannot exist or where no courier delivers; any other carrier trouble (error, timeout,
    5xx) gives the mock's estimate instead, with a log line."""
    variant = None
    if variant_id is not None:
        variant = (
            ProductVariant.objects.select_related("product")
            .filter(pk=variant_id, is_active=True, product__is_active=True)
            .first()
        )
        if variant is None:
            raise ApplicationError(
                CommonErrorCode.INVALID, "No such phone.", fields={"variant": ["No such variant on sale."]}
            )
    try:
        return _estimate(pincode, variant)
    except InvalidPincode as exc:
        raise ApplicationError(
            ShippingErrorCode.INVALID_PINCODE, "Enter a valid 6-digit pincode.", fields={"pincode": [str(exc)]}
        ) from None
    except PincodeNotServiceable:
        raise ApplicationError(
            ShippingErrorCode.PINCODE_NOT_SERVICEABLE,
            f"We don’t deliver to {pincode} yet.",
            fields={"pincode": ["No courier delivers to this pincode."]},
        ) from None


def _estimate(pincode: str, variant: ProductVariant | None) -> Estimate:
    try:
        zones.circle_of(pincode)
    except zones.UnknownPincode as exc:
        raise InvalidPincode(str(exc)) from None
    provider = get_provider()
    if provider.simulated:
        return provider.estimate(variant, pincode)
    weight = parcel_for(variant).weight_kg
    key = (
        f"shipping:estimate:{provider.name}:{settings.SHIPPING_ORIGIN_PINCODE}:{pincode}:{weight}:"
        f"{timezone.localdate()}"
    )
    try:
        cached: Estimate | None = cache.get(key)
    except CACHE_ERRORS:  # a cache outage costs a carrier call, never the estimate
        cached = None
    if cached is not None:
        return cached
    try:
        result = provider.estimate(variant, pincode)
    except (InvalidPincode, PincodeNotServiceable):
        raise
    except Exception as exc:  # noqa: BLE001  a carrier problem never becomes a 500
        logger.warning(
            "Shipping estimate for %s from %s failed, mock estimate given instead: %s", pincode, provider.name, exc
        )
        metrics.increment("shipping_estimate_fallback", provider=provider.name)
        return MockShippingProvider().estimate(variant, pincode)
    with contextlib.suppress(*CACHE_ERRORS):
        cache.set(key, result, settings.SHIPPING_ESTIMATE_CACHE_SECONDS)
    return result


# --- Booking


def _transition(order: Order, to_status: str, *, actor: User | None, source: str, note: str) -> None:
    if actor is not None:
        order_services.staff_transition(order.pk, to_status, actor=actor, note=note)
        order.refresh_from_db(fields=["status", "updated_at"])
    else:
        order_services.transition(order, to_status, actor_kind=lifecycle.Actor.CARRIER, source=source, note=note)


def _lock_order(order_id: int) -> Order:
    """A shipment's order, locked: it exists (a shipment protects its order from deletion)."""
    order = order_services.lock_order(order_id)
    if order is None:
        raise Order.DoesNotExist(f"Order {order_id} does not exist.")
    return order


def _set_status(shipment: Shipment, status: str) -> str:
    previous = shipment.status
    shipment.status = status
    return previous


def _announce(shipment: Shipment, previous: str) -> None:
    if shipment.status != previous:
        shipment_status_changed.send(
            sender=Shipment, shipment=shipment, previous_status=previous, status=shipment.status
        )


def _bookable(order_status: str, *, force: bool) -> bool:
    """The order may be booked now: paid (or COD confirmed) and not yet booked; by hand (force) a packed one too."""
    return lifecycle.awaits_booking(order_status) or (force and order_status == OrderStatus.PACKED)


def staff_may_book(order: Order, shipment: Shipment | None) -> bool:
    """Staff booking by hand (staff_create_shipment) would try the carrier now: the order is bookable, its
    parcel has no AWB yet (never booked, or the booking failed) and no unit waits for its IMEI (_units_ready).
    The console's "Book the shipment" asks this."""
    unbooked = shipment is None or shipment.status in (S.PENDING, S.FAILED)
    units_ready = not lifecycle.awaits_booking(order.status) or order_selectors.units_complete(order)
    return _bookable(order.status, force=True) and unbooked and units_ready


def create_shipment_for_order(
    order_id: int, *, actor: User | None = None, force: bool = False, book: bool = True
) -> Shipment | None:
    """Book the order's shipment with the carrier and move the order PAID → PACKED. Safe to repeat: the
    order's row lock serialises attempts and the one-shipment-per-order row is found, not made again;
    an attempt that already has an AWB returns at once. A carrier failure leaves the shipment FAILED
    (retried by the sweep up to SHIPPING_BOOKING_MAX_ATTEMPTS, or by staff with force=True).
    book=False only makes the PENDING row, for staff to book by hand (SHIPPING_AUTO_CREATE off)."""
    with transaction.atomic():
        order = order_services.lock_order(order_id)
        if order is None:
            return None
        shipment = Shipment.objects.select_for_update().filter(order=order).first()
        bookable = _bookable(order.status, force=force)
        if shipment is None:
            if not bookable:
                return None
            shipment, _ = Shipment.objects.get_or_create(
                order=order,
                defaults={
                    "provider": configured_provider_name(),
                    "pincode": (order.shipping_address or {}).get("pincode", ""),
                    "weight_kg": parcel_for(order).weight_kg,
                },
            )
        if shipment.status not in (S.PENDING, S.FAILED) or not bookable or not book:
            return shipment
        if not force and shipment.attempts >= settings.SHIPPING_BOOKING_MAX_ATTEMPTS:
            return shipment
        if lifecycle.awaits_booking(order.status) and not _units_ready(order, staff=actor is not None):
            return shipment
        shipment.attempts += 1
        order.shipment = shipment
        try:
            get_provider(shipment.provider).create_shipment(order)
        except Exception as exc:
            if not isinstance(exc, ShippingProviderError):
                logger.exception("Booking the shipment of order %s crashed", order.pk)
            return _booking_failed(order, shipment, exc)
        now = timezone.now()
        previous = _set_status(shipment, S.AWB_ASSIGNED)
        shipment.awb_assigned_at = shipment.last_event_at = now
        shipment.last_error = ""
        shipment.save()
        TrackingEvent.objects.create(
            shipment=shipment,
            status=S.AWB_ASSIGNED,
            label="AWB ASSIGNED",
            description=f"Packed and handed to {shipment.courier or 'the courier'}; AWB {shipment.awb}.",
            location="PhoneStore warehouse",
            occurred_at=now.replace(microsecond=0),
            source="staff" if actor is not None else "booking",
        )
        if lifecycle.awaits_booking(order.status):
            _transition(
                order,
                OrderStatus.PACKED,
                actor=actor,
                source=f"shipping-{shipment.provider}",
                note=f"AWB {shipment.awb} ({shipment.courier})",
            )
        _announce(shipment, previous)
        logger.info(
            "Order %s booked with %s: AWB %s (%s).", order.pk, shipment.provider, shipment.awb, shipment.courier
        )
        return shipment


def _units_ready(order: Order, *, staff: bool) -> bool:
    """Packing a phone waits for its units' IMEIs (orders/units.py), so booking does too: nothing is asked of
    the carrier before. Staff booking by hand are refused (409 imei_required); the automatic booking leaves
    the shipment unbooked, and recording the IMEIs enqueues it again (receivers.book_order_with_units). In
    the demo (DEMO_AUTO_IMEI) the automatic booking records generated IMEIs itself."""
    if staff:
        order_services.require_units(order)
        return True
    if order_selectors.units_complete(order):
        return True
    if settings.DEMO_AUTO_IMEI:
        made = order_units.fill_demo_units(order)
        logger.info("Order %s: %s demo IMEI(s) generated (DEMO_AUTO_IMEI).", order.pk, made)
        return True
    logger.info(
        "Order %s is not booked yet: %s unit(s) wait for their IMEIs.", order.pk, order_selectors.missing_units(order)
    )
    return False


def _booking_failed(order: Order, shipment: Shipment, exc: Exception) -> Shipment:
    shipment.status = S.FAILED
    shipment.last_error = f"{type(exc).__name__}: {exc}"[:500]
    shipment.save()
    logger.warning(
        "Booking the shipment of order %s with %s failed (attempt %s): %s",
        order.pk,
        shipment.provider,
        shipment.attempts,
        exc,
    )
    if shipment.attempts >= settings.SHIPPING_BOOKING_MAX_ATTEMPTS:
        order_services.flag_for_review(order, f"Shipment booking failed {shipment.attempts} times: {exc}"[:300])
    return shipment


def book_pending_shipments(*, now: datetime | None = None, limit: int = 50) -> int:
    """The sweep: paid orders whose booking never ran (a lost task) or failed, retried. Orders whose units
    still wait for their IMEIs are left out: recording them enqueues the booking."""
    if not settings.SHIPPING_AUTO_CREATE:
        return 0
    now = now or timezone.now()
    paid = Order.objects.filter(status=OrderStatus.PAID, paid_at__lt=now - timedelta(minutes=2))
    if not settings.DEMO_AUTO_IMEI:
        paid = paid.exclude(order_selectors.awaiting_units())  # their booking waits for staff to record IMEIs
    due = list(
        paid.filter(
            Q(shipment__isnull=True)
            | Q(
                shipment__status__in=[S.PENDING, S.FAILED],
                shipment__attempts__lt=settings.SHIPPING_BOOKING_MAX_ATTEMPTS,
            )
        )
        .order_by("paid_at")
        .values_list("pk", flat=True)[:limit]
    )
    booked = 0
    for order_id in due:
        shipment = create_shipment_for_order(order_id)
        booked += bool(shipment and shipment.awb and shipment.status != S.FAILED)
    return booked


# --- Tracking


def apply_tracking(
    shipment_id: int,
    events: list[TrackingEvent],
    *,
    eta_date: date | None = None,
    tracking_url: str = "",
    actor: User | None = None,
    synced: bool = False,
) -> int:
    """Store the reports not seen before (each (label, occurred_at) once), move the shipment and then
    the order, forward only. Returns how many reports were new."""
    with transaction.atomic():
        order_id = Shipment.objects.filter(pk=shipment_id).values_list("order_id", flat=True).first()
        if order_id is None:
            return 0
        order = _lock_order(order_id)
        shipment = Shipment.objects.select_for_update().get(pk=shipment_id)
        seen = set(shipment.events.values_list("label", "occurred_at"))
        fresh = []
        for event in sorted(events, key=lambda e: e.occurred_at):
            if (event.label, event.occurred_at) in seen:
                continue
            seen.add((event.label, event.occurred_at))
            event.shipment = shipment
            fresh.append(event)
        TrackingEvent.objects.bulk_create(fresh)

        previous = shipment.status
        for event in fresh:
            _advance(shipment, event)
        if eta_date and shipment.status not in TERMINAL_STATUSES:
            shipment.eta_date = eta_date
        if tracking_url:
            shipment.tracking_url = tracking_url[:300]
        if synced:
            shipment.last_synced_at = timezone.now()
        shipment.save()
        _follow_order(order, shipment, fresh, actor=actor)
        _announce(shipment, previous)
        return len(fresh)


def _advance(shipment: Shipment, event: TrackingEvent) -> None:
    newest = shipment.last_event_at is None or event.occurred_at >= shipment.last_event_at
    if (
        event.status
        and shipment.status not in TERMINAL_STATUSES
        and (newest or RANK[event.status] > RANK[shipment.status])
    ):
        shipment.status = event.status
    if newest:
        shipment.last_event_at = event.occurred_at
    if event.status in MOVING_STATUSES and shipment.shipped_at is None:
        shipment.shipped_at = event.occurred_at
    if event.status == S.DELIVERED and shipment.delivered_at is None and shipment.status == S.DELIVERED:
        shipment.delivered_at = event.occurred_at


def _follow_order(order: Order, shipment: Shipment, fresh: list[TrackingEvent], *, actor: User | None = None) -> None:
    """The order catches up with its parcel: SHIPPED once the courier has it, DELIVERED when delivered.
    What needs a person (a cancelled order on the move, a lost or returning parcel) flags the order."""
    if not lifecycle.on_happy_path(order.status):
        moving = [e for e in fresh if e.status in MOVING_STATUSES]
        if moving:
            order_services.flag_for_review(
                order,
                f"The carrier reports {moving[-1].label} (AWB {shipment.awb}) for an order that is {order.status}.",
            )
        return
    # A COD parcel refused and back with us (RTO delivered): nothing was paid, so once the order has caught up
    # with the parcel (SHIPPED) it is cancelled, its stock returned, the refusal counted (payments answers).
    refused_cod = shipment.status == S.RETURNED and lifecycle.pays_on_delivery(order.payment_method)
    # A COD parcel on its way back is a refusal the lifecycle handles when it arrives, not a case for a person.
    back = () if lifecycle.pays_on_delivery(order.payment_method) else (S.RETURNING, S.RETURNED)
    alarming = [e for e in fresh if e.status in back or _needs_review(shipment, e)]
    if alarming:
        order_services.flag_for_review(order, f"The carrier reports {alarming[-1].label} for AWB {shipment.awb}.")
    if shipment.status == S.DELIVERED:
        target = OrderStatus.DELIVERED
    elif shipment.shipped_at is not None and shipment.status != S.CANCELLED:
        target = OrderStatus.SHIPPED
    else:
        if refused_cod:  # back before it was ever reported on its way: a person looks
            order_services.flag_for_review(order, f"The carrier reports RETURNED for AWB {shipment.awb}.")
        return
    note = f"{shipment.provider}: {shipment.status} (AWB {shipment.awb})"
    # The lifecycle gives the steps between (none for an order off its road, or already there).
    kind = lifecycle.Actor.STAFF if actor is not None else lifecycle.Actor.CARRIER
    for step in lifecycle.path(order.status, target, kind):
        _transition(
            order,
            step,
            actor=actor,
            source=f"shipping-{shipment.provider}",
            note=note,
        )
    if refused_cod:
        if lifecycle.cancellable(order.status, lifecycle.Actor.CARRIER):
            order_services.cancel_locked(
                order,
                actor=actor,
                actor_kind=lifecycle.Actor.CARRIER,
                source=f"shipping-{shipment.provider}",
                note=f"Returned to origin, cash on delivery refused (AWB {shipment.awb}).",
            )
        else:
            order_services.flag_for_review(order, f"The carrier reports RETURNED for AWB {shipment.awb}.")


def _needs_review(shipment: Shipment, event: TrackingEvent) -> bool:
    return provider_class(shipment.provider).needs_review(event)


def sync_shipment(shipment: Shipment, *, now: datetime | None = None) -> int:
    """Ask the shipment's own provider for its tracking and apply what is new."""
    try:
        report = get_provider(shipment.provider).track(shipment, now=now)
    except ShippingProviderError as exc:
        logger.warning("Tracking sync of AWB %s (%s) failed: %s", shipment.awb, shipment.provider, exc)
        Shipment.objects.filter(pk=shipment.pk).update(last_synced_at=timezone.now())
        return 0
    return apply_tracking(
        shipment.pk, report.events, eta_date=report.eta_date, tracking_url=report.tracking_url, synced=True
    )


def sync_active_shipments(*, now: datetime | None = None, limit: int | None = None) -> int:
    """The periodic sync: every booked, unfinished shipment, the longest unsynced first."""
    limit = limit or settings.SHIPPING_TRACKING_SYNC_BATCH
    shipments = list(
        Shipment.objects.filter(status__in=ACTIVE_STATUSES)
        .exclude(awb="")
        .select_related("order")
        .order_by(F("last_synced_at").asc(nulls_first=True), "pk")[:limit]
    )
    changed = 0
    for shipment in shipments:
        try:
            changed += sync_shipment(shipment, now=now)
        except Exception:
            logger.exception("Tracking sync of shipment %s crashed", shipment.pk)
    return changed


def handle_shiprocket_push(payload: Any) -> str:
    """Shiprocket's tracking push (its token already checked): the report applied once per
    (awb, status, timestamp). Returns what happened: applied, duplicate, unknown_awb, ignored."""
    if not isinstance(payload, dict):
        return "ignored"
    push = parse_push(payload)
    if not push.awb or push.event is None:
        logger.info("Shiprocket push without an AWB, status or time ignored: %s", str(payload)[:300])
        return "ignored"
    shipment = Shipment.objects.filter(provider=ShiprocketProvider.name, awb=push.awb).first()
    if shipment is None:
        logger.info("Shiprocket push for unknown AWB %s ignored.", push.awb)
        return "unknown_awb"
    new = apply_tracking(shipment.pk, [push.event], eta_date=push.eta_date)
    return "applied" if new else "duplicate"


# --- Cancellation


def cancel_for_cancelled_order(order: Order) -> None:
    """order_cancelled answer (inside the cancelling transaction): nothing booked → cancelled here; booked
    → the carrier is asked after commit."""
    shipment = Shipment.objects.select_for_update().filter(order=order).first()
    if shipment is None or shipment.status in TERMINAL_STATUSES:
        return
    if shipment.awb or shipment.provider_order_id:
        from shipping.tasks import cancel_shipment

        enqueue_on_commit(cancel_shipment, shipment.pk)
        return
    previous = _set_status(shipment, S.CANCELLED)
    shipment.save(update_fields=["status", "updated_at"])
    _announce(shipment, previous)


def cancel_at_carrier(shipment_id: int) -> str:
    shipment = Shipment.objects.filter(pk=shipment_id).first()
    if shipment is None or shipment.status in TERMINAL_STATUSES:
        return "nothing to do"
    try:
        get_provider(shipment.provider).cancel(shipment)
    except ShippingProviderError as exc:
        with transaction.atomic():
            order_services.flag_for_review(
                _lock_order(shipment.order_id), f"Cancel AWB {shipment.awb} at {shipment.provider} by hand: {exc}"
            )
        return "refused"
    now = timezone.now().replace(microsecond=0)
    event = TrackingEvent(
        status=S.CANCELLED,
        label="CANCELLED",
        description="Shipment cancelled with the order.",
        occurred_at=now,
        source="booking",
    )
    apply_tracking(shipment.pk, [event])
    return "cancelled"


def cancel_pending_at_carrier(*, now: datetime | None = None, limit: int = 50) -> int:
    """The sweep: booked shipments of orders cancelled more than two minutes ago whose cancellation at the
    carrier never ran (its task was lost with the broker), asked for again. An order flagged for review is
    left to staff (a refused cancellation flags it: not asked again every sweep). Returns how many."""
    now = now or timezone.now()
    due = list(
        Shipment.objects.filter(order__cancelled_at__lt=now - timedelta(minutes=2), order__needs_review=False)
        .exclude(status__in=TERMINAL_STATUSES)
        .exclude(awb="", provider_order_id="")
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(cancel_at_carrier(shipment_id) == "cancelled" for shipment_id in due)


# --- Staff


def staff_create_shipment(order_id: int, *, actor: User) -> Shipment | None:
    """Book by hand (the automatic booking failed or is off), whatever the attempt count."""
    return create_shipment_for_order(order_id, actor=actor, force=True)


def staff_report(shipment_id: int, status: str, *, actor: User, note: str = "") -> int:
    """Staff record a step the carrier did not report (picked up, delivered): a tracking event in the
    staff member's name, and the order follows through the state machine."""
    labels: dict[str, str] = {S.PICKED_UP: "PICKED UP", S.DELIVERED: "DELIVERED"}
    shipment = Shipment.objects.get(pk=shipment_id)
    if not shipment.awb:
        raise ApplicationError(ShippingErrorCode.SHIPMENT_REQUIRED, "Book the shipment first: it has no AWB yet.")
    who = getattr(actor, "email", "staff")
    event = TrackingEvent(
        status=status,
        label=labels[status],
        occurred_at=timezone.now().replace(microsecond=0),
        description=(note or f"Marked {labels[status].lower()} by {who}.")[:300],
        source="staff",
    )
    return apply_tracking(shipment.pk, [event], actor=actor)


# --- Cash on delivery


def cod_serviceable(pincode: str) -> bool:
    """A courier of the configured carrier collects cash at `pincode` (the answer cached for the day). Raises
    InvalidPincode for a pincode that cannot exist, and ShippingProviderError when the carrier cannot answer (its
    breaker open, a timeout, a 5xx): COD is then not offered, never guessed."""
    provider = get_provider()
    if provider.simulated:
        return provider.cod_available(pincode)
    key = f"shipping:cod:{provider.name}:{settings.SHIPPING_ORIGIN_PINCODE}:{pincode}:{timezone.localdate()}"
    try:
        cached: bool | None = cache.get(key)
    except CACHE_ERRORS:
        cached = None
    if cached is not None:
        return cached
    result = provider.cod_available(pincode)
    with contextlib.suppress(*CACHE_ERRORS):
        cache.set(key, result, settings.SHIPPING_ESTIMATE_CACHE_SECONDS)
    return result
