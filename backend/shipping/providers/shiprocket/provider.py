"""ShiprocketProvider: estimates from Shiprocket's serviceability check, booking (order, AWB, pickup),
tracking by AWB and cancellation, through ShiprocketClient."""

import logging
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from catalog.models import ProductVariant
from orders import lifecycle
from orders.models import Order
from shipping import zones
from shipping.models import Shipment, TrackingEvent
from shipping.providers.base import (
    Booking,
    CarrierDocument,
    Estimate,
    InvalidPincode,
    PincodeNotServiceable,
    ProviderUnavailable,
    ReturnPickup,
    ReturnScan,
    ShippingProvider,
    ShippingProviderError,
    TrackingReport,
    local_today,
    parcel_for,
)
from shipping.providers.mock import MockShippingProvider
from shipping.providers.shiprocket import statuses
from shipping.providers.shiprocket.client import ShiprocketClient
from shipping.providers.shiprocket.timestamps import IST, parse_day, parse_time
from tax.seller import seller as seller_identity

logger = logging.getLogger(__name__)


def customer_email(order: Order) -> str:
    """Shiprocket requires the customer's email (billing_email, pickup_email). A shopper who signs in by mobile
    may have none: the store's own address stands in (the parcel's phone is the address's mobile)."""
    return order.user.email or seller_identity().email


def _days(courier: dict[str, Any]) -> int | None:
    try:
        return max(1, int(str(courier.get("estimated_delivery_days")).strip()))
    except (TypeError, ValueError):
        return None


