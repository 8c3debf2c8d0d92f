from collections.abc import Sequence

import pytest
from django.core.checks import CheckMessage
from django.core.checks.registry import registry
from pytest_django.fixtures import Settings

from tax.checks import document_prefixes, real_seller_gstin, seller_registration
from tax.gstin import InvalidGstin, gstin_state_code, validate_gstin
from tax.seller import DEMO_SELLER_GSTIN, seller

REAL_KARNATAKA_GSTIN = "29AAICA3918J1ZE"  # Amazon Seller Services, Bengaluru: a real registration's shape


def ids(found: Sequence[CheckMessage]) -> list[str | None]:
    return [message.id for message in found]


def test_the_demo_gstin_is_a_valid_karnataka_gstin() -> None:
    assert validate_gstin(DEMO_SELLER_GSTIN) == DEMO_SELLER_GSTIN
    assert gstin_state_code(DEMO_SELLER_GSTIN) == "29"


def test_seller_defaults_to_the_demo_store_in_bengaluru() -> None:
    current = seller()
    assert current.legal_name == "PhoneStore Retail Private Limited" and current.trade_name == "PhoneStore"
    assert current.gstin == DEMO_SELLER_GSTIN and current.pan == "AAFCP1234D"
    assert (current.state_code, current.state_name) == ("29", "Karnataka")
    assert "Bengaluru" in current.address


def test_seller_reads_the_settings_on_every_call(settings: Settings) -> None:
    settings.SELLER_GSTIN = " 27aaacr5055k1z7 "
    settings.SELLER_STATE_CODE = "27"
    settings.SELLER_LEGAL_NAME = "Example Retail LLP"
    settings.SELLER_EMAIL = "gst@example.in"
    settings.SELLER_PHONE = "+91 22 4000 0000"
    current = seller()
    assert current.gstin == "27AAACR5055K1Z7" and current.pan == "AAACR5055K"
    assert (current.state_code, current.state_name) == ("27", "Maharashtra")
    assert (current.legal_name, current.email, current.phone) == (
        "Example Retail LLP",
        "gst@example.in",
        "+91 22 4000 0000",
    )


def test_seller_refuses_a_configuration_the_checks_refuse(settings: Settings) -> None:
    settings.SELLER_GSTIN = "29AAFCP1234D1ZR"
    with pytest.raises(InvalidGstin):
        seller()
    settings.SELLER_GSTIN = DEMO_SELLER_GSTIN
    settings.SELLER_STATE_CODE = "25"
    with pytest.raises(ValueError):
        seller()


def test_the_defaults_pass_the_checks(settings: Settings) -> None:
    settings.DEBUG = True
    assert ids(seller_registration(None)) == ids(document_prefixes(None)) == ids(real_seller_gstin(None)) == []


def test_an_invalid_gstin_is_an_error_that_says_why(settings: Settings) -> None:
    settings.SELLER_GSTIN = "29AAFCP1234D1ZR"
    found = seller_registration(None)
    assert ids(found) == ["tax.E001"]
    assert "should be Q, not R" in found[0].msg
    settings.SELLER_GSTIN = ""
    assert ids(seller_registration(None)) == ["tax.E001"]
    settings.INVOICING_ENABLED = False  # no invoices, no GSTIN needed
    assert ids(seller_registration(None)) == []


@pytest.mark.parametrize("code", ["", "9", "99", "25", "Karnataka"])
def test_the_state_code_must_be_an_offered_one(settings: Settings, code: str) -> None:
    settings.SELLER_STATE_CODE = code
    found = seller_registration(None)
    assert ids(found) == ["tax.E002"] and "not a GST state code" in found[0].msg


def test_the_state_code_must_be_the_gstins(settings: Settings) -> None:
    settings.SELLER_STATE_CODE = "27"
    found = seller_registration(None)
    assert ids(found) == ["tax.E002"]
    assert "SELLER_STATE_CODE is 27 but SELLER_GSTIN is registered in state 29" in found[0].msg
    settings.SELLER_GSTIN = "27AAACR5055K1Z7"
    assert ids(seller_registration(None)) == []


def test_a_broken_gstin_and_state_code_are_both_reported(settings: Settings) -> None:
    settings.SELLER_GSTIN = "nonsense"
    settings.SELLER_STATE_CODE = "00"
    assert ids(seller_registration(None)) == ["tax.E001", "tax.E002"]


@pytest.mark.parametrize(
    ("invoice", "credit_note", "found"),
    [
        ("PS", "CN", []),
        ("A", "CN25", []),
        ("ps1", "cn", []),
        ("", "CN", ["tax.E003"]),
        ("PHONE", "CN", ["tax.E003"]),
        ("PS/", "CN", ["tax.E003"]),
        ("P S", "CN", ["tax.E003"]),
        ("PŚ", "CN", ["tax.E003"]),
        ("PS", "C-N", ["tax.E003"]),
        ("PS-1", "CN 1", ["tax.E003", "tax.E003"]),
        ("PS", "ps", ["tax.E003"]),
    ],
)
def test_document_prefixes(settings: Settings, invoice: str, credit_note: str, found: list[str]) -> None:
    settings.INVOICE_PREFIX = invoice
    settings.CREDIT_NOTE_PREFIX = credit_note
    assert ids(document_prefixes(None)) == found


def test_production_on_the_demo_gstin_is_warned(settings: Settings) -> None:
    settings.DEBUG = False
    assert ids(real_seller_gstin(None)) == ["tax.W001"]
    settings.SELLER_GSTIN = DEMO_SELLER_GSTIN.lower()
    assert ids(real_seller_gstin(None)) == ["tax.W001"]
    settings.INVOICING_ENABLED = False
    assert ids(real_seller_gstin(None)) == []
    settings.INVOICING_ENABLED = True
    settings.SELLER_GSTIN = REAL_KARNATAKA_GSTIN
    assert ids(real_seller_gstin(None)) == []
    settings.SELLER_GSTIN = DEMO_SELLER_GSTIN
    settings.DEBUG = True
    assert ids(real_seller_gstin(None)) == []


def test_the_app_registers_its_checks() -> None:
    assert {seller_registration, document_prefixes} <= set(registry.get_checks())
    assert real_seller_gstin not in registry.get_checks()
    assert real_seller_gstin in registry.get_checks(include_deployment_checks=True)
