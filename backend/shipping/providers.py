"""Shipping providers: one interface, a mock for the embedded mode and Shiprocket for production.

    ShippingProvider.estimate(order_or_variant, pincode) -> Estimate   (unpacks as min_days, max_days, eta_date)
    ShippingProvider.create_shipment(order) -> Shipment                 (fills order.shipment; the caller saves)
    ShippingProvider.track(shipment) -> list[TrackingEvent]             (unsaved; the caller stores each once)

get_provider() picks Shiprocket when SHIPROCKET_EMAIL and SHIPROCKET_PASSWORD are set and the mock
otherwise; a shipment is always tracked by the provider that booked it (get_provider(shipment.provider)).
Providers raise ShippingProviderError; ProviderUnavailable (timeout, connection, 5xx) is the kind worth
retrying. They never write to the database: services.py does, under the order's row lock.
"""

import base64
import hashlib
import json
import logging
import math
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from shipping import zones
from shipping.models import Shipment, ShipmentStatus, TrackingEvent

logger = logging.getLogger(__name__)

IST = ZoneInfo("Asia/Kolkata")
S = ShipmentStatus


# --- Errors


class ShippingProviderError(Exception):
    """The provider refused or failed. `retryable` says whether trying again later may work."""

    retryable = False

    def __init__(self, message: str, *, status_code: int | None = None):
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

    def __iter__(self):
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
    events: list = field(default_factory=list)
    eta_date: date | None = None
    tracking_url: str = ""


PHONE_DEFAULT_GRAMS = 200  # a phone whose weight the catalog does not know
BOX_GRAMS = 250  # retail box, charger, cable, papers
OUTER_GRAMS = 100  # the shipping carton and fill


def parcel_for(order_or_variant=None) -> Parcel:
    """Weight and size of the parcel: boxed phones in one carton, at least 0.5 kg (couriers' minimum slab)."""
    from catalog.models import ProductVariant
    from orders.models import Order

    units: list[tuple[int, int, Decimal]] = []  # (grams per unit, quantity, value per unit)
    if isinstance(order_or_variant, Order):
        for item in order_or_variant.items.select_related("variant__product"):
            grams = item.variant.product.weight_g if item.variant_id and item.variant.product.weight_g else None
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


def _today() -> date:
    return timezone.localdate()


# --- The interface


class ShippingProvider:
    name = ""

    def estimate(self, order_or_variant, pincode: str) -> Estimate:
        raise NotImplementedError

    def create_shipment(self, order) -> Shipment:
        """Book order.shipment (an existing row, maybe half-booked by an earlier attempt) with the
        carrier: fills awb, courier, ids, eta_date, tracking_url on the instance and returns it. On an
        error the instance keeps what was done so far, so a retry resumes instead of booking twice."""
        raise NotImplementedError

    def track(self, shipment) -> list[TrackingEvent]:
        return self.track_report(shipment).events

    def track_report(self, shipment) -> TrackingReport:
        raise NotImplementedError

    def cancel(self, shipment) -> None:
        raise NotImplementedError


# --- Mock

MOCK_STEPS = (
    # (status, carrier label, description, where)
    (S.PICKED_UP, "PICKED UP", "Picked up by the courier from the PhoneStore warehouse.", "origin"),
    (S.IN_TRANSIT, "IN TRANSIT", "In transit to the destination hub.", "hub"),
    (S.OUT_FOR_DELIVERY, "OUT FOR DELIVERY", "Out for delivery with the delivery agent.", "destination"),
    (S.DELIVERED, "DELIVERED", "Delivered.", "destination"),
)


class MockShippingProvider(ShippingProvider):
    """Deterministic ETA by pincode zone; AWBs made from the order number; tracking that advances one
    step every SHIPPING_MOCK_STEP_SECONDS after the AWB is assigned (when SHIPPING_MOCK_TRACKING is on)."""

    name = "mock"
    courier_name = "PhoneStore Express (demo)"

    def estimate(self, order_or_variant, pincode: str, *, today: date | None = None) -> Estimate:
        try:
            zone = zones.zone_for(pincode, settings.SHIPPING_ORIGIN_PINCODE)
        except zones.UnknownPincode as exc:
            raise InvalidPincode(str(exc)) from None
        except zones.NotServiceable as exc:
            raise PincodeNotServiceable(str(exc)) from None
        today = today or _today()
        return Estimate(
            pincode=pincode,
            min_days=zone.min_days,
            max_days=zone.max_days,
            eta_date=today + timedelta(days=zone.max_days),
            provider=self.name,
            zone=zone.name,
            courier=self.courier_name,
        )

    def create_shipment(self, order) -> Shipment:
        shipment = order.shipment
        shipment.provider_order_id = shipment.provider_order_id or order.number
        shipment.awb = shipment.awb or f"PSM{order.pk:010d}"
        shipment.courier = self.courier_name
        try:
            shipment.eta_date = self.estimate(order, shipment.pincode).eta_date
        except ShippingProviderError:
            shipment.eta_date = None
        return shipment

    def track_report(self, shipment, *, now: datetime | None = None) -> TrackingReport:
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

    def cancel(self, shipment) -> None:
        return None


