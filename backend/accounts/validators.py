import re

from django.core.validators import RegexValidator

# India Post pincodes: six digits, the first (the postal region) 1-9.
pincode_validator = RegexValidator(
    r"^[1-9][0-9]{5}$", "Enter a 6-digit Indian pincode that does not start with 0.", "invalid_pincode"
)
# Indian mobile numbers: ten digits starting 6-9 (no +91 or leading 0).
MOBILE_PATTERN = r"^[6-9][0-9]{9}$"
mobile_validator = RegexValidator(
    MOBILE_PATTERN, "Enter a 10-digit mobile number starting with 6, 7, 8 or 9.", "invalid_phone"
)

# How people write a mobile number: spaces, dashes, dots and brackets between digits, with +91, 0091, 91 or a
# trunk 0 in front. A leading "+" is only for the country code.
_SEPARATORS = re.compile(r"[\s\-.()]")
_PREFIXES = {10: "", 11: "0", 12: "91", 14: "0091"}  # digits in all → the prefix before the 10-digit number


def normalize_mobile(raw: str) -> str | None:
    """The 10-digit number in "+91 98765 43210", "098765 43210", "919876543210", "9876543210" ...; None for
    anything that is not an Indian mobile number (starting 6-9)."""
    text = raw.strip()
    plus = text.startswith("+")
    digits = _SEPARATORS.sub("", text[1:] if plus else text)
    if not digits.isascii() or not digits.isdigit():
        return None
    if plus:
        digits = "00" + digits  # "+91…" is "0091…"
    prefix = _PREFIXES.get(len(digits))
    if prefix is None or not digits.startswith(prefix):
        return None
    number = digits[len(prefix) :]
    return number if re.match(MOBILE_PATTERN, number) else None
