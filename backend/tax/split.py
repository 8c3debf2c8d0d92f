"""The one rounding rule for GST inside a GST-inclusive price, in integer paise.

Prices are shown and charged with GST included. For a line whose total is T paise at a rate of R%:

1. taxable value = T × 100 / (100 + R), rounded half up to a whole paisa (exact integer arithmetic on the
   Decimal rate, never floats);
2. tax = T − taxable value, so taxable value + tax is the price charged, to the paisa;
3. within one state (the seller's state is the place of supply): CGST = tax / 2 rounded half up and
   SGST = tax − CGST, so CGST carries the odd paisa; between states: IGST = tax. (In a union territory
   without a legislature the SGST half is levied as UTGST: same amount, another name on the invoice.)

The rule is applied once per invoice line, on the line's total (unit price × quantity), never per unit;
a document's totals are sums of its lines' figures, so they add up too. The cart's GST (`contained_tax`)
comes from the same rule, so the GST a shopper sees is the GST on the invoice.
"""

from dataclasses import dataclass
from decimal import Decimal

from core.money import from_minor_units, to_minor_units
from tax.states import is_state_code

MAX_RATE = Decimal("40")


@dataclass(frozen=True)
class TaxSplit:
    """One line's GST-inclusive total split into taxable value and taxes, all in paise."""

    taxable: int
    cgst: int
    sgst: int
    igst: int
    rate: Decimal

    @property
    def tax(self) -> int:
        return self.cgst + self.sgst + self.igst

    @property
    def total(self) -> int:
        return self.taxable + self.tax


def _half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, for a non-negative numerator and a positive denominator."""
    return (2 * numerator + denominator) // (2 * denominator)


def split_inclusive(total_paise: int, rate: Decimal, *, intra_state: bool) -> TaxSplit:
    """Split a GST-inclusive total (paise) at `rate` percent by the rule above."""
    if not isinstance(total_paise, int):
        raise TypeError("a total in paise is an int")
    if not isinstance(rate, Decimal):
        raise TypeError("a GST rate is a Decimal, never a float")
    if total_paise < 0:
        raise ValueError(f"A GST-inclusive total cannot be negative ({total_paise} paise).")
    if not rate.is_finite() or not 0 <= rate <= MAX_RATE:
        raise ValueError(f"A GST rate is between 0 and {MAX_RATE} percent, not {rate}.")
    numerator, denominator = rate.as_integer_ratio()
    # T × 100 / (100 + n/d) = T × 100d / (100d + n): whole numbers, so the rounding is exact.
    taxable = _half_up(total_paise * 100 * denominator, 100 * denominator + numerator)
    tax = total_paise - taxable
    if intra_state:
        cgst = _half_up(tax, 2)
        return TaxSplit(taxable=taxable, cgst=cgst, sgst=tax - cgst, igst=0, rate=rate)
    return TaxSplit(taxable=taxable, cgst=0, sgst=0, igst=tax, rate=rate)


def contained_tax(total: Decimal, rate: Decimal, currency: str = "INR") -> Decimal:
    """The GST inside a GST-inclusive amount, by `split_inclusive` (so the cart and the invoice agree).

    Refuses an amount finer than the currency's minor unit rather than rounding it first: such an amount
    is no price anyone was shown."""
    minor = to_minor_units(total, currency)
    if from_minor_units(minor, currency) != total:
        raise ValueError(f"{total} {currency} is not a whole number of minor units.")
    return from_minor_units(split_inclusive(minor, rate, intra_state=False).tax, currency)


def is_intra_state(seller_state: str, place_of_supply: str) -> bool:
    """CGST + SGST when the place of supply is the seller's own state, IGST otherwise. Both must be
    offered state codes: a name or a typo here would silently pick IGST."""
    for code in (seller_state, place_of_supply):
        if not is_state_code(code):
            raise ValueError(f"{code!r} is not a GST state code.")
    return seller_state == place_of_supply
