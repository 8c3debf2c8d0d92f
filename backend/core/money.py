"""Money is Decimal. Gateways get integer minor units from here, the one place that knows exponents."""

from decimal import ROUND_HALF_UP, Decimal
from typing import TypedDict


class MoneyDigits(TypedDict):
    max_digits: int
    decimal_places: int


# The precision of every stored or serialized amount (`DecimalField(**MONEY)`): up to 9,999,999,999.99.
# A TypedDict, so type checkers match each key against the field's own parameter.
MONEY: MoneyDigits = {"max_digits": 12, "decimal_places": 2}

# ISO 4217 minor-unit exponents for the currencies we may charge in; unknown ones default to 2.
CURRENCY_EXPONENTS = {
    "JPY": 0,
    "KRW": 0,
    "VND": 0,
    "CLP": 0,
    "ISK": 0,
    "UGX": 0,
    "BHD": 3,
    "KWD": 3,
    "OMR": 3,
    "JOD": 3,
}


def currency_exponent(currency: str) -> int:
    return CURRENCY_EXPONENTS.get(currency.upper(), 2)


def quantize(amount: Decimal, currency: str = "INR") -> Decimal:
    exponent = currency_exponent(currency)
    return Decimal(amount).quantize(Decimal(1).scaleb(-exponent), rounding=ROUND_HALF_UP)


def to_minor_units(amount: Decimal, currency: str) -> int:
    """Decimal major units -> integer minor units (paise for INR, yen for JPY)."""
    if not isinstance(amount, Decimal):
        raise TypeError("money must be Decimal, never float")
    return int(quantize(amount, currency).scaleb(currency_exponent(currency)))


def from_minor_units(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-currency_exponent(currency))


def allocate(amount: int, weights: list[int]) -> list[int]:
    """Share `amount` minor units in proportion to `weights` by the largest-remainder method: each share is
    the floor of its exact part, and the units left over go to the largest remainders (earlier weights first
    on a tie), so the shares add up to `amount` exactly. With `amount` at most `sum(weights)`, no share exceeds
    its weight. The one rule for spreading money over lines: coupon discounts over cart lines, credit notes
    over invoice lines."""
    total = sum(weights)
    if not total:
        return [0] * len(weights)
    shares = [amount * w // total for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % total), i))
    for i in remainders[: amount - sum(shares)]:
        shares[i] += 1
    return shares


def indian_digits(amount: Decimal) -> str:
    """1,12,999.00: two decimals, digits grouped the Indian way (thousand, lakh, crore: 3, then 2s)."""
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(amount):.2f}".partition(".")
    head, tail = whole[:-3], whole[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return f"{'-' if amount < 0 else ''}{','.join([*groups, tail])}.{fraction}"
