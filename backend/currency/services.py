"""Exchange rates and the one conversion helper the gateways charge with.

The catalog is priced in the store currency (INR). convert() turns an INR amount into an amount in
another currency: the stored rate, times (1 + EXCHANGE_RATE_MARKUP_PERCENT / 100), in Decimal, rounded
half up to what the currency can be charged in (currency.units), with the minor units the gateway
expects. A rate older than EXCHANGE_RATE_MAX_AGE_HOURS is refused, never charged at.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from core.errors import ApplicationError
from currency import units
from currency.audit_hook import record_rate_change
from currency.error_codes import CurrencyErrorCode
from currency.models import ExchangeRate

ONE = Decimal(1)


@dataclass(frozen=True)
class Rate:
    currency: str
    market_rate: Decimal  # as stored: units of `currency` per 1 INR
    rate: Decimal  # what is charged: the market rate with the markup
    markup_percent: Decimal
    updated_at: datetime | None
    source: str


@dataclass(frozen=True)
class Conversion:
    """An INR amount expressed in another currency, ready to charge."""

    base_amount: Decimal
    base_currency: str
    currency: str
    amount: Decimal  # rounded to the currency's chargeable unit
    amount_minor: int  # what the gateway is sent
    rate: Rate

    def as_metadata(self) -> dict[str, Any]:
        """JSON-safe record of what was charged and at which rate (kept on the Payment)."""
        return {
            "amount": str(self.amount),
            "amount_minor": self.amount_minor,
            "currency": self.currency,
            "base_amount": str(self.base_amount),
            "base_currency": self.base_currency,
            "rate": str(self.rate.rate),
            "market_rate": str(self.rate.market_rate),
            "markup_percent": str(self.rate.markup_percent),
            "rate_source": self.rate.source,
            "rate_updated_at": self.rate.updated_at.isoformat() if self.rate.updated_at else None,
        }


def store_currency() -> str:
    return settings.STORE_CURRENCY.upper()


def normalise_code(currency: str) -> str:
    code = (currency or "").strip().upper()
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise ApplicationError(
            CurrencyErrorCode.CURRENCY_NOT_SUPPORTED,
            f"{currency!r} is not a currency code.",
            fields={"currency": ["A three-letter code such as USD."]},
        )
    return code


def max_age() -> timedelta:
    return timedelta(hours=settings.EXCHANGE_RATE_MAX_AGE_HOURS)


def markup_percent() -> Decimal:
    return Decimal(settings.EXCHANGE_RATE_MARKUP_PERCENT)


def _rate_from_row(row: ExchangeRate) -> Rate:
    markup = markup_percent()
    return Rate(
        currency=row.currency,
        market_rate=row.rate,
        rate=row.rate * (ONE + markup / 100),
        markup_percent=markup,
        updated_at=row.updated_at,
        source=row.source,
    )


def _identity() -> Rate:
    return Rate(
        currency=store_currency(),
        market_rate=ONE,
        rate=ONE,
        markup_percent=Decimal(0),
        updated_at=None,
        source="store currency",
    )


def is_fresh(row: ExchangeRate, now: datetime | None = None) -> bool:
    return (now or timezone.now()) - row.updated_at <= max_age()


def rate_for(currency: str, *, now: datetime | None = None) -> Rate:
    """The rate to charge `currency` at; refused (409) naming why there is none (missing or stale)."""
    code = normalise_code(currency)
    if code == store_currency():
        return _identity()
    row = ExchangeRate.objects.filter(currency=code).first()
    if row is None:
        raise ApplicationError(
            CurrencyErrorCode.EXCHANGE_RATE_UNAVAILABLE,
            f"There is no exchange rate for {code}; choose another currency.",
            fields={"currency": [f"No exchange rate for {code}."]},
        )
    if not is_fresh(row, now):
        hours = int(((now or timezone.now()) - row.updated_at).total_seconds() // 3600)
        raise ApplicationError(
            CurrencyErrorCode.EXCHANGE_RATE_STALE,
            f"The {code} exchange rate was last updated {hours} hours ago, more than the "
            f"{settings.EXCHANGE_RATE_MAX_AGE_HOURS} hours we accept; choose another currency or try again later.",
            fields={"currency": [f"The {code} rate is out of date."]},
        )
    return _rate_from_row(row)


def fresh_rates(currencies: Iterable[str], *, now: datetime | None = None) -> dict[str, Rate]:
    """{code: Rate} for those of `currencies` that can be charged now (the store currency always can),
    in the order given. One query."""
    codes = [c.upper() for c in currencies]
    rows = {row.currency: row for row in ExchangeRate.objects.filter(currency__in=codes)}
    fresh: dict[str, Rate] = {}
    for code in codes:
        if code == store_currency():
            fresh[code] = _identity()
        elif code in rows and is_fresh(rows[code], now):
            fresh[code] = _rate_from_row(rows[code])
    return fresh


def convert(amount: Decimal, currency: str, *, now: datetime | None = None) -> Conversion:
    """INR `amount` → `currency`, rounded half up to a chargeable amount, with its minor units."""
    if not isinstance(amount, Decimal):
        raise TypeError("money must be Decimal, never float")
    rate = rate_for(currency, now=now)
    converted = units.round_amount(amount * rate.rate, rate.currency)
    return Conversion(
        base_amount=amount,
        base_currency=store_currency(),
        currency=rate.currency,
        amount=converted,
        amount_minor=units.to_minor(converted, rate.currency),
        rate=rate,
    )


# --- Staff maintain the rates


def parse_rate(value: object) -> Decimal:
    try:
        rate = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ApplicationError(
            CurrencyErrorCode.INVALID_RATE,
            f"{value!r} is not a number.",
            fields={"rate": ["A positive decimal number."]},
        ) from None
    if not rate.is_finite() or rate <= 0:
        raise ApplicationError(
            CurrencyErrorCode.INVALID_RATE,
            "An exchange rate is a positive number.",
            fields={"rate": ["A positive decimal number."]},
        )
    field = ExchangeRate._meta.get_field("rate")
    if rate != rate.quantize(Decimal(1).scaleb(-field.decimal_places)) or rate >= Decimal(10) ** (
        field.max_digits - field.decimal_places
    ):
        raise ApplicationError(
            CurrencyErrorCode.INVALID_RATE,
            f"At most {field.decimal_places} decimal places and "
            f"{field.max_digits - field.decimal_places} integer digits.",
            fields={"rate": ["Too many digits."]},
        )
    return rate


def rate_values(row: ExchangeRate | None) -> dict[str, Any]:
    if row is None:
        return {}
    return {
        "rate": row.rate,
        "source": row.source,
        "updated_at": row.updated_at.isoformat() if row.updated_at else None,
    }


def set_rate(
    currency: str,
    rate: str | Decimal,
    *,
    source: str = "manual",
    actor: User | str | None = None,
    request: HttpRequest | None = None,
    at: datetime | None = None,
    audit_source: str = "command",
) -> ExchangeRate:
    """Create or change the rate for `currency` (units per 1 INR); audited (currency.audit_hook) in the name
    of `actor`: a user, or a string naming the system that made the change."""
    code = normalise_code(currency)
    if code == store_currency():
        raise ApplicationError(
            CurrencyErrorCode.INVALID_CURRENCY,
            f"{code} is the store currency; its rate is always 1.",
            fields={"currency": ["The store currency needs no rate."]},
        )
    value = parse_rate(rate)
    source = (source or "manual").strip()[:100]
    with transaction.atomic():
        row = ExchangeRate.objects.select_for_update().filter(currency=code).first()
        old = rate_values(row)
        if row is None:
            row = ExchangeRate(currency=code)
        row.rate, row.source, row.updated_at = value, source, at or timezone.now()
        row.updated_by = actor if isinstance(actor, User) else None
        row.full_clean()
        row.save()
        record_rate_change(row, old=old, new=rate_values(row), actor=actor, request=request, source=audit_source)
    return row
