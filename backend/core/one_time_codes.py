"""Six-digit one-time codes (sign-in, cash-on-delivery confirmation): made, stored and carried the same way.

Only a salted HMAC of a code is stored (`code_hash`); the code itself travels through the task broker sealed with
a one-time pad derived from SECRET_KEY and the row's own random salt (`seal`/`unseal`), so a reader of the queue
(Redis) learns nothing usable. `purpose` keeps the codes of one use from ever matching another's."""

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

CODE_DIGITS = 6
CODES: int = 10**CODE_DIGITS  # how many codes there are


def new_code() -> str:
    return f"{secrets.randbelow(CODES):0{CODE_DIGITS}d}"


def new_salt() -> str:
    return secrets.token_hex(16)


def code_hash(purpose: str, salt: str, code: str) -> str:
    return salted_hmac(purpose, f"{salt}:{code}", algorithm="sha256").hexdigest()


def matches(purpose: str, salt: str, stored_hash: str, code: str) -> bool:
    return constant_time_compare(stored_hash, code_hash(purpose, salt, code))


def _pad(purpose: str, row_id: int, salt: str) -> int:
    digest = salted_hmac(f"{purpose}.broker", f"{row_id}:{salt}", algorithm="sha256").digest()
    return int.from_bytes(digest[:8], "big") % CODES


def seal(purpose: str, row_id: int, salt: str, code: str) -> str:
    """The code as it travels through the task broker: meaningless without SECRET_KEY and the row."""
    return f"{(int(code) + _pad(purpose, row_id, salt)) % CODES:0{CODE_DIGITS}d}"


def unseal(purpose: str, row_id: int, salt: str, sealed: str) -> str:
    return f"{(int(sealed) - _pad(purpose, row_id, salt)) % CODES:0{CODE_DIGITS}d}"