# --- Shiprocket

# Shiprocket's shipment status codes (apidocs.shiprocket.in, "Shipments" and "Tracking") → ours.
SHIPROCKET_STATUS = {
    1: S.AWB_ASSIGNED,
    2: S.AWB_ASSIGNED,
    3: S.AWB_ASSIGNED,
    4: S.AWB_ASSIGNED,
    5: S.AWB_ASSIGNED,
    11: S.AWB_ASSIGNED,
    15: S.AWB_ASSIGNED,
    19: S.AWB_ASSIGNED,
    27: S.AWB_ASSIGNED,
    52: S.AWB_ASSIGNED,
    13: S.EXCEPTION,
    20: S.EXCEPTION,  # pickup error / exception: still with us
    6: S.PICKED_UP,
    42: S.PICKED_UP,
    51: S.PICKED_UP,
    18: S.IN_TRANSIT,
    22: S.IN_TRANSIT,
    38: S.IN_TRANSIT,
    39: S.IN_TRANSIT,
    48: S.IN_TRANSIT,
    49: S.IN_TRANSIT,
    50: S.IN_TRANSIT,
    54: S.IN_TRANSIT,
    55: S.IN_TRANSIT,
    56: S.IN_TRANSIT,
    57: S.IN_TRANSIT,
    17: S.OUT_FOR_DELIVERY,
    7: S.DELIVERED,
    21: S.EXCEPTION,
    23: S.EXCEPTION,
    12: S.EXCEPTION,
    24: S.EXCEPTION,
    25: S.EXCEPTION,
    44: S.EXCEPTION,
    9: S.RETURNING,
    14: S.RETURNING,
    40: S.RETURNING,
    41: S.RETURNING,
    46: S.RETURNING,
    10: S.RETURNED,
    8: S.CANCELLED,
    16: S.CANCELLED,
    45: S.CANCELLED,
}
# Codes that need a person to look at the order: lost, destroyed, damaged, disposed of, partly delivered.
SHIPROCKET_NEEDS_REVIEW = frozenset({12, 23, 24, 25, 44})
_LABEL_STATUS = {
    "AWB ASSIGNED": S.AWB_ASSIGNED,
    "PICKUP SCHEDULED": S.AWB_ASSIGNED,
    "PICKUP GENERATED": S.AWB_ASSIGNED,
    "MANIFEST GENERATED": S.AWB_ASSIGNED,
    "OUT FOR PICKUP": S.AWB_ASSIGNED,
    "PICKED UP": S.PICKED_UP,
    "SHIPPED": S.PICKED_UP,
    "IN TRANSIT": S.IN_TRANSIT,
    "REACHED AT DESTINATION HUB": S.IN_TRANSIT,
    "OUT FOR DELIVERY": S.OUT_FOR_DELIVERY,
    "DELIVERED": S.DELIVERED,
    "UNDELIVERED": S.EXCEPTION,
    "RTO INITIATED": S.RETURNING,
    "RTO IN TRANSIT": S.RETURNING,
    "RTO DELIVERED": S.RETURNED,
    "CANCELED": S.CANCELLED,
    "CANCELLED": S.CANCELLED,
}
_TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%d %m %Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
)


