"""Who sells: the identity printed on every tax invoice, from the SELLER_* settings."""

from dataclasses import dataclass

from django.conf import settings

from tax.gstin import validate_gstin
from tax.states import state_name

# A made-up GSTIN (checksum-valid, Karnataka) so the demo can print invoices: it is no one's registration.
# `manage.py check --deploy` warns while it is in use (tax.W001).
DEMO_SELLER_GSTIN = "29AAFCP1234D1ZQ"


@dataclass(frozen=True)
class Seller:
    legal_name: str
    trade_name: str
    gstin: str
    address: str
    state_code: str
    state_name: str
    email: str
    phone: str

    @property
    def pan(self) -> str:
        """The PAN inside the GSTIN (characters 3 to 12): derived, so the two can never disagree."""
        return self.gstin[2:12]


def seller() -> Seller:
    """The seller as configured now, read on every call so that overridden settings (tests) apply.

    Raises ValueError (InvalidGstin) for a GSTIN or state code the system checks would have refused:
    no document goes out with a wrong one."""
    return Seller(
        legal_name=settings.SELLER_LEGAL_NAME,
        trade_name=settings.SELLER_TRADE_NAME,
        gstin=validate_gstin(settings.SELLER_GSTIN),
        address=settings.SELLER_ADDRESS,
        state_code=settings.SELLER_STATE_CODE,
        state_name=state_name(settings.SELLER_STATE_CODE),
        email=settings.SELLER_EMAIL,
        phone=settings.SELLER_PHONE,
    )
