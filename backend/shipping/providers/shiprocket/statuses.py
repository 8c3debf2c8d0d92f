"""Shiprocket's shipment status codes and labels (apidocs.shiprocket.in, "Shipments" and "Tracking")
mapped to our ShipmentStatus, and one scan or push turned into an unsaved TrackingEvent."""

from datetime import datetime

from shipping.models import ShipmentStatus, TrackingEvent

S = ShipmentStatus

STATUS_BY_CODE: dict[int, ShipmentStatus] = {
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
NEEDS_REVIEW = frozenset({12, 23, 24, 25, 44})
STATUS_BY_LABEL: dict[str, ShipmentStatus] = {
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


def normalise_label(value: object) -> str:
    return " ".join(str(value or "").replace("_", " ").upper().split())[:80]


def status_for(code: int | str | None, label: str) -> str:
    """Our status for a Shiprocket report: by its numeric code, else by its label; "" when unknown."""
    try:
        mapped = STATUS_BY_CODE.get(int(code)) if code is not None else None
    except (TypeError, ValueError):  # the wire may carry anything
        mapped = None
    if mapped is not None:
        return mapped
    return STATUS_BY_LABEL.get(normalise_label(label), "")


def needs_review(code: str) -> bool:
    return code.isdigit() and int(code) in NEEDS_REVIEW


def tracking_event(
    *,
    code: int | str | None,
    label: object,
    description: object = "",
    location: object = "",
    when: datetime,
    source: str,
) -> TrackingEvent:
    text = normalise_label(label) or str(code or "UPDATE")
    return TrackingEvent(
        status=status_for(code, text),
        label=text,
        code=str(code or "")[:16],
        description=str(description or "")[:300],
        location=str(location or "")[:200],
        occurred_at=when,
        source=source,
    )