def parse_time(value) -> datetime | None:
    """Shiprocket's timestamps are IST wall-clock strings in a few spellings; None when unreadable."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
        for fmt in _TIME_FORMATS:
            try:
                parsed = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=IST)
    return parsed.replace(microsecond=0)


def _parse_day(value) -> date | None:
    if not value or not isinstance(value, str):
        return None
    for fmt in ("%b %d, %Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def normalise_label(value) -> str:
    return " ".join(str(value or "").replace("_", " ").upper().split())[:80]


def status_for(code, label: str) -> str:
    """Our status for a Shiprocket report: by its numeric code, else by its label; "" when unknown."""
    try:
        mapped = SHIPROCKET_STATUS.get(int(code))
    except (TypeError, ValueError):
        mapped = None
    return mapped or _LABEL_STATUS.get(normalise_label(label), "")


def shiprocket_event(*, code, label, description="", location="", when, source) -> TrackingEvent:
    label = normalise_label(label) or str(code or "UPDATE")
    return TrackingEvent(
        status=status_for(code, label),
        label=label,
        code=str(code or "")[:16],
        description=str(description or "")[:300],
        location=str(location or "")[:200],
        occurred_at=when,
        source=source,
    )


@dataclass
class WebhookPush:
    awb: str
    event: TrackingEvent | None
    eta_date: date | None


def shiprocket_configured() -> bool:
    return bool(settings.SHIPROCKET_EMAIL and settings.SHIPROCKET_PASSWORD)


class ShiprocketProvider(ShippingProvider):
    """Shiprocket's REST API (apiv2.shiprocket.in/v1/external) with requests, SHIPROCKET_TIMEOUT_SECONDS
    per call. The API user's token (POST auth/login, valid 240 h) lives in Django's cache, shared by every
    worker, until shortly before it expires; a 401 drops it and logs in once more."""

    name = "shiprocket"

    def __init__(
        self,
        *,
        email: str | None = None,
        password: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        session: requests.Session | None = None,
    ):
        self.email = email if email is not None else settings.SHIPROCKET_EMAIL
        self.password = password if password is not None else settings.SHIPROCKET_PASSWORD
        self.base_url = (base_url or settings.SHIPROCKET_API_BASE).rstrip("/")
        self.timeout = timeout if timeout is not None else settings.SHIPROCKET_TIMEOUT_SECONDS
        self.session = session or requests.Session()

    # -- HTTP

    @property
    def token_cache_key(self) -> str:
        digest = hashlib.sha256(f"{self.base_url}|{self.email}".encode()).hexdigest()[:16]
        return f"shipping:shiprocket:token:{digest}"

    def _call(self, method: str, path: str, *, params=None, body=None, token: str | None = None):
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            response = self.session.request(
                method, f"{self.base_url}{path}", params=params, json=body, headers=headers, timeout=self.timeout
            )
        except requests.Timeout:
            raise ProviderUnavailable(f"Shiprocket did not answer {method} {path} within {self.timeout} s.") from None
        except requests.RequestException as exc:
            raise ProviderUnavailable(f"Shiprocket could not be reached ({type(exc).__name__}).") from None
        return response

    @staticmethod
    def _message(response) -> str:
        try:
            body = response.json()
        except ValueError:
            return response.text[:200]
        if isinstance(body, dict):
            message = body.get("message") or body.get("error") or ""
            errors = body.get("errors")
            if errors:
                message = f"{message} {json.dumps(errors)[:300]}".strip()
            return str(message)[:400]
        return str(body)[:200]

    def _json(self, response, what: str):
        if response.status_code >= 500 or response.status_code == 429:
            raise ProviderUnavailable(
                f"Shiprocket answered {response.status_code} to {what}.", status_code=response.status_code
            )
        if response.status_code >= 400:
            raise ShippingProviderError(
                f"Shiprocket refused {what} ({response.status_code}): {self._message(response)}",
                status_code=response.status_code,
            )
        try:
            return response.json()
        except ValueError:
            raise ProviderUnavailable(f"Shiprocket's answer to {what} is not JSON.") from None

    def _login(self) -> str:
        response = self._call("POST", "/v1/external/auth/login", body={"email": self.email, "password": self.password})
        if response.status_code in (400, 401, 403, 422):
            raise ShippingProviderError(
                "Shiprocket refused the API user's email and password.", status_code=response.status_code
            )
        token = (self._json(response, "the login") or {}).get("token")
        if not token:
            raise ProviderUnavailable("Shiprocket's login answer has no token.")
        cache.set(self.token_cache_key, token, self._token_ttl(token))
        logger.info("Logged in to Shiprocket as %s.", self.email)
        return token

    @staticmethod
    def _token_ttl(token: str) -> int:
        """Seconds to keep the token: until an hour before its `exp` claim, or 9 days (it lasts 10)."""
        try:
            payload = token.split(".")[1]
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            return max(60, int(claims["exp"] - time.time()) - 3600)
        except (IndexError, KeyError, TypeError, ValueError):
            return 9 * 24 * 3600

    def _token(self) -> str:
        return cache.get(self.token_cache_key) or self._login()

    def request(self, method: str, path: str, *, what: str, params=None, body=None):
        response = self._call(method, path, params=params, body=body, token=self._token())
        if response.status_code == 401:  # expired or revoked: log in again, once
            cache.delete(self.token_cache_key)
            response = self._call(method, path, params=params, body=body, token=self._login())
        return self._json(response, what)

    # -- Estimate

    def estimate(self, order_or_variant, pincode: str) -> Estimate:
        if not zones.is_valid_pincode(pincode):
            raise InvalidPincode(f"{pincode!r} is not a 6-digit Indian pincode.")
        parcel = parcel_for(order_or_variant)
        try:
            answer = self.request(
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

        def days(courier) -> int | None:
            try:
                return max(1, int(str(courier.get("estimated_delivery_days")).strip()))
            except (TypeError, ValueError):
                return None

        timed = [c for c in couriers if days(c) is not None]
        if not timed:
            raise ProviderUnavailable("Shiprocket's couriers carry no delivery estimate.")
        recommended = data.get("recommended_courier_company_id")
        chosen = next((c for c in timed if c.get("courier_company_id") == recommended), None) or min(
            timed, key=lambda c: (days(c), float(c.get("rate") or 0))
        )
        fastest = min(days(c) for c in timed)
        slowest = max(fastest, days(chosen))
        today = _today()
        eta = _parse_day(chosen.get("etd"))
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

    # -- Booking

    def order_payload(self, order) -> dict:
        address = order.shipping_address or {}
        name = (address.get("full_name") or order.user.full_name or "Customer").split()
        parcel = parcel_for(order)
        local = timezone.localtime(order.paid_at or order.created_at, IST)
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
            "billing_email": order.user.email,
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
            "payment_method": "Prepaid",
            "shipping_charges": str(order.shipping_fee),
            "giftwrap_charges": "0",
            "transaction_charges": "0",
            "total_discount": "0",
            "sub_total": str(order.subtotal),
            "length": parcel.length_cm,
            "breadth": parcel.breadth_cm,
            "height": parcel.height_cm,
            "weight": str(parcel.weight_kg),
        }

    def create_shipment(self, order) -> Shipment:
        shipment = order.shipment
        if not shipment.provider_shipment_id:
            answer = self.request(
                "POST", "/v1/external/orders/create/adhoc", what="the order creation", body=self.order_payload(order)
            )
            if not answer.get("shipment_id"):
                raise ShippingProviderError(f"Shiprocket did not create the order: {answer.get('message') or answer}")
            shipment.provider_order_id = str(answer.get("order_id") or "")
            shipment.provider_shipment_id = str(answer["shipment_id"])
            if answer.get("awb_code"):
                shipment.awb, shipment.courier = str(answer["awb_code"]), str(answer.get("courier_name") or "")
        if not shipment.awb:
            answer = self.request(
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
            self.request(
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
            shipment.eta_date = _mock_eta(order, shipment.pincode)
        return shipment

    # -- Tracking

    def track_report(self, shipment) -> TrackingReport:
        answer = self.request("GET", f"/v1/external/courier/track/awb/{shipment.awb}", what="the tracking")
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
                shiprocket_event(
                    code=scan.get("sr-status"),
                    label=label,
                    description=scan.get("activity"),
                    location=scan.get("location"),
                    when=when,
                    source="sync",
                )
            )
        track = (data.get("shipment_track") or [{}])[0] or {}
        eta = _parse_day(data.get("etd")) or _parse_day(track.get("edd"))
        return TrackingReport(events=events, eta_date=eta, tracking_url=str(data.get("track_url") or ""))

    @staticmethod
    def parse_webhook(payload: dict) -> WebhookPush:
        """Shiprocket's tracking push: awb, current_status, current_status_id, current_timestamp, etd, scans[]."""
        awb = str(payload.get("awb") or "").strip()
        when = parse_time(payload.get("current_timestamp"))
        if when is None:  # fall back to the newest scan's time
            times = [
                t for t in (parse_time(s.get("date")) for s in payload.get("scans") or [] if isinstance(s, dict)) if t
            ]
            when = max(times) if times else None
        code = payload.get("current_status_id") or payload.get("shipment_status_id")
        label = payload.get("current_status") or payload.get("shipment_status")
        event = None
        if when is not None and (label or code):
            scans = [s for s in payload.get("scans") or [] if isinstance(s, dict)]
            latest = scans[-1] if scans else {}
            event = shiprocket_event(
                code=code,
                label=label,
                description=latest.get("activity") or label,
                location=latest.get("location"),
                when=when,
                source="webhook",
            )
        return WebhookPush(awb=awb, event=event, eta_date=_parse_day(payload.get("etd")))

    def cancel(self, shipment) -> None:
        if shipment.provider_order_id:
            self.request(
                "POST",
                "/v1/external/orders/cancel",
                what="the cancellation",
                body={"ids": [int(shipment.provider_order_id)]},
            )


def _mock_eta(order, pincode: str) -> date | None:
    try:
        return MockShippingProvider().estimate(order, pincode).eta_date
    except ShippingProviderError:
        return None


def configured_provider_name() -> str:
    return ShiprocketProvider.name if shiprocket_configured() else MockShippingProvider.name


def get_provider(name: str | None = None) -> ShippingProvider:
    """The configured provider, or the one named (a shipment's own)."""
    name = name or configured_provider_name()
    if name == ShiprocketProvider.name:
        if not shiprocket_configured():
            raise ProviderUnavailable("Shiprocket credentials (SHIPROCKET_EMAIL, SHIPROCKET_PASSWORD) are not set.")
        return ShiprocketProvider()
    if name == MockShippingProvider.name:
        return MockShippingProvider()
    raise ValueError(f"Unknown shipping provider {name!r}")
