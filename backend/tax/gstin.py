"""GSTIN: the 15-character GST identification number printed on every tax invoice.

Layout: 2-digit state code, the holder's 10-character PAN (AAAAA9999A), an entity number (1-9, then A-Z:
the holder's n-th registration in that state), 'Z', and a check character computed by GSTN over the first
14 (`gstin_check_character`). Validation names the first rule broken, so a shopper or an operator knows
which character to look at.
"""

import re

from django.core.exceptions import ValidationError

from tax.states import LEGACY_GSTIN_STATE_CODES, STATES

GSTIN_LENGTH = 15
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_PAN = re.compile(r"[A-Z]{5}[0-9]{4}[A-Z]")


class InvalidGstin(ValueError):
    """A GSTIN that breaks a rule; the message says which."""


def gstin_check_character(first14: str) -> str:
    """GSTN's check character: base 36, weights 1, 2, 1, 2, ... from the left, each product folded to
    p // 36 + p % 36, and the character that brings the sum to a multiple of 36."""
    if len(first14) != GSTIN_LENGTH - 1 or any(char not in _ALPHABET for char in first14):
        raise InvalidGstin(f"The check character is computed over 14 characters from 0-9 and A-Z, not {first14!r}.")
    total = 0
    for position, char in enumerate(first14):
        product = _ALPHABET.index(char) * (1 if position % 2 == 0 else 2)
        total += product // 36 + product % 36
    return _ALPHABET[(36 - total % 36) % 36]


def validate_gstin(value: str) -> str:
    """The GSTIN uppercased and stripped, or InvalidGstin saying what is wrong."""
    gstin = value.strip().upper()
    if len(gstin) != GSTIN_LENGTH:
        raise InvalidGstin(f"A GSTIN has {GSTIN_LENGTH} characters; this one has {len(gstin)}.")
    if any(char not in _ALPHABET for char in gstin):
        raise InvalidGstin("A GSTIN has only the letters A-Z and the digits 0-9.")
    state = gstin[:2]
    if state not in STATES and state not in LEGACY_GSTIN_STATE_CODES:
        raise InvalidGstin(f"A GSTIN starts with a GST state code; {state} is not one.")
    if not _PAN.fullmatch(gstin[2:12]):
        raise InvalidGstin(
            f"Characters 3 to 12 of a GSTIN are the holder's PAN, five letters, four digits and a letter "
            f"(AAAAA9999A); {gstin[2:12]} is not."
        )
    if gstin[12] == "0":
        raise InvalidGstin("Character 13 of a GSTIN (the registration's number) is 1-9 or A-Z, never 0.")
    if gstin[13] != "Z":
        raise InvalidGstin(f"Character 14 of a GSTIN is always Z, not {gstin[13]}.")
    expected = gstin_check_character(gstin[:14])
    if gstin[14] != expected:
        raise InvalidGstin(
            f"The last character of this GSTIN should be {expected}, not {gstin[14]}: "
            f"a character is mistyped somewhere."
        )
    return gstin


def gstin_state_code(gstin: str) -> str:
    """The state code a valid GSTIN was issued under (a legacy 25 or 28 stays as it is)."""
    return validate_gstin(gstin)[:2]


def gstin_validator(value: str) -> None:
    """validate_gstin as a Django field validator (model and form fields)."""
    try:
        validate_gstin(value)
    except InvalidGstin as exc:
        raise ValidationError(str(exc), code="invalid_gstin") from exc
