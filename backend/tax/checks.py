"""System checks of the seller's configuration: an invoice with a wrong GSTIN, state or number series is
a wrong tax document, so a misconfigured store must not start issuing them."""

import re
from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from tax.gstin import InvalidGstin, gstin_state_code
from tax.seller import DEMO_SELLER_GSTIN
from tax.states import is_state_code

_PREFIX = re.compile(r"[A-Za-z0-9]{1,4}")


@register()
def seller_registration(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    found: list[CheckMessage] = []
    gstin_state = None
    try:
        gstin_state = gstin_state_code(settings.SELLER_GSTIN)
    except InvalidGstin as exc:
        if settings.INVOICING_ENABLED:
            found.append(
                Error(
                    f"SELLER_GSTIN {settings.SELLER_GSTIN!r} is not a valid GSTIN: {exc}",
                    hint="Set SELLER_GSTIN to the store's GSTIN, or INVOICING_ENABLED=0 to issue no invoices.",
                    id="tax.E001",
                )
            )
    code = settings.SELLER_STATE_CODE
    if not is_state_code(code):
        found.append(
            Error(
                f"SELLER_STATE_CODE {code!r} is not a GST state code.",
                hint="Two digits, as in the GSTIN: 29 for Karnataka, 27 for Maharashtra (backend/tax/states.py).",
                id="tax.E002",
            )
        )
    elif gstin_state is not None and gstin_state != code:
        found.append(
            Error(
                f"SELLER_STATE_CODE is {code} but SELLER_GSTIN is registered in state {gstin_state}.",
                hint="A GSTIN belongs to one state: set the code of the state the GSTIN was issued in.",
                id="tax.E002",
            )
        )
    return found


@register()
def document_prefixes(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """A prefix opens every invoice or credit-note number, which GST caps at 16 characters and wants unique in
    a financial year: short, plain, and the two series apart."""
    found: list[CheckMessage] = []
    for name in ("INVOICE_PREFIX", "CREDIT_NOTE_PREFIX"):
        value = getattr(settings, name)
        if not _PREFIX.fullmatch(value):
            found.append(Error(f"{name} must be 1 to 4 letters or digits, not {value!r}.", id="tax.E003"))
    # Returns filed on the GST portal compare document numbers without regard to case.
    if settings.INVOICE_PREFIX.upper() == settings.CREDIT_NOTE_PREFIX.upper():
        found.append(
            Error(
                "INVOICE_PREFIX and CREDIT_NOTE_PREFIX are the same: invoices and credit notes would share numbers.",
                id="tax.E003",
            )
        )
    return found


@register(deploy=True)
def real_seller_gstin(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """The demo GSTIN is fine for a demo; in production every invoice would carry a number that is no one's."""
    if settings.INVOICING_ENABLED and not settings.DEBUG and settings.SELLER_GSTIN.upper() == DEMO_SELLER_GSTIN:
        return [
            Warning(
                "SELLER_GSTIN is the demo value: invoices would carry a GSTIN that belongs to no one.",
                hint="Set SELLER_GSTIN, SELLER_STATE_CODE, SELLER_LEGAL_NAME and SELLER_ADDRESS to the store's own "
                "registration.",
                id="tax.W001",
            )
        ]
    return []
