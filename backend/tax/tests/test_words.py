from decimal import Decimal

import pytest

from tax.words import amount_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "Zero"),
        ("0.00", "Zero"),
        ("1", "One"),
        ("7", "Seven"),
        ("10", "Ten"),
        ("11", "Eleven"),
        ("19", "Nineteen"),
        ("20", "Twenty"),
        ("21", "Twenty-One"),
        ("45", "Forty-Five"),
        ("99", "Ninety-Nine"),
        ("100", "One Hundred"),
        ("101", "One Hundred One"),
        ("110", "One Hundred Ten"),
        ("999", "Nine Hundred Ninety-Nine"),
        ("1000", "One Thousand"),
        ("1001", "One Thousand One"),
        ("1010", "One Thousand Ten"),
        ("10000", "Ten Thousand"),
        ("20500", "Twenty Thousand Five Hundred"),
        ("99999", "Ninety-Nine Thousand Nine Hundred Ninety-Nine"),
        ("100000", "One Lakh"),
        ("100001", "One Lakh One"),
        ("112999.00", "One Lakh Twelve Thousand Nine Hundred Ninety-Nine"),
        ("250000", "Two Lakh Fifty Thousand"),
        ("9999999", "Ninety-Nine Lakh Ninety-Nine Thousand Nine Hundred Ninety-Nine"),
        ("10000000", "One Crore"),
        ("10000001", "One Crore One"),
        ("10100000", "One Crore One Lakh"),
        ("123456789", "Twelve Crore Thirty-Four Lakh Fifty-Six Thousand Seven Hundred Eighty-Nine"),
        ("1000000000", "One Hundred Crore"),
        ("1E+3", "One Thousand"),
        # Past 99 crore the crores are counted in words of their own (thousand, lakh, crore): crore repeats.
        ("100000000000", "Ten Thousand Crore"),
        ("100000000000000", "One Crore Crore"),
        ("100000010000000", "One Crore One Crore"),
        (
            "12345678901234",
            "Twelve Lakh Thirty-Four Thousand Five Hundred Sixty-Seven Crore Eighty-Nine Lakh One Thousand "
            "Two Hundred Thirty-Four",
        ),
    ],
)
def test_rupees(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == f"Rupees {words} Only"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1.50", "Rupees One and Fifty Paise Only"),
        ("1.5", "Rupees One and Fifty Paise Only"),
        ("1.500", "Rupees One and Fifty Paise Only"),
        ("0.01", "Rupees Zero and One Paisa Only"),
        ("0.05", "Rupees Zero and Five Paise Only"),
        ("0.99", "Rupees Zero and Ninety-Nine Paise Only"),
        ("100.10", "Rupees One Hundred and Ten Paise Only"),
        ("1234567.89", "Rupees Twelve Lakh Thirty-Four Thousand Five Hundred Sixty-Seven and Eighty-Nine Paise Only"),
        (
            "9999999999.99",  # the largest stored amount (core.money.MONEY)
            "Rupees Nine Hundred Ninety-Nine Crore Ninety-Nine Lakh Ninety-Nine Thousand Nine Hundred Ninety-Nine "
            "and Ninety-Nine Paise Only",
        ),
    ],
)
def test_paise(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == words


def test_digits_beyond_the_decimal_context_stay_exact() -> None:
    """30 significant digits: a Decimal multiplication would round them (context precision 28)."""
    amount = Decimal("1" + "0" * 27 + ".01")
    assert amount_in_words(amount) == "Rupees Ten Lakh Crore Crore Crore and One Paisa Only"


@pytest.mark.parametrize("amount", ["-1", "-0.01", "1.001", "0.005", "12.345", "NaN", "Infinity", "-Infinity"])
def test_refusals(amount: str) -> None:
    with pytest.raises(ValueError):
        amount_in_words(Decimal(amount))


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        amount_in_words(1.5)  # type: ignore[arg-type]
