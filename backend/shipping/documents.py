"""Shipping labels and the day's pickup manifests.

A label is asked of the shipment's own carrier once (Shiprocket's PDF, or the mock carrier's own) and kept as a
private file with its SHA-256 on the shipment: every reprint is read from there. A manifest lists one carrier's
parcels awaiting pickup (AWB assigned, not picked up, in no manifest yet) booked on or before its day; one per
carrier and day (a unique constraint), and a shipment is in at most one (its single manifest column). Parcels
booked after the day's manifest was made go in the next day's.

The carrier is called inside the transaction that holds the manifest's new row and its shipments' row locks, so a
second request for the same day waits and is refused, and a failed call leaves nothing behind.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit import services as audit
from audit.models import Action
from core import private_files
from core.errors import ApplicationError, CommonErrorCode
from orders.models import Order
from shipping.error_codes import ShippingErrorCode
from shipping.models import Manifest, Shipment, ShipmentStatus
from shipping.providers import configured_provider_name, get_provider
from shipping.providers.base import ShippingProviderError, cod_to_collect

logger = logging.getLogger(__name__)


def _carrier_error(exc: ShippingProviderError, what: str) -> ApplicationError:
    if exc.retryable:
        return ApplicationError(
            ShippingErrorCode.CARRIER_UNAVAILABLE, f"The carrier cannot make the {what} just now: {exc}", retry_after=60
        )
    return ApplicationError(ShippingErrorCode.CARRIER_REFUSED, f"The carrier did not make the {what}: {exc}")


# --- Labels


def label_file_name(shipment: Shipment) -> str:
    return f"label-{shipment.awb}.pdf"


def order_label(order_id: int, *, actor: Any, request: Any = None) -> tuple[Shipment, bytes]:
    """The label of the order's shipment: the stored one, or the carrier's, fetched now and stored (audited).
    404 not_found for an unknown order, 404 awb_not_assigned while it has no booked shipment."""
    if not Order.objects.filter(pk=order_id).exists():
        raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such order.")
    shipment = Shipment.objects.select_related("order").filter(order__pk=order_id).first()
    if shipment is None or not shipment.awb:
        raise ApplicationError(
            ShippingErrorCode.AWB_NOT_ASSIGNED, "This order has no booked shipment (AWB) yet: book it first."
        )
    if shipment.status == ShipmentStatus.CANCELLED:  # no label for a parcel that must not leave
        raise ApplicationError(ShippingErrorCode.SHIPMENT_CANCELLED, "This shipment is cancelled: it has no label.")
    if shipment.label_sha256:
        try:
            return shipment, private_files.read_verified(shipment.label, shipment.label_sha256)
        except private_files.UnverifiedFile as exc:  # the carrier's label, not a legal record: ask for it again
            logger.error("The stored label of %s (%s) %s: fetched again.", shipment, shipment.label.name, exc)
    try:  # outside any lock: a network call
        document = get_provider(shipment.provider).label(shipment)
    except ShippingProviderError as exc:
        raise _carrier_error(exc, "label") from None
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().select_related("order").get(pk=shipment.pk)
        if locked.label_sha256 and locked.label_sha256 != shipment.label_sha256:
            # Another request stored a label while this one asked the carrier: that label stands.
            try:
                return locked, private_files.read_verified(locked.label, locked.label_sha256)
            except private_files.UnverifiedFile:
                pass
        locked.label_sha256 = private_files.store(locked.label, label_file_name(locked), document.pdf)
        locked.save(update_fields=["label", "label_sha256", "updated_at"])
        audit.record(
            Action.SHIPPING_LABEL_CREATED,
            obj=locked.order,
            new={"awb": locked.awb, "provider": locked.provider, "sha256": locked.label_sha256, "url": document.url},
            actor=actor,
            request=request,
            source="api",
        )
    return locked, document.pdf


# --- Manifests


def _day_end(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def awaiting_manifest(provider: str, day: date) -> QuerySet[Shipment]:
    """The carrier's parcels a manifest for `day` takes: booked by the end of that day, still awaiting pickup,
    in no manifest."""
    return Shipment.objects.filter(
        provider=provider,
        status=ShipmentStatus.AWB_ASSIGNED,
        manifest__isnull=True,
        awb_assigned_at__lt=_day_end(day),
    ).exclude(awb="")


@dataclass(frozen=True)
class PendingPickups:
    date: date
    provider: str
    count: int
    cod_count: int
    cod_total: Decimal
    manifest_id: int | None


def pending_pickups(day: date | None = None, provider: str | None = None) -> PendingPickups:
    """What a manifest made now for `day` (default today) would hold, and the day's manifest if there is one."""
    day = day or timezone.localdate()
    provider = provider or configured_provider_name()
    shipments = list(awaiting_manifest(provider, day).select_related("order"))
    cod = [amount for s in shipments if (amount := cod_to_collect(s.order))]
    existing = Manifest.objects.filter(provider=provider, date=day).values_list("pk", flat=True).first()
    return PendingPickups(day, provider, len(shipments), len(cod), sum(cod, Decimal("0.00")), existing)


