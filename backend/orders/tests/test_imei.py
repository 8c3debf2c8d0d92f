"""What a valid IMEI is: 15 digits whose last is the Luhn check digit of the first 14."""

import random

import pytest

from orders.imei import InvalidImei, generate_imei, luhn_check_digit, luhn_valid, validate_imei

# Valid IMEIs often used as examples (the first is the classic one, e.g. Wikipedia's "IMEI" article).
KNOWN_VALID = ["490154203237518", "356938035643809", "352099001761481"]


@pytest.mark.parametrize("imei", KNOWN_VALID)
def test_known_valid_imeis(imei):
    assert luhn_valid(imei)
    assert validate_imei(imei) == imei
    assert luhn_check_digit(imei[:14]) == int(imei[14])


def test_the_classic_luhn_example():
    assert luhn_valid("79927398713") and not luhn_valid("79927398710")


@pytest.mark.parametrize("imei", KNOWN_VALID)
def test_every_single_digit_typo_is_caught(imei):
    """Luhn catches any one wrong digit."""
    for position in range(15):
        for digit in "0123456789":
            if digit == imei[position]:
                continue
            typo = imei[:position] + digit + imei[position + 1 :]
            assert not luhn_valid(typo), typo
            with pytest.raises(InvalidImei, match="check digit"):
                validate_imei(typo)


@pytest.mark.parametrize("imei", KNOWN_VALID)
def test_most_swaps_of_neighbours_are_caught(imei):
    """Luhn catches the swap of two neighbouring digits, except 09 ↔ 90."""
    for position in range(14):
        a, b = imei[position], imei[position + 1]
        if a == b or {a, b} == {"0", "9"}:
            continue
        swapped = imei[:position] + b + a + imei[position + 2 :]
        assert not luhn_valid(swapped), swapped


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("49-015420-323751-8", "490154203237518"),
        ("49 015420 323751 8", "490154203237518"),
        (" 490154203237518\n", "490154203237518"),
        ("4901 5420 3237 518", "490154203237518"),
    ],
)
def test_spaces_and_hyphens_between_digits_are_dropped(value, expected):
    assert validate_imei(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter the IMEI: 15 digits."),
        ("   ", "Enter the IMEI: 15 digits."),
        ("49015420323751", "An IMEI has 15 digits; this has 14."),
        ("4901542032375180", "An IMEI has 15 digits; this has 16."),
        ("49015420323751A", "An IMEI has digits only (spaces and hyphens are allowed between them)."),
        ("490154.203237518", "An IMEI has digits only (spaces and hyphens are allowed between them)."),
        ("४९०१५४२०३२३७५१८", "An IMEI has digits only (spaces and hyphens are allowed between them)."),  # Devanagari
        (
            "490154203237519",
            "This is not a valid IMEI: its check digit (the last) does not match. Check for a typo.",
        ),
    ],
)
def test_invalid_imeis_say_why(value, message):
    with pytest.raises(InvalidImei) as refused:
        validate_imei(value)
    assert str(refused.value) == message
    assert isinstance(refused.value, ValueError)


def test_luhn_valid_refuses_what_is_not_digits():
    assert not luhn_valid("") and not luhn_valid("7") and not luhn_valid("49015420323751x")
    with pytest.raises(ValueError):
        luhn_check_digit("")


def test_generated_imeis_are_valid_and_look_like_phones():
    rng = random.Random(7)
    imeis = [generate_imei(rng) for _ in range(500)]
    assert all(validate_imei(imei) == imei for imei in imeis)
    assert all(imei[:2] in ("35", "86") for imei in imeis)  # a reporting body most phones carry
    assert len(set(imeis)) == 500


def test_generated_imeis_repeat_with_a_seed_and_take_a_tac():
    assert generate_imei(42) == generate_imei(42)
    assert generate_imei(42) != generate_imei(43)
    imei = generate_imei(1, tac="35332011")
    assert imei.startswith("35332011") and luhn_valid(imei)
    with pytest.raises(ValueError):
        generate_imei(1, tac="3533201")
