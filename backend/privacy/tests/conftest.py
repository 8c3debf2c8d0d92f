"""A shopper with a history (addresses, a cart, a review, consents, two delivered and invoiced orders: one small, to
a consumer in their own state, one of ₹1,12,999 to another state) and another shopper with their own, so that a
download or an erasure can be checked for what it includes and what it leaves alone."""

from dataclasses import dataclass

import pytest

from accounts.models import OtpChallenge
from accounts.tests.factories import AddressFactory, UserFactory
from catalog.tests.factories import ReviewFactory
from conftest import client_for
from invoicing import services as invoicing
from invoicing.models import TaxDocument
from invoicing.tests.fixtures import pay, place, record_units
from orders.models import Order, OrderStatus
from orders.tests.fixtures import add_to_cart
from privacy import consents
from privacy.models import Channel, Purpose

SMALL_ADDRESS = {
    "full_name": "Asha Rao",
    "phone": "9876543210",
    "line1": "12 MG Road",
    "line2": "Flat 3",
    "landmark": "Near the metro",
    "city": "Bengaluru",
    "pincode": "560001",
}
BIG_ADDRESS = {
    "full_name": "Asha Rao",
    "phone": "9876543210",
    "line1": "7 Marine Drive",
    "city": "Mumbai",
    "pincode": "400020",
}


@dataclass
class History:
    user: object
    client: object
    small: Order
    big: Order
    invoices: list[TaxDocument]


def give(client, purpose=Purpose.MARKETING, channel=Channel.EMAIL):
    text = consents.text_for(purpose, channel)
    body = {"purpose": purpose, "channel": channel, "text_version": consents.version_of(text)}
    return client.post("/api/account/consents/", body, format="json")


def delivered(order):
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.DELIVERED)
    order.refresh_from_db()
    return order


@pytest.fixture
def history(db, dev_gateway, variant, flagship):
    user = UserFactory(email="asha@example.in", full_name="Asha Rao", phone="9876543210")
    client = client_for(user)
    small = place(client, [(variant, 1)], state_code="29", address=SMALL_ADDRESS)
    pay(small)
    big = place(client, [(flagship, 1)], state_code="27", address=BIG_ADDRESS)
    record_units(big)
    pay(big)
    invoices = [invoicing.issue_invoice(small.pk), invoicing.issue_invoice(big.pk)]
    AddressFactory(user=user, full_name="Asha Rao", line1="12 MG Road", is_default=True)
    AddressFactory(user=user, full_name="Asha at work", line1="Tech Park, Whitefield")
    ReviewFactory(user=user, product=variant.product, title="Asha's honest review", body="Battery lasts two days.")
    assert add_to_cart(client, variant).status_code in (200, 201)
    assert give(client).status_code == 201
    OtpChallenge.objects.create(user=user, channel="email", salt="s", code_hash="h", expires_at=user.date_joined)
    return History(user, client, delivered(small), delivered(big), invoices)


@pytest.fixture
def stranger(db, dev_gateway, make_variant):
    """Another shopper with an address, a review and an order of their own."""
    user = UserFactory(email="ravi@example.in", full_name="Ravi Kumar")
    client = client_for(user)
    phone = make_variant(price=1999, mrp=2499, stock=5)
    order = place(client, [(phone, 1)], state_code="19")
    AddressFactory(user=user, full_name="Ravi Kumar", line1="4 Park Street, Kolkata")
    ReviewFactory(user=user, product=phone.product, title="Ravi's review")
    give(client, channel=Channel.SMS)
    return user, order
