"""What every shipping provider offers, the values they hand the services, and the errors they raise.

Providers speak their carrier's wire format and never write to the database: shipping.services does,
under the order's row lock. They raise ShippingProviderError; ProviderUnavailable (timeout, connection,
5xx) is the kind worth retrying.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from django.utils import timezone

from catalog.models import ProductVariant
from orders import lifecycle
from orders.models import Order
from shipping.models import Shipment, TrackingEvent

# --- Errors


class ShippingProviderError(Exception):
    """The provider refused or failed. `retryable` says whether trying again later may work."""

    retryable = False

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class ProviderUnavailable(ShippingProviderError):
    """Timeout, connection failure, 5xx, 429 or an answer that is not JSON: try again later."""

    retryable = True


class InvalidPincode(ShippingProviderError):
    pass


class PincodeNotServiceable(ShippingProviderError):
    pass


# --- Values


@dataclass(frozen=True)
class Estimate:
    """A delivery estimate. Unpacks as the plan's (min_days, max_days, eta_date) triple."""

    pincode: str
    min_days: int
    max_days: int
    eta_date: date
    provider: str
    zone: str = ""
    courier: str = ""

    def __iter__(self) -> Iterator[int | date]:
        return iter((self.min_days, self.max_days, self.eta_date))


@dataclass(frozen=True)
class Parcel:
    weight_kg: Decimal
    length_cm: int
    breadth_cm: int
    height_cm: int
    declared_value: Decimal


@dataclass
class TrackingReport:
    """What a carrier says about a shipment: its reports (unsaved; the services store each once), and the
    ETA and tracking page when it names them."""

    events: list[TrackingEvent] = field(default_factory=list)
    eta_date: date | None = None
    tracking_url: str = ""


@dataclass(frozen=True)
class ReturnLine:
    """One line of a reverse pickup (or of a replacement parcel): what the courier collects or carries."""

    name: str
    sku: str
    units: int
    selling_price: Decimal


@dataclass(frozen=True)
class ReturnPickup:
    """A reverse pickup to book: from the shopper's address (an order's address snapshot) to our warehouse.
    `reference` is ours and unique ("PS00000012-R3"), the carrier's order id for it."""

    reference: str
    order: Order
    address: dict[str, str]
    lines: list[ReturnLine]


@dataclass
class Booking:
    """What a carrier booked for a return pickup or a replacement parcel (not a Shipment row: an order has one)."""

    provider: str
    provider_order_id: str
    provider_shipment_id: str = ""
    awb: str = ""
    courier: str = ""
    tracking_url: str = ""


@dataclass(frozen=True)
class ReturnScan:
    """A carrier's report on a reverse pickup: picked_up (collected from the shopper) or delivered (back with us)."""

    step: str  # "picked_up" | "delivered"
    label: str
    occurred_at: datetime


@dataclass(frozen=True)
class CarrierDocument:
    """A PDF the carrier made (a label, a manifest) and where it published it (blank for the mock's own)."""

    pdf: bytes
    url: str = ""


def cod_to_collect(order: Order) -> Decimal:
    """What the courier collects at the door: the order's whole total when it is paid on delivery, else nothing."""
    return order.total if lifecycle.pays_on_delivery(order.payment_method) else Decimal("0.00")


PHONE_DEFAULT_GRAMS = 200  # a phone whose weight the catalog does not know
BOX_GRAMS = 250  # retail box, charger, cable, papers
OUTER_GRAMS = 100  # the shipping carton and fill