def parse_day(value: date | None) -> date:
    today = timezone.localdate()
    day = value or today
    if day > today:
        raise ApplicationError(
            CommonErrorCode.INVALID, "A manifest is made on its day or later.", fields={"date": ["Not in the future."]}
        )
    return day


def create_manifest(day: date | None = None, *, actor: Any, request: Any = None) -> Manifest:
    """The configured carrier's pickup manifest for `day` (default today, Asia/Kolkata):
    409 manifest_exists when the day has one, 409 nothing_to_manifest when no parcel awaits; the carrier's refusal
    or outage leaves nothing made (502/503). Audited manifest_created."""
    day = parse_day(day)
    provider = configured_provider_name()
    try:
        carrier = get_provider(provider)
    except ShippingProviderError as exc:
        raise _carrier_error(exc, "manifest") from None
    with transaction.atomic():
        try:
            with transaction.atomic():  # a concurrent request for the same day waits here, then is refused
                manifest = Manifest.objects.create(
                    provider=provider,
                    date=day,
                    shipment_count=0,
                    cod_count=0,
                    cod_total=Decimal("0.00"),
                    created_by=actor,
                )
        except IntegrityError:
            existing = Manifest.objects.filter(provider=provider, date=day).values_list("pk", flat=True).first()
            raise ApplicationError(
                ShippingErrorCode.MANIFEST_EXISTS,
                f"The {day:%d %b %Y} manifest for {provider} is already made (manifest {existing}).",
            ) from None
        shipments = list(
            awaiting_manifest(provider, day)
            .select_for_update(of=("self",))
            .select_related("order")
            .order_by("awb_assigned_at", "id")
        )
        if not shipments:
            raise ApplicationError(
                ShippingErrorCode.NOTHING_TO_MANIFEST,
                f"No {provider} parcel booked by {day:%d %b %Y} awaits pickup outside a manifest.",
            )
        try:
            document = carrier.manifest(shipments, day=day)
        except ShippingProviderError as exc:
            raise _carrier_error(exc, "manifest") from None
        Shipment.objects.filter(pk__in=[s.pk for s in shipments]).update(manifest=manifest, updated_at=timezone.now())
        cod = [amount for s in shipments if (amount := cod_to_collect(s.order))]
        manifest.shipment_count, manifest.cod_count = len(shipments), len(cod)
        manifest.cod_total = sum(cod, Decimal("0.00"))
        manifest.carrier_url = document.url[:500]
        manifest.file_sha256 = private_files.store(manifest.file, manifest_file_name(manifest), document.pdf)
        manifest.save()
        audit.record(
            Action.MANIFEST_CREATED,
            obj=manifest,
            new={
                "provider": provider,
                "date": day.isoformat(),
                "awbs": [s.awb for s in shipments],
                "cod_total": str(manifest.cod_total),
                "sha256": manifest.file_sha256,
            },
            actor=actor,
            request=request,
            source="api",
        )
    return manifest


def manifest_file_name(manifest: Manifest) -> str:
    return f"manifest-{manifest.provider}-{manifest.date:%Y-%m-%d}.pdf"


def manifest_pdf(manifest: Manifest) -> bytes:
    """The stored manifest, only while it is the one made (its hash); otherwise a logged server error."""
    try:
        return private_files.read_verified(manifest.file, manifest.file_sha256)
    except private_files.UnverifiedFile as exc:
        logger.error("The PDF of %s (%s) %s: not served.", manifest, manifest.file.name, exc)
        raise ApplicationError(CommonErrorCode.SERVER_ERROR, "This manifest cannot be delivered just now.") from None
