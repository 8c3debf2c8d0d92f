"""The embedded mode's carrier: deterministic ETA by pincode zone, AWBs made from the order number, and
tracking that advances one step every SHIPPING_MOCK_STEP_SECONDS after the AWB is assigned (when
SHIPPING_MOCK_TRACKING is on). Also the fallback estimate whenever a real carrier cannot answer."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from catalog.models import ProductVariant
from orders import lifecycle
from orders.models import Order
from shipping import zones
from shipping.models import Shipment, ShipmentStatus, TrackingEvent
from shipping.providers.base import (
    Booking,
    CarrierDocument,
    Estimate,
    InvalidPincode,
    PincodeNotServiceable,
    ReturnPickup,
    ReturnScan,
    ShippingProvider,
    ShippingProviderError,
    TrackingReport,
    local_today,
)

S = ShipmentStatus

MOCK_STEPS = (
    # (status, carrier label, description, where)
    (S.PICKED_UP, "PICKED UP", "Picked up by the courier from the PhoneStore warehouse.", "origin"),
    (S.IN_TRANSIT, "IN TRANSIT", "In transit to the destination hub.", "hub"),
    (S.OUT_FOR_DELIVERY, "OUT FOR DELIVERY", "Out for delivery with the delivery agent.", "destination"),
    (S.DELIVERED, "DELIVERED", "Delivered.", "destination"),
)


class MockShippingProvider(ShippingProvider):
    name = "mock"
    simulated = True
    courier_name = "PhoneStore Express (demo)"

    def estimate(
        self, order_or_variant: Order | ProductVariant | None, pincode: str, *, today: date | None = None
    ) -> Estimate:
        try:
            zone = zones.zone_for(pincode, settings.SHIPPING_ORIGIN_PINCODE)
        except zones.UnknownPincode as exc:
            raise InvalidPincode(str(exc)) from None
        except zones.NotServiceable as exc:
            raise PincodeNotServiceable(str(exc)) from None
        today = today or local_today()
        return Estimate(
            pincode=pincode,
            min_days=zone.min_days,
            max_days=zone.max_days,
            eta_date=today + timedelta(days=zone.max_days),
            provider=self.name,
            zone=zone.name,
            courier=self.courier_name,
        )

    def eta(self, order: Order, pincode: str) -> date | None:
        """The estimate's date, or None where the zone table has none."""
        try:
            return self.estimate(order, pincode).eta_date
        except ShippingProviderError:
            return None

    def cod_available(self, pincode: str) -> bool:
        """COD zones: every zone but the remote one (zones.COD_ZONES); no courier, no COD."""
        try:
            zone = zones.zone_for(pincode, settings.SHIPPING_ORIGIN_PINCODE)
        except zones.UnknownPincode as exc:
            raise InvalidPincode(str(exc)) from None
        except zones.NotServiceable:
            return False
        return zone in zones.COD_ZONES

    def create_shipment(self, order: Order) -> Shipment:
        shipment = order.shipment
        shipment.provider_order_id = shipment.provider_order_id or order.number
        shipment.awb = shipment.awb or f"PSM{order.pk:010d}"
        shipment.courier = self.courier_name
        shipment.eta_date = self.eta(order, shipment.pincode)
        if lifecycle.pays_on_delivery(order.payment_method):  # the simulated courier collects order.total
            shipment.metadata = {**(shipment.metadata or {}), "payment_method": "COD", "collect": str(order.total)}
        return shipment

    def track(self, shipment: Shipment, *, now: datetime | None = None) -> TrackingReport:
        if not settings.SHIPPING_MOCK_TRACKING or not shipment.awb_assigned_at:
            return TrackingReport(eta_date=shipment.eta_date)
        now = now or timezone.now()
        step = timedelta(seconds=max(1, settings.SHIPPING_MOCK_STEP_SECONDS))
        start = shipment.awb_assigned_at.replace(microsecond=0)
        city = (shipment.order.shipping_address or {}).get("city", "") if shipment.order_id else ""
        places = {"origin": "PhoneStore warehouse", "hub": f"{city} hub".strip(), "destination": city}
        events = []
        for k, (status, label, description, where) in enumerate(MOCK_STEPS, start=1):
            when = start + k * step
            if when > now:
                break
            events.append(
                TrackingEvent(
                    shipment=shipment,
                    status=status,
                    label=label,
                    code=f"M{k}",
                    description=description,
                    location=places[where],
                    occurred_at=when,
                    source="sync",
                )
            )
        return TrackingReport(events=events, eta_date=shipment.eta_date)

    def cancel(self, shipment: Shipment) -> None:
        return None

    # -- Returns: a reverse pickup collected one step after booking and back at the warehouse one step later
    # (SHIPPING_MOCK_STEP_SECONDS apart, when SHIPPING_MOCK_TRACKING is on); replacements get an AWB.

    RETURN_STEPS = (
        ("picked_up", "RETURN PICKED UP", "Picked up from the customer."),
        ("delivered", "RETURN DELIVERED", "Delivered back to the PhoneStore warehouse."),
    )

    def create_return(self, pickup: ReturnPickup) -> Booking:
        return Booking(
            provider=self.name,
            provider_order_id=pickup.reference,
            awb=f"PSR{pickup.reference.replace('-', '')[-10:]}",
            courier=self.courier_name,
        )

    def track_return(self, booking: Booking, *, booked_at: datetime, now: datetime | None = None) -> list[ReturnScan]:
        if not settings.SHIPPING_MOCK_TRACKING:
            return []
        now = now or timezone.now()
        step = timedelta(seconds=max(1, settings.SHIPPING_MOCK_STEP_SECONDS))
        scans = []
        for k, (name, label, _description) in enumerate(self.RETURN_STEPS, start=1):
            when = booked_at + k * step
            if when > now:
                break
            scans.append(ReturnScan(step=name, label=label, occurred_at=when))
        return scans

    def create_replacement(self, pickup: ReturnPickup) -> Booking:
        return Booking(
            provider=self.name,
            provider_order_id=pickup.reference,
            awb=f"PSX{pickup.reference.replace('-', '')[-10:]}",
            courier=self.courier_name,
        )

    # -- Documents: drawn here, as a courier's would be (shipping.pdf)

    def label(self, shipment: Shipment) -> CarrierDocument:
        from shipping.pdf import render_label

        return CarrierDocument(pdf=render_label(shipment, courier=shipment.courier or self.courier_name))

    def manifest(self, shipments: list[Shipment], *, day: date) -> CarrierDocument:
        from shipping.pdf import render_manifest

        return CarrierDocument(pdf=render_manifest(shipments, day=day, carrier=self.courier_name))
