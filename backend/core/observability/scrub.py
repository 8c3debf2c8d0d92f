"""Personal data out of logs and error reports: emails, Indian mobile numbers (10 digits, +91/91/0 before),
secrets in headers and fields. One set of rules for the log masks and Sentry's before_send."""

import re
from typing import Any

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# A 10-digit Indian mobile (starts 6-9), optionally after +91, 91 or 0, with spaces or dashes after the prefix.
PHONE = re.compile(r"(?<![\d])(?:(?:\+|00)?91[\s-]?|0)?[6-9]\d{4}[\s-]?\d{5}(?![\d])")
BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+")
FILTERED = "[Filtered]"

# Keys (any case, any part of the key) whose values never leave the process: secrets and personal fields.
SECRET_KEYS = re.compile(
    r"(?i)authorization|cookie|token|secret|password|passwd|api[-_]?key|signature|otp|code|session|csrf|"
    r"address|line1|line2|street|landmark|pincode|postal|city|phone|mobile|email|name|gstin|pan\b|card|upi|vpa"
)


def mask_email(email: str) -> str:
    """a***@example.in: enough to tell two addresses apart in a log, not to write to one."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def mask_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return f"******{digits[-4:]}" if len(digits) >= 4 else "***"


def text(value: str) -> str:
    """A free text with emails, mobile numbers and bearer tokens replaced."""
    value = EMAIL.sub(FILTERED, value)
    value = PHONE.sub(FILTERED, value)
    return BEARER.sub(r"\1 " + FILTERED, value)


def data(value: Any, depth: int = 0) -> Any:
    """A JSON-like structure with secret or personal keys' values filtered and every string scrubbed."""
    if depth > 12:
        return FILTERED
    if isinstance(value, dict):
        return {
            key: FILTERED if isinstance(key, str) and SECRET_KEYS.search(key) else data(item, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [data(item, depth + 1) for item in value]
    if isinstance(value, str):
        return text(value)
    return value


def shape(value: Any, depth: int = 0) -> Any:
    """A request body's shape without its text: keys kept, every string replaced, numbers and booleans kept
    unless one could be a mobile number. Bodies of a shop are mostly personal (addresses, names, notes)."""
    if depth > 12:
        return FILTERED
    if isinstance(value, dict):
        return {
            key: FILTERED if SECRET_KEYS.search(str(key)) else shape(item, depth + 1) for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [shape(item, depth + 1) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return FILTERED if PHONE.search(str(value)) else value
    return FILTERED
