from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tax.split import TaxSplit, contained_tax, is_intra_state, split_inclusive

RATES = [Decimal(rate) for rate in ("0", "0.1", "0.25", "3", "5", "12", "18", "28")]


@pytest.mark.parametrize(
    ("total", "rate", "intra_state", "expected"),
    [
        # 398.00 at 18%: taxable 337.288… → 337.29, tax 60.71; 30.355 each way: CGST takes the odd paisa.
        (39800, "18", True, TaxSplit(taxable=33729, cgst=3036, sgst=3035, igst=0, rate=Decimal("18"))),
        (39800, "18", False, TaxSplit(taxable=33729, cgst=0, sgst=0, igst=6071, rate=Decimal("18"))),
        (11299900, "18", True, TaxSplit(taxable=9576186, cgst=861857, sgst=861857, igst=0, rate=Decimal("18"))),
        # 0.16 at 28%: taxable exactly 12.5 paise → 13 (half up), so the tax is 3 paise, not 4.
        (16, "28", False, TaxSplit(taxable=13, cgst=0, sgst=0, igst=3, rate=Decimal("28"))),
        (1, "18", True, TaxSplit(taxable=1, cgst=0, sgst=0, igst=0, rate=Decimal("18"))),
        (3, "40", True, TaxSplit(taxable=2, cgst=1, sgst=0, igst=0, rate=Decimal("40"))),
        (12800, "28.00", True, TaxSplit(taxable=10000, cgst=1400, sgst=1400, igst=0, rate=Decimal("28.00"))),
        (99999, "0", True, TaxSplit(taxable=99999, cgst=0, sgst=0, igst=0, rate=Decimal("0"))),
        (0, "18", False, TaxSplit(taxable=0, cgst=0, sgst=0, igst=0, rate=Decimal("18"))),
    ],
)
def test_examples(total: int, rate: str, intra_state: bool, expected: TaxSplit) -> None:
    split = split_inclusive(total, Decimal(rate), intra_state=intra_state)
    assert split == expected
    assert split.total == total and split.tax == expected.cgst + expected.sgst + expected.igst


@pytest.mark.parametrize(("total", "rate"), [(-1, "18"), (100, "-0.01"), (100, "40.01"), (100, "NaN"), (100, "Inf")])
def test_out_of_range_is_refused(total: int, rate: str) -> None:
    with pytest.raises(ValueError):
        split_inclusive(total, Decimal(rate), intra_state=True)


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        split_inclusive(100, 18.0, intra_state=True)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        split_inclusive(Decimal("100"), Decimal("18"), intra_state=True)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("total", "rate", "currency", "tax"),
    [
        ("398.00", "18", "INR", "60.71"),
        ("1280.00", "28.00", "INR", "280.00"),
        ("0.16", "28", "INR", "0.03"),
        ("112999.00", "18", "INR", "17237.14"),
        ("499.00", "0", "INR", "0.00"),
        ("0.00", "18", "INR", "0.00"),
        ("118", "18", "JPY", "18"),
    ],
)
def test_contained_tax_is_the_split_in_currency_units(total: str, rate: str, currency: str, tax: str) -> None:
    assert str(contained_tax(Decimal(total), Decimal(rate), currency)) == tax


def test_contained_tax_refuses_what_is_not_a_price() -> None:
    with pytest.raises(ValueError, match="whole number of minor units"):
        contained_tax(Decimal("1.005"), Decimal("18"))
    with pytest.raises(TypeError):
        contained_tax(1.5, Decimal("18"))  # type: ignore[arg-type]


def test_intra_state_is_the_seller_state_as_place_of_supply() -> None:
    assert is_intra_state("29", "29")
    assert not is_intra_state("29", "27")
    assert not is_intra_state("29", "97")


@pytest.mark.parametrize(("seller", "place"), [("29", "Karnataka"), ("Karnataka", "29"), ("29", "9"), ("25", "25")])
def test_intra_state_refuses_what_is_not_a_state_code(seller: str, place: str) -> None:
    with pytest.raises(ValueError, match="not a GST state code"):
        is_intra_state(seller, place)


lines = st.lists(
    st.tuples(st.integers(1, 50_000_000), st.integers(1, 5), st.sampled_from(RATES)),  # paise, quantity, rate
    min_size=1,
    max_size=20,
)


@hypothesis_settings(derandomize=True, deadline=None, max_examples=500)
@given(lines, st.booleans())
def test_any_basket_adds_up_to_the_paisa(basket: list[tuple[int, int, Decimal]], intra_state: bool) -> None:
    splits = []
    for unit_price, quantity, rate in basket:
        total = unit_price * quantity
        split = split_inclusive(total, rate, intra_state=intra_state)
        splits.append(split)
        assert split.taxable + split.cgst + split.sgst + split.igst == total == split.total
        assert 0 <= split.taxable <= total
        assert min(split.cgst, split.sgst, split.igst) >= 0
        if intra_state:
            assert split.igst == 0 and 0 <= split.cgst - split.sgst <= 1
        else:
            assert split.cgst == split.sgst == 0
        exact_tax = Fraction(total) * Fraction(rate) / (100 + Fraction(rate))
        assert abs(split.tax - exact_tax) <= Fraction(1, 2)
    grand_total = sum(price * quantity for price, quantity, _ in basket)
    assert sum(s.taxable for s in splits) + sum(s.cgst + s.sgst + s.igst for s in splits) == grand_total
    assert sum(s.total for s in splits) == grand_total
