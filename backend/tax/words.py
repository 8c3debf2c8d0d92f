"""An invoice's total in words, the Indian way: thousand, lakh (1,00,000), crore (1,00,00,000).

Beyond 99 crore the crores are counted in the same words, so "crore" repeats (1,00,00,00,00,00,000 is
"One Crore Crore"), as Indian accounts write it.
"""

from decimal import Decimal

_ONES = (
    "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine",
    "Ten", "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen",
)  # fmt: skip
_TENS = ("", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety")
_CRORE = 10**7


def _below_hundred(number: int) -> str:
    if number < 20:
        return _ONES[number]
    tens, ones = divmod(number, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def _words(number: int) -> str:
    """A positive whole number in words."""
    parts = []
    crores, number = divmod(number, _CRORE)
    if crores:
        parts.append(f"{_words(crores)} Crore")
    for unit, name in ((10**5, "Lakh"), (1000, "Thousand"), (100, "Hundred")):
        count, number = divmod(number, unit)
        if count:
            parts.append(f"{_below_hundred(count)} {name}")
    if number:
        parts.append(_below_hundred(number))
    return " ".join(parts)


def amount_in_words(amount: Decimal) -> str:
    """ "Rupees One Lakh Twelve Thousand Nine Hundred Ninety-Nine Only"; paise follow when not zero
    ("Rupees One and Fifty Paise Only"). Refuses negatives and amounts finer than a paisa rather than
    round: the words must say exactly the figure printed beside them."""
    if not isinstance(amount, Decimal):
        raise TypeError("money must be Decimal, never float")
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"An amount in words must be zero or more, not {amount}.")
    numerator, denominator = amount.as_integer_ratio()  # exact, however many digits
    if numerator * 100 % denominator:
        raise ValueError(f"An amount in words has at most 2 decimal places, not {amount}.")
    rupees, paise = divmod(numerator * 100 // denominator, 100)
    text = "Rupees " + (_words(rupees) if rupees else "Zero")
    if paise:
        text += f" and {_below_hundred(paise)} {'Paisa' if paise == 1 else 'Paise'}"
    return text + " Only"
