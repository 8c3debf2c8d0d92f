"""Checkout with cash on delivery: the rules checked again, the order placed unpaid in CONFIRMATION_PENDING for
COD_CONFIRM_MINUTES, its fee a line of its own taxed like shipping."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from invoicing.services import invoice_lines
from orders.models import Order
from orders.tests.fixtures import INLINE_ADDRESS, add_to_cart, checkout
from payments.models import CodStanding

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cod_settings(settings):
    settings.SHIPROCKET_EMAIL = settings.SHIPROCKET_PASSWORD = ""
    settings.SHIPPING_ORIGIN_PINCODE = "560001"
    settings.COD_ENABLED = True
    settings.COD_MAX_ORDER_VALUE = Decimal("50000")
    settings.COD_FEE = Decimal("50")
    settings.COD_CONFIRM_MINUTES = 30
    return settings


def test_a_cod_order_is_placed_awaiting_confirmation_with_its_fee(auth_client, variant):
    stock = variant.stock
    add_to_cart(auth_client, variant, 1)  # ₹19,999 at 18%, free shipping

    response = checkout(auth_client, method="cod")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "CONFIRMATION_PENDING" and body["payment_method"] == "cod"
    order = Order.objects.get(pk=body["id"])
    assert order.cod_fee == Decimal("50.00") and order.total == Decimal("20049.00")
    # ₹50 at 18% inclusive: 7.63 of GST, on top of the phone's 3,050.69
    assert order.tax_total == Decimal("3050.69") + Decimal("7.63")
    remaining = order.reserved_until - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    variant.refresh_from_db()
    assert variant.stock == stock - 1
    lines = invoice_lines(order)
    assert lines[-1].description == "Cash on delivery charges" and lines[-1].rate == Decimal("18.00")
    assert sum(line.split.total for line in lines) == 2004900


@pytest.mark.parametrize(
    "setup,expected",
    [
        (lambda user, address: CodStanding.objects.create(user=user, rto_count=2, blocked=True), ["customer_blocked"]),
        (lambda user, address: address.update(pincode="190001"), ["pincode_not_serviceable"]),
    ],
)
def test_checkout_checks_the_rules_again(auth_client, user, variant, setup, expected):
    address = dict(INLINE_ADDRESS)
    setup(user, address)
    add_to_cart(auth_client, variant, 1)
    response = checkout(auth_client, method="cod", address=address)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "cod_not_offered" and error["fields"]["reasons"] == expected
    assert not Order.objects.exists()


def test_over_the_limit_is_refused(auth_client, variant):
    add_to_cart(auth_client, variant, 3)  # ₹59,997
    response = checkout(auth_client, method="cod")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["reasons"] == ["order_value_too_high"]
    assert not Order.objects.exists()


def test_a_repeat_of_a_placed_cod_checkout_returns_its_order_whatever_the_rules_say_now(auth_client, user, variant):
    add_to_cart(auth_client, variant, 1)
    first = checkout(auth_client, method="cod", key="cod-once")
    assert first.status_code == 201
    # Blocked since (say, another parcel came back): the retry of the placed checkout still gets its order.
    CodStanding.objects.create(user=user, rto_count=2, blocked=True)
    again = checkout(auth_client, method="cod", key="cod-once")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Order.objects.count() == 1
    # A new checkout is refused as before.
    add_to_cart(auth_client, variant, 1)
    assert checkout(auth_client, method="cod", key="cod-twice").status_code == 400
