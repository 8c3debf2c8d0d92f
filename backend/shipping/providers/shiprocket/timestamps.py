"""Shiprocket's dates and times: IST wall-clock strings in a few spellings."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

IST = ZoneInfo("Asia/Kolkata")

_TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%d %m %Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
)
_DAY_FORMATS = ("%b %d, %Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d-%m-%Y")


def parse_time(value: object) -> datetime | None:
    """An aware datetime (IST when the text names no zone), whole seconds; None when unreadable."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    parsed: datetime | None
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


def parse_day(value: object) -> date | None:
    if not value or not isinstance(value, str):
        return None
    for fmt in _DAY_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None
