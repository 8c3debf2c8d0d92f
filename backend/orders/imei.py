"""IMEIs: what a valid one is, and made-up valid ones for the demo. Pure functions, no database.

An IMEI is 15 digits: an 8-digit Type Allocation Code (TAC: the model), a 6-digit serial and a check digit
computed with the Luhn algorithm over the first 14 (3GPP TS 23.003). Staff type or scan them with spaces or
hyphens ("49-015420-323751-8"); they are stored as the 15 digits.
"""

import random
import re

IMEI_LENGTH = 15
# Separators people and scanners put between the groups of digits; nothing else is taken away.
_SEPARATORS = re.compile(r"[\s-]+")
_DIGITS = re.compile(r"[0-9]+")  # ASCII only: \d would take other scripts' digits too
# TAC-looking prefixes for demo IMEIs: "35" and "86" are the reporting bodies most phones sold in India carry
# (BABT, TAF). The six digits after them are random, so a demo TAC may happen to be a real model's.
_DEMO_REPORTING_BODIES = ("35", "86")


class InvalidImei(ValueError):
    """Not an IMEI: `str()` is a sentence staff can act on."""


def luhn_check_digit(digits: str) -> int:
    """The Luhn check digit to append to `digits` (every second digit from the right is doubled)."""
    if not digits or not _DIGITS.fullmatch(digits):
        raise ValueError("Luhn works on a non-empty string of digits.")
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # the rightmost digit sits next to the check digit: doubled
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def luhn_valid(digits: str) -> bool:
    """True when the last digit of `digits` is the Luhn check digit of the ones before it."""
    if len(digits) < 2 or not _DIGITS.fullmatch(digits):
        return False
    return luhn_check_digit(digits[:-1]) == int(digits[-1])


def validate_imei(value: str) -> str:
    """The IMEI in `value` as 15 digits (spaces and hyphens removed), or InvalidImei saying what is wrong."""
    if not isinstance(value, str):
        raise InvalidImei("An IMEI is a string of 15 digits.")
    digits = _SEPARATORS.sub("", value)
    if not digits:
        raise InvalidImei("Enter the IMEI: 15 digits.")
    if not _DIGITS.fullmatch(digits):
        raise InvalidImei("An IMEI has digits only (spaces and hyphens are allowed between them).")
    if len(digits) != IMEI_LENGTH:
        raise InvalidImei(f"An IMEI has 15 digits; this has {len(digits)}.")
    if not luhn_valid(digits):
        raise InvalidImei("This is not a valid IMEI: its check digit (the last) does not match. Check for a typo.")
    return digits


def generate_imei(rng: random.Random | int | None = None, *, tac: str | None = None) -> str:
    """A valid IMEI for the demo: `tac` (8 digits; a made-up TAC-looking one by default), a random 6-digit
    serial and the Luhn check digit. `rng` is a random.Random or a seed, for repeatable IMEIs."""
    if not isinstance(rng, random.Random):
        rng = random.Random(rng)
    if tac is None:
        tac = rng.choice(_DEMO_REPORTING_BODIES) + f"{rng.randrange(10**6):06d}"
    if len(tac) != 8 or not _DIGITS.fullmatch(tac):
        raise ValueError("A TAC is 8 digits.")
    body = tac + f"{rng.randrange(10**6):06d}"
    return body + str(luhn_check_digit(body))
