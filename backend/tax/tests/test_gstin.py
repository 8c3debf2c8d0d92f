import string

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tax.gstin import (
    GSTIN_LENGTH,
    InvalidGstin,
    gstin_check_character,
    gstin_state_code,
    gstin_validator,
    validate_gstin,
)
from tax.states import LEGACY_GSTIN_STATE_CODES, STATES

ALPHABET = string.digits + string.ascii_uppercase

# Registrations printed on these companies' own invoices and in public filings (each check character
# confirmed by gstin_check_character, not taken on trust).
PUBLISHED = {
    "27AAACR5055K1Z7": "27",  # Reliance Industries Limited, Maharashtra
    "24AAACR5055K1ZD": "24",  # Reliance Industries Limited, Gujarat (Jamnagar)
    "07AAACB2894G1ZP": "07",  # Bharti Airtel Limited, Delhi
    "33AAACB2894G1ZU": "33",  # Bharti Airtel Limited, Tamil Nadu
    "29AAICA3918J1ZE": "29",  # Amazon Seller Services Private Limited, Karnataka
    "29AAFCB7707D1ZQ": "29",  # Bundl Technologies Private Limited (Swiggy), Karnataka
}


@pytest.mark.parametrize(("gstin", "state"), PUBLISHED.items())
def test_published_gstins_validate(gstin: str, state: str) -> None:
    assert gstin_check_character(gstin[:14]) == gstin[14]
    assert validate_gstin(gstin) == gstin
    assert gstin_state_code(gstin) == state
    gstin_validator(gstin)


def test_input_is_normalised() -> None:
    assert validate_gstin(" 27aaacr5055k1z7\n") == "27AAACR5055K1Z7"
    assert gstin_state_code("29aaica3918j1ze") == "29"


@pytest.mark.parametrize("gstin", PUBLISHED)
def test_every_single_character_change_is_refused(gstin: str) -> None:
    """Weights 1 and 2 fold to permutations of 0-35, so any one substituted character moves the sum."""
    for position in range(GSTIN_LENGTH):
        for char in ALPHABET.replace(gstin[position], ""):
            mutated = gstin[:position] + char + gstin[position + 1 :]
            with pytest.raises(InvalidGstin):
                validate_gstin(mutated)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "A GSTIN has 15 characters; this one has 0."),
        ("27AAACR5055K1Z", "A GSTIN has 15 characters; this one has 14."),
        ("27AAACR5055K1Z77", "A GSTIN has 15 characters; this one has 16."),
        ("27AAACR5055K1Z 7", "A GSTIN has 15 characters; this one has 16."),
        ("27AAACR-055K1Z7", "only the letters A-Z and the digits 0-9"),
        ("27AAACR5055K1Zé", "only the letters A-Z and the digits 0-9"),
        ("99AAACR5055K1Z7", "A GSTIN starts with a GST state code; 99 is not one."),
        ("00AAACR5055K1Z7", "00 is not one"),
        (
            "27AAAC55055K1Z7",
            "the holder's PAN, five letters, four digits and a letter (AAAAA9999A); AAAC55055K is not.",
        ),
        ("27AAACR505AK1Z7", "AAACR505AK is not"),
        ("27AAACR505571Z7", "AAACR50557 is not"),
        ("27AAACR5055K0Z7", "Character 13 of a GSTIN (the registration's number) is 1-9 or A-Z, never 0."),
        ("27AAACR5055K1X7", "Character 14 of a GSTIN is always Z, not X."),
        ("27AAACR5055K1Z8", "The last character of this GSTIN should be 7, not 8"),
    ],
)
def test_the_message_says_what_is_wrong(value: str, message: str) -> None:
    with pytest.raises(InvalidGstin) as refused:
        validate_gstin(value)
    assert message in str(refused.value)


@pytest.mark.parametrize("state", sorted(LEGACY_GSTIN_STATE_CODES))
def test_gstins_issued_under_a_retired_state_code_still_validate(state: str) -> None:
    first14 = f"{state}AAACR5055K1Z"
    gstin = first14 + gstin_check_character(first14)
    assert validate_gstin(gstin) == gstin and gstin_state_code(gstin) == state


@pytest.mark.parametrize("first14", ["27AAACR5055K1", "27AAACR5055K1Z7", "27aaacr5055k1z", "27AAACR5055K1-"])
def test_the_check_character_needs_14_characters_of_its_alphabet(first14: str) -> None:
    with pytest.raises(InvalidGstin, match="14 characters"):
        gstin_check_character(first14)


def test_the_django_validator_raises_validation_error_with_the_message() -> None:
    with pytest.raises(ValidationError) as refused:
        gstin_validator("27AAACR5055K1Z8")
    assert refused.value.code == "invalid_gstin"
    assert refused.value.messages == [
        "The last character of this GSTIN should be 7, not 8: a character is mistyped somewhere."
    ]


first14s = st.builds(
    lambda state, letters, digits, letter, entity: f"{state}{letters}{digits}{letter}{entity}Z",
    st.sampled_from(sorted({*STATES, *LEGACY_GSTIN_STATE_CODES})),
    st.text(string.ascii_uppercase, min_size=5, max_size=5),
    st.text(string.digits, min_size=4, max_size=4),
    st.sampled_from(string.ascii_uppercase),
    st.sampled_from(ALPHABET[1:]),
)


@hypothesis_settings(derandomize=True, deadline=None, max_examples=300)
@given(first14s)
def test_the_check_character_completes_any_well_formed_gstin_and_no_other_does(first14: str) -> None:
    check = gstin_check_character(first14)
    assert validate_gstin(first14 + check) == first14 + check
    for other in ALPHABET.replace(check, ""):
        with pytest.raises(InvalidGstin, match=f"should be {check}, not {other}"):
            validate_gstin(first14 + other)
