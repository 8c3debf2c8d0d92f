"""How many minor units a charge in each currency has, as payment gateways (Stripe) count them.

Stripe's API differs from ISO 4217 in places, so this table follows Stripe's currency guide
(docs.stripe.com/currencies), not core.money's ISO exponents:
- zero-decimal currencies: the amount is in whole units (JPY 500 → 500);
- three-decimal currencies: the amount is in thousandths, and the last digit must be 0;
- ISK: two-decimal in the API, but only whole krónur may be charged (a multiple of 100).
Every other currency is two-decimal (USD 10.00 → 1000).
"""

from decimal import ROUND_HALF_UP, Decimal

ZERO_DECIMAL = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"}
)
THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})
WHOLE_UNITS_ONLY = frozenset({"ISK"})


def exponent(currency: str) -> int:
    """Digits after the decimal point in the API amount: JPY 0, USD 2, KWD 3."""
    code = currency.upper()
    if code in ZERO_DECIMAL:
        return 0
    if code in THREE_DECIMAL:
        return 3
    return 2


def step(currency: str) -> int:
    """The smallest chargeable increment in minor units: 10 for three-decimal currencies, 100 for ISK."""
    code = currency.upper()
    if code in THREE_DECIMAL:
        return 10
    if code in WHOLE_UNITS_ONLY:
        return 100
    return 1


def quantum(currency: str) -> Decimal:
    """The smallest chargeable amount in major units: USD 0.01, JPY 1, KWD 0.010, ISK 1.00."""
    return Decimal(step(currency)).scaleb(-exponent(currency))


def round_amount(amount: Decimal, currency: str) -> Decimal:
    """Round (half up) to an amount the currency can be charged in, shown with its exponent's digits."""
    if not isinstance(amount, Decimal):
        raise TypeError("money must be Decimal, never float")
    q = quantum(currency)
    units = (amount / q).to_integral_value(rounding=ROUND_HALF_UP)
    return (units * q).quantize(Decimal(1).scaleb(-exponent(currency)))


def to_minor(amount: Decimal, currency: str) -> int:
    """A chargeable Decimal amount → the integer the gateway expects. Refuses an amount that is not
    chargeable as given (round it with round_amount first): nothing is rounded silently here."""
    rounded = round_amount(amount, currency)
    if rounded != amount:
        raise ValueError(f"{amount} {currency} is not a chargeable amount; round it first ({rounded}).")
    return int(rounded.scaleb(exponent(currency)))


def from_minor(minor: int, currency: str) -> Decimal:
    return Decimal(int(minor)).scaleb(-exponent(currency))
