"""Shiprocket's tracking push (its token is checked by the view before the body is read)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from shipping.models import TrackingEvent
from shipping.providers.shiprocket.statuses import tracking_event
from shipping.providers.shiprocket.timestamps import parse_day, parse_time


@dataclass
class WebhookPush:
    awb: str
    event: TrackingEvent | None  # None when the push names no status or no time
    eta_date: date | None


def parse_push(payload: Mapping[str, Any]) -> WebhookPush:
    """awb, current_status, current_status_id, current_timestamp, etd, scans[] → one report."""
    awb = str(payload.get("awb") or "").strip()
    scans = [s for s in payload.get("scans") or [] if isinstance(s, dict)]
    when = parse_time(payload.get("current_timestamp"))
    if when is None:  # fall back to the newest scan's time
        times = [t for t in (parse_time(s.get("date")) for s in scans) if t]
        when = max(times) if times else None
    code = payload.get("current_status_id") or payload.get("shipment_status_id")
    label = payload.get("current_status") or payload.get("shipment_status")
    event = None
    if when is not None and (label or code):
        latest = scans[-1] if scans else {}
        event = tracking_event(
            code=code,
            label=label,
            description=latest.get("activity") or label,
            location=latest.get("location"),
            when=when,
            source="webhook",
        )
    return WebhookPush(awb=awb, event=event, eta_date=parse_day(payload.get("etd")))