def parcel_for(order_or_variant: Order | ProductVariant | None = None) -> Parcel:
    """Weight and size of the parcel: boxed phones in one carton, at least 0.5 kg (couriers' minimum slab)."""
    units: list[tuple[int, int, Decimal]] = []  # (grams per unit, quantity, value per unit)
    if isinstance(order_or_variant, Order):
        for item in order_or_variant.items.select_related("variant__product"):
            grams = item.variant.product.weight_g if item.variant is not None else None
            units.append((grams or PHONE_DEFAULT_GRAMS, item.quantity, item.unit_price))
    elif isinstance(order_or_variant, ProductVariant):
        units.append((order_or_variant.product.weight_g or PHONE_DEFAULT_GRAMS, 1, order_or_variant.price))
    else:
        units.append((PHONE_DEFAULT_GRAMS, 1, Decimal("0")))
    count = sum(q for _, q, _ in units)
    grams = sum((g + BOX_GRAMS) * q for g, q, _ in units) + OUTER_GRAMS
    weight = max(Decimal("0.5"), Decimal(math.ceil(grams / 100)) / 10)
    return Parcel(
        weight_kg=weight,
        length_cm=20,
        breadth_cm=14,
        height_cm=8 + 5 * (max(count, 1) - 1),
        declared_value=sum((v * q for _, q, v in units), Decimal("0")),
    )


def local_today() -> date:
    return timezone.localdate()


# --- The interface


class ShippingProvider(ABC):
    """A carrier. The services ask it what it can do (the class attributes and class methods below)
    rather than which class it is."""

    name: ClassVar[str]
    # No parcel really moves: estimates come from the zone table (nothing to cache, nothing to fall back
    # from), AWBs are made up and tracking is simulated.
    simulated: ClassVar[bool] = False

    @classmethod
    def is_configured(cls) -> bool:
        """The settings it needs are there (a shipment keeps the provider that booked it even when not)."""
        return True

    @classmethod
    def not_configured_reason(cls) -> str:
        return f"The {cls.name} shipping provider is not configured."

    @classmethod
    def needs_review(cls, event: TrackingEvent) -> bool:
        """This report (lost, damaged, ...) needs a person to look at the order."""
        return False

    @abstractmethod
    def estimate(self, order_or_variant: Order | ProductVariant | None, pincode: str) -> Estimate:
        """Days to deliver to `pincode`. InvalidPincode for a pincode that cannot exist,
        PincodeNotServiceable where no courier delivers."""

    @abstractmethod
    def cod_available(self, pincode: str) -> bool:
        """A courier collects cash on delivery at `pincode`. InvalidPincode for a pincode that cannot exist;
        False where no courier delivers at all or none collects cash; ProviderUnavailable when the carrier cannot
        answer (the caller refuses COD then: never offered on a guess)."""

    @abstractmethod
    def create_shipment(self, order: Order) -> Shipment:
        """Book order.shipment (an existing row, maybe half-booked by an earlier attempt) with the
        carrier: fills awb, courier, ids, eta_date, tracking_url on the instance and returns it. On an
        error the instance keeps what was done so far, so a retry resumes instead of booking twice."""

    @abstractmethod
    def track(self, shipment: Shipment, *, now: datetime | None = None) -> TrackingReport:
        """The carrier's reports on a booked shipment. `now` is the sync's clock: a simulated carrier
        reads its progress from it, a real one has its own."""

    @abstractmethod
    def cancel(self, shipment: Shipment) -> None:
        """Call off a booked shipment at the carrier."""

    @abstractmethod
    def create_return(self, pickup: ReturnPickup) -> Booking:
        """Book a reverse pickup from the shopper to our warehouse (a return order at the carrier)."""

    @abstractmethod
    def track_return(self, booking: Booking, *, booked_at: datetime, now: datetime | None = None) -> list[ReturnScan]:
        """The carrier's reports on a reverse pickup so far, oldest first."""

    @abstractmethod
    def create_replacement(self, pickup: ReturnPickup) -> Booking:
        """Book a forward parcel of `pickup.lines` to the shopper at no charge (a replacement unit)."""

    @abstractmethod
    def label(self, shipment: Shipment) -> CarrierDocument:
        """The shipping label of a booked shipment (an AWB) as a PDF. The services store it: asked once per parcel."""

    @abstractmethod
    def manifest(self, shipments: list[Shipment], *, day: date) -> CarrierDocument:
        """The pickup manifest (handover list) of `shipments`, all booked with this carrier, as a PDF."""
