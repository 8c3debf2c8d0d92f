"""`check --deploy` warns while the legal pages would name no grievance officer or the demo's made-up one."""

import pytest

from legal.checks import legal_facts
from legal.defaults import DEMO_GRIEVANCE_OFFICER

OWN = {
    "GRIEVANCE_OFFICER_NAME": "Meera Iyer",
    "GRIEVANCE_OFFICER_DESIGNATION": "Grievance Officer",
    "GRIEVANCE_OFFICER_EMAIL": "grievance@example.in",
    "GRIEVANCE_OFFICER_PHONE": "+91 80 4000 1235",
    "SELLER_EMAIL": "care@example.in",
    "SELLER_PHONE": "+91 80 4000 1234",
    "SELLER_ADDRESS": "1 MG Road, Bengaluru, Karnataka 560001",
}


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    for name, value in OWN.items():
        setattr(settings, name, value)
    return settings


def ids(settings):
    return [message.id for message in legal_facts(None)]


def test_the_stores_own_contacts_pass(production):
    assert ids(production) == []


@pytest.mark.parametrize("name", sorted(OWN))
def test_a_missing_contact_is_flagged(production, name):
    setattr(production, name, "")
    found = legal_facts(None)
    assert [m.id for m in found] == ["legal.W001"] and name in found[0].msg


def test_the_demo_officer_is_flagged(production):
    production.GRIEVANCE_OFFICER_EMAIL = DEMO_GRIEVANCE_OFFICER["GRIEVANCE_OFFICER_EMAIL"]
    assert ids(production) == ["legal.W002"]


def test_the_demo_is_fine_with_debug_on(settings):
    settings.DEBUG = True
    settings.SELLER_PHONE = ""
    assert ids(settings) == []