class ShiprocketProvider(ShippingProvider):
    name = "shiprocket"

    def __init__(self, client: ShiprocketClient | None = None) -> None:
        self.client = client or ShiprocketClient()

    @classmethod
    def is_configured(cls) -> bool:
        return bool(settings.SHIPROCKET_EMAIL and settings.SHIPROCKET_PASSWORD)

    @classmethod
    def not_configured_reason(cls) -> str:
        return "Shiprocket credentials (SHIPROCKET_EMAIL, SHIPROCKET_PASSWORD) are not set."

    @classmethod
    def needs_review(cls, event: TrackingEvent) -> bool:
        return statuses.needs_review(event.code)

    # -- Estimate

    def estimate(self, order_or_variant: Order | ProductVariant | None, pincode: str) -> Estimate:
        if not zones.is_valid_pincode(pincode):
            raise InvalidPincode(f"{pincode!r} is not a 6-digit Indian pincode.")
        parcel = parcel_for(order_or_variant)
        try:
            answer = self.client.request(
                "GET",
                "/v1/external/courier/serviceability/",
                what="the serviceability check",
                params={
                    "pickup_postcode": settings.SHIPPING_ORIGIN_PINCODE,
                    "delivery_postcode": pincode,
                    "weight": str(parcel.weight_kg),
                    "cod": 0,
                    "declared_value": int(parcel.declared_value),
                },
            )
        except ShippingProviderError as exc:
            if exc.status_code == 404:
                raise PincodeNotServiceable(f"No courier delivers to {pincode}.") from None
            raise
        data = answer.get("data") if isinstance(answer, dict) else None
        couriers = [c for c in (data or {}).get("available_courier_companies") or [] if isinstance(c, dict)]
        if not couriers:
            if isinstance(answer, dict) and (answer.get("status") in (404, "404") or data is not None):
                raise PincodeNotServiceable(f"No courier delivers to {pincode}.")
            raise ProviderUnavailable("Shiprocket's serviceability answer has no courier list.")

        timed = [(days, c) for c in couriers if (days := _days(c)) is not None]
        if not timed:
            raise ProviderUnavailable("Shiprocket's couriers carry no delivery estimate.")
        recommended = (data or {}).get("recommended_courier_company_id")
        chosen_days, chosen = next(
            ((d, c) for d, c in timed if c.get("courier_company_id") == recommended), None
        ) or min(timed, key=lambda dc: (dc[0], float(dc[1].get("rate") or 0)))
        fastest = min(d for d, _ in timed)
        slowest = max(fastest, chosen_days)
        today = local_today()
        eta = parse_day(chosen.get("etd"))
        if eta is None or not (today + timedelta(days=fastest) <= eta <= today + timedelta(days=slowest + 3)):
            eta = today + timedelta(days=slowest)
        return Estimate(
            pincode=pincode,
            min_days=fastest,
            max_days=slowest,
            eta_date=eta,
            provider=self.name,
            zone=str(chosen.get("zone") or ""),
            courier=str(chosen.get("courier_name") or ""),
        )

    def cod_available(self, pincode: str) -> bool:
        """Shiprocket's serviceability check asked for COD (cod=1): some courier answers with cod == 1."""
        if not zones.is_valid_pincode(pincode):
            raise InvalidPincode(f"{pincode!r} is not a 6-digit Indian pincode.")
        parcel = parcel_for(None)
        try:
            answer = self.client.request(
                "GET",
                "/v1/external/courier/serviceability/",
                what="the COD serviceability check",
                params={
                    "pickup_postcode": settings.SHIPPING_ORIGIN_PINCODE,
                    "delivery_postcode": pincode,
                    "weight": str(parcel.weight_kg),
                    "cod": 1,
                },
            )
        except ShippingProviderError as exc:
            if exc.status_code == 404:
                return False
            raise
        if not isinstance(answer, dict):
            raise ProviderUnavailable("Shiprocket's serviceability answer is not an object.")
        data = answer.get("data")
        if not isinstance(data, dict):
            if answer.get("status") in (404, "404"):
                return False
            raise ProviderUnavailable("Shiprocket's serviceability answer has no data.")
        couriers = data.get("available_courier_companies") or []
        return any(isinstance(c, dict) and str(c.get("cod")) == "1" for c in couriers)

    # -- Booking

    def order_payload(self, order: Order) -> dict[str, Any]:
        address = order.shipping_address or {}
        name = (address.get("full_name") or order.user.full_name or "Customer").split()
        parcel = parcel_for(order)
        local = timezone.localtime(order.paid_at or order.created_at, IST)
        cod = lifecycle.pays_on_delivery(order.payment_method)
        return {
            "order_id": order.number,
            "order_date": local.strftime("%Y-%m-%d %H:%M"),
            "pickup_location": settings.SHIPROCKET_PICKUP_LOCATION,
            "billing_customer_name": name[0],
            "billing_last_name": " ".join(name[1:]),
            "billing_address": address.get("line1", ""),
            "billing_address_2": ", ".join(p for p in (address.get("line2"), address.get("landmark")) if p),
            "billing_city": address.get("city", ""),
            "billing_pincode": address.get("pincode", ""),
            "billing_state": address.get("state", ""),
            "billing_country": "India",
            "billing_email": customer_email(order),
            "billing_phone": address.get("phone", ""),
            "shipping_is_billing": True,
            "order_items": [
                {
                    "name": f"{item.product_title} ({item.variant_label})"[:200],
                    "sku": item.sku,
                    "units": item.quantity,
                    "selling_price": str(item.unit_price),
                    "discount": "0",
                    "tax": str(item.gst_rate),
                    "hsn": 85171300,
                }
                for item in order.items.all()
            ],
            # Cash on delivery: the courier collects sub_total, the order's whole total (shipping, the COD fee and
            # the coupon already in it), so no charge or discount is named beside it to be added twice.
            "payment_method": "COD" if cod else "Prepaid",
            "shipping_charges": "0" if cod else str(order.shipping_fee),
            "giftwrap_charges": "0",
            "transaction_charges": "0",
            "total_discount": "0",
            "sub_total": str(order.total) if cod else str(order.subtotal),
            "length": parcel.length_cm,
            "breadth": parcel.breadth_cm,
            "height": parcel.height_cm,
            "weight": str(parcel.weight_kg),
        }

    def create_shipment(self, order: Order) -> Shipment:
        shipment = order.shipment
        if not shipment.provider_shipment_id:
            answer = self.client.request(
                "POST", "/v1/external/orders/create/adhoc", what="the order creation", body=self.order_payload(order)
            )
            if not answer.get("shipment_id"):
                raise ShippingProviderError(f"Shiprocket did not create the order: {answer.get('message') or answer}")
            shipment.provider_order_id = str(answer.get("order_id") or "")
            shipment.provider_shipment_id = str(answer["shipment_id"])
            if answer.get("awb_code"):
                shipment.awb, shipment.courier = str(answer["awb_code"]), str(answer.get("courier_name") or "")
        if not shipment.awb:
            answer = self.client.request(
                "POST",
                "/v1/external/courier/assign/awb",
                what="the AWB assignment",
                body={"shipment_id": int(shipment.provider_shipment_id)},
            )
            data = ((answer.get("response") or {}).get("data") or {}) if isinstance(answer, dict) else {}
            if answer.get("awb_assign_status") != 1 or not data.get("awb_code"):
                reason = data.get("awb_assign_error") or answer.get("message") or "no AWB in the answer"
                raise ShippingProviderError(f"Shiprocket did not assign an AWB: {reason}")
            shipment.awb = str(data["awb_code"])
            shipment.courier = str(data.get("courier_name") or "")
            shipment.metadata = {
                **(shipment.metadata or {}),
                "courier_company_id": data.get("courier_company_id"),
                "pickup_scheduled_date": data.get("pickup_scheduled_date"),
            }
        shipment.tracking_url = f"https://shiprocket.co/tracking/{shipment.awb}"
        try:
            self.client.request(
                "POST",
                "/v1/external/courier/generate/pickup",
                what="the pickup request",
                body={"shipment_id": [int(shipment.provider_shipment_id)]},
            )
        except ShippingProviderError as exc:  # the AWB stands; the pickup can be requested in the panel
            logger.warning("Shiprocket pickup request for shipment %s failed: %s", shipment.provider_shipment_id, exc)
            shipment.metadata = {**(shipment.metadata or {}), "pickup_error": str(exc)[:300]}
        try:
            shipment.eta_date = self.estimate(order, shipment.pincode).eta_date
        except ShippingProviderError as exc:
            logger.warning("Shiprocket estimate for order %s failed, mock ETA used: %s", order.pk, exc)
            shipment.eta_date = MockShippingProvider().eta(order, shipment.pincode)
        return shipment

    # -- Tracking

    def track(self, shipment: Shipment, *, now: datetime | None = None) -> TrackingReport:
        answer = self.client.request("GET", f"/v1/external/courier/track/awb/{shipment.awb}", what="the tracking")
        data = answer.get("tracking_data") if isinstance(answer, dict) else None
        if not isinstance(data, dict) or not data.get("track_status"):
            return TrackingReport()  # "no activities found yet"
        events = []
        for scan in data.get("shipment_track_activities") or []:
            when = parse_time(scan.get("date"))
            if when is None:
                continue
            label = scan.get("sr-status-label")
            if not label or label == "NA":
                label = scan.get("status") or scan.get("activity")
            events.append(
                statuses.tracking_event(
                    code=scan.get("sr-status"),
                    label=label,
                    description=scan.get("activity"),
                    location=scan.get("location"),
                    when=when,
                    source="sync",
                )
            )
        track = (data.get("shipment_track") or [{}])[0] or {}
        eta = parse_day(data.get("etd")) or parse_day(track.get("edd"))
        return TrackingReport(events=events, eta_date=eta, tracking_url=str(data.get("track_url") or ""))

    def cancel(self, shipment: Shipment) -> None:
        if shipment.provider_order_id:
            self.client.request(
                "POST",
                "/v1/external/orders/cancel",
                what="the cancellation",
                body={"ids": [int(shipment.provider_order_id)]},
            )

    # -- Returns (apidocs.shiprocket.in "Create a return order"): POST orders/create/return with pickup_* the
    # shopper and shipping_* our warehouse, then an AWB for the return shipment (is_return), tracked by AWB.

    def return_payload(self, pickup: ReturnPickup) -> dict[str, Any]:
        order, address = pickup.order, pickup.address
        name = (address.get("full_name") or order.user.full_name or "Customer").split()
        seller = seller_identity()
        parcel = parcel_for(order)
        return {
            "order_id": pickup.reference,
            "order_date": timezone.localtime(timezone.now(), IST).strftime("%Y-%m-%d"),
            "channel_id": "",
            "pickup_customer_name": name[0],
            "pickup_last_name": " ".join(name[1:]),
            "pickup_address": address.get("line1", ""),
            "pickup_address_2": ", ".join(p for p in (address.get("line2"), address.get("landmark")) if p),
            "pickup_city": address.get("city", ""),
            "pickup_state": address.get("state", ""),
            "pickup_country": "India",
            "pickup_pincode": address.get("pincode", ""),
            "pickup_email": customer_email(order),
            "pickup_phone": address.get("phone", ""),
            "pickup_isd_code": "91",
            "shipping_customer_name": seller.trade_name or seller.legal_name,
            "shipping_last_name": "",
            "shipping_address": seller.address,
            "shipping_address_2": "",
            "shipping_city": settings.RETURN_WAREHOUSE_CITY,
            "shipping_country": "India",
            "shipping_pincode": settings.SHIPPING_ORIGIN_PINCODE,
            "shipping_state": seller.state_name,
            "shipping_email": seller.email,
            "shipping_isd_code": "91",
            "shipping_phone": seller.phone,
            "order_items": [
                {
                    "name": line.name[:200],
                    "sku": line.sku,
                    "units": line.units,
                    "selling_price": str(line.selling_price),
                    "discount": "0",
                    "hsn": 85171300,
                }
                for line in pickup.lines
            ],
            "payment_method": "Prepaid",
            "total_discount": "0",
            "sub_total": str(sum((line.selling_price * line.units for line in pickup.lines), Decimal("0"))),
            "length": parcel.length_cm,
            "breadth": parcel.breadth_cm,
            "height": parcel.height_cm,
            "weight": str(parcel.weight_kg),
        }

    def _assign_awb(self, booking: Booking, *, is_return: bool) -> None:
        body: dict[str, Any] = {"shipment_id": int(booking.provider_shipment_id)}
        if is_return:
            body["is_return"] = 1
        answer = self.client.request("POST", "/v1/external/courier/assign/awb", what="the AWB assignment", body=body)
        data = ((answer.get("response") or {}).get("data") or {}) if isinstance(answer, dict) else {}
        if answer.get("awb_assign_status") != 1 or not data.get("awb_code"):
            reason = data.get("awb_assign_error") or answer.get("message") or "no AWB in the answer"
            raise ShippingProviderError(f"Shiprocket did not assign an AWB: {reason}")
        booking.awb, booking.courier = str(data["awb_code"]), str(data.get("courier_name") or "")
        booking.tracking_url = f"https://shiprocket.co/tracking/{booking.awb}"

    def create_return(self, pickup: ReturnPickup) -> Booking:
        answer = self.client.request(
            "POST", "/v1/external/orders/create/return", what="the return order", body=self.return_payload(pickup)
        )
        if not answer.get("shipment_id"):
            raise ShippingProviderError(f"Shiprocket did not create the return: {answer.get('message') or answer}")
        booking = Booking(
            provider=self.name,
            provider_order_id=str(answer.get("order_id") or ""),
            provider_shipment_id=str(answer["shipment_id"]),
        )
        self._assign_awb(booking, is_return=True)
        return booking

    def track_return(self, booking: Booking, *, booked_at: datetime, now: datetime | None = None) -> list[ReturnScan]:
        if not booking.awb:
            return []
        shipment = Shipment(awb=booking.awb, provider=self.name)
        scans = []
        for event in self.track(shipment).events:
            label = (event.label or "").upper()
            if label in ("RETURN PICKED UP", "RETURN IN TRANSIT") or event.status == "PICKED_UP":
                scans.append(ReturnScan(step="picked_up", label=label, occurred_at=event.occurred_at))
            elif label == "RETURN DELIVERED" or event.status == "DELIVERED":
                scans.append(ReturnScan(step="delivered", label=label, occurred_at=event.occurred_at))
        return scans

    def create_replacement(self, pickup: ReturnPickup) -> Booking:
        payload = self.order_payload(pickup.order)
        payload.update(
            order_id=pickup.reference,
            order_items=[
                {
                    "name": line.name[:200],
                    "sku": line.sku,
                    "units": line.units,
                    "selling_price": str(line.selling_price),
                    "discount": str(line.selling_price),  # a replacement: nothing to pay
                    "hsn": 85171300,
                }
                for line in pickup.lines
            ],
            shipping_charges="0",
            total_discount=str(sum((line.selling_price * line.units for line in pickup.lines), Decimal("0"))),
            sub_total="0",
        )
        answer = self.client.request(
            "POST", "/v1/external/orders/create/adhoc", what="the replacement order", body=payload
        )
        if not answer.get("shipment_id"):
            raise ShippingProviderError(f"Shiprocket did not create the replacement: {answer.get('message') or answer}")
        booking = Booking(
            provider=self.name,
            provider_order_id=str(answer.get("order_id") or ""),
            provider_shipment_id=str(answer["shipment_id"]),
        )
        self._assign_awb(booking, is_return=False)
        return booking

    # -- Documents (apidocs.shiprocket.in "Generate Label", "Generate Manifest", "Print Manifest"): each answers
    # with the URL of a PDF, fetched at once through the client (its timeout, its host check).

    def label(self, shipment: Shipment) -> CarrierDocument:
        answer = self.client.request(
            "POST",
            "/v1/external/courier/generate/label",
            what="the label",
            body={"shipment_id": [int(shipment.provider_shipment_id)]},
        )
        url = answer.get("label_url") if isinstance(answer, dict) else None
        if not isinstance(answer, dict) or answer.get("label_created") != 1 or not url:
            reason = (answer.get("response") or answer.get("message")) if isinstance(answer, dict) else answer
            raise ShippingProviderError(f"Shiprocket did not create the label: {reason or 'no label_url'}")
        return CarrierDocument(pdf=self.client.download(str(url), what="the label"), url=str(url))

    def manifest(self, shipments: list[Shipment], *, day: date) -> CarrierDocument:
        try:
            answer = self.client.request(
                "POST",
                "/v1/external/manifests/generate",
                what="the manifest",
                body={"shipment_id": [int(s.provider_shipment_id) for s in shipments]},
            )
        except ShippingProviderError as exc:
            if exc.retryable or exc.status_code not in (400, 422):
                raise
            # Already manifested (say, from Shiprocket's panel): print the manifest it has for these orders.
            logger.info("Shiprocket refused a new manifest (%s): printing the existing one.", exc)
            answer = self.client.request(
                "POST",
                "/v1/external/manifests/print",
                what="the manifest reprint",
                body={"order_ids": [int(s.provider_order_id) for s in shipments]},
            )
        url = answer.get("manifest_url") if isinstance(answer, dict) else None
        if not url:
            raise ShippingProviderError(f"Shiprocket did not make the manifest: {answer}"[:300])
        return CarrierDocument(pdf=self.client.download(str(url), what="the manifest"), url=str(url))
