"""Confirming a cash-on-delivery order with the code sent to its mobile: right, wrong, too many, expired, someone
else's; resends; the expiry sweep; and the booking that follows, as COD."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import User
from orders.models import Order, OrderStatus
from orders.services import expire_unpaid_orders
from orders.tests.fixtures import add_to_cart, checkout
from payments import cod_services
from payments.models import CodConfirmation
from shipping.models import Shipment
from sms.tests.fixtures import template_id_for

pytestmark = pytest.mark.django_db


SENT: list[dict] = []  # this test's messages, as the MSG91 stand-in took them


@pytest.fixture(autouse=True)
def cod_settings(settings, msg91):
    settings.SHIPROCKET_EMAIL = settings.SHIPROCKET_PASSWORD = ""
    settings.SHIPPING_ORIGIN_PINCODE = "560001"
    settings.SHIPPING_AUTO_CREATE = True
    settings.COD_ENABLED = True
    settings.COD_FEE = Decimal("0")
    settings.COD_CONFIRM_MINUTES = 30
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    SENT[:] = []
    msg91.sent = SENT
    return settings


def last_code():
    latest = [sent for sent in SENT if sent["template_id"] == template_id_for("cod_code")][-1]
    return re.match(r"^(\d{6}) ", latest["text"]).group(1)


@pytest.fixture
def placed(auth_client, variant, commit):
    def place(quantity=1):
        add_to_cart(auth_client, variant, quantity)
        with commit():
            response = checkout(auth_client, method="cod")
        assert response.status_code == 201, response.content
        return Order.objects.get(pk=response.json()["id"])

    return place


def confirm(client, order, code):
    return client.post(f"/api/orders/{order.pk}/cod/confirm/", {"code": code}, format="json")


def test_the_code_goes_to_the_orders_mobile_and_confirms_it(auth_client, placed, commit):
    order = placed()
    [sent] = SENT
    assert sent["template_id"] == template_id_for("cod_code") and sent["mobiles"] == "919123456780"
    assert sent["variables"] == {"otp": last_code(), "order": order.number, "amount": "19,999.00", "minutes": "30"}
    assert sent["text"].endswith(
        f"order {order.number} of Rs 19,999.00. It expires in 30 minutes. Never share it with anyone."
    )
    confirmation = CodConfirmation.objects.get(order=order)
    assert confirmation.channel == "sms" and last_code() not in confirmation.code_hash

    with commit():
        response = confirm(auth_client, order, last_code())

    assert response.status_code == 200, response.content
    order.refresh_from_db()
    # Confirmed, then booked with the (mock) carrier as COD: an accessory needs no IMEI, so it is packed at once.
    assert order.status == OrderStatus.PACKED and order.reserved_until is None and order.paid_at is None
    assert list(order.transitions.values_list("to_status", flat=True)) == [
        "CONFIRMATION_PENDING",
        "CONFIRMED",
        "PACKED",
    ]
    shipment = Shipment.objects.get(order=order)
    assert shipment.awb and shipment.metadata["payment_method"] == "COD"
    assert shipment.metadata["collect"] == str(order.total)
    assert mail.outbox and "cash when it arrives" in mail.outbox[-1].body


def test_a_wrong_code_says_the_tries_left_and_too_many_burn_it(auth_client, placed):
    order = placed()
    right = last_code()
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    for left in (4, 3, 2, 1):
        response = confirm(auth_client, order, wrong)
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "cod_invalid_code" and f"{left} tr" in error["message"]
    assert confirm(auth_client, order, wrong).status_code == 429
    response = confirm(auth_client, order, right)  # burnt: even the right code now needs a new one
    assert response.status_code == 429 and response.json()["error"]["code"] == "cod_too_many_attempts"
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMATION_PENDING  # pending until confirmed or expired


def test_a_resend_replaces_the_code_up_to_the_limit(auth_client, placed, commit):
    order = placed()
    first = last_code()
    for sends_left in (2, 1, 0):
        with commit():
            response = auth_client.post(f"/api/orders/{order.pk}/cod/resend/")
        assert response.status_code == 200 and response.json()["sends_left"] == sends_left
    refused = auth_client.post(f"/api/orders/{order.pk}/cod/resend/")
    assert refused.status_code == 429  # the rate limit (3 per 15 minutes) or the order's own cap
    assert len(SENT) == 4
    latest = last_code()
    if latest != first:
        assert confirm(auth_client, order, first).status_code == 400
    assert confirm(auth_client, order, latest).status_code == 200


def test_someone_elses_order_is_404(placed, other_user):
    from conftest import client_for

    order = placed()
    assert confirm(client_for(other_user), order, last_code()).status_code == 404
    assert client_for(other_user).post(f"/api/orders/{order.pk}/cod/resend/").status_code == 404


def test_a_prepaid_order_has_no_code(auth_client, variant, dev_gateway):
    add_to_cart(auth_client, variant, 1)
    order = Order.objects.get(pk=checkout(auth_client).json()["id"])
    response = confirm(auth_client, order, "123456")
    assert response.status_code == 409 and response.json()["error"]["code"] == "cod_not_awaiting_confirmation"


def test_expired_it_cannot_be_confirmed_and_the_sweep_cancels_it_and_releases_the_stock(auth_client, placed, variant):
    stock = variant.stock
    order = placed(quantity=2)
    variant.refresh_from_db()
    assert variant.stock == stock - 2
    Order.objects.filter(pk=order.pk).update(reserved_until=timezone.now() - timedelta(seconds=1))

    response = confirm(auth_client, order, last_code())
    assert response.status_code == 409 and "over" in response.json()["error"]["message"]

    assert expire_unpaid_orders() == 1
    order.refresh_from_db()
    variant.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and variant.stock == stock
    assert order.transitions.last().note.startswith("Cash on delivery not confirmed in time")


def test_the_sweep_leaves_a_cod_order_within_its_time(placed):
    order = placed()
    assert expire_unpaid_orders() == 0
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMATION_PENDING


def test_without_an_sms_sender_the_code_goes_by_email(auth_client, placed, settings, user):
    settings.SMS_SENDER = ""
    order = placed()
    assert not SENT
    assert mail.outbox[-1].to == [user.email] and order.number in mail.outbox[-1].subject
    assert CodConfirmation.objects.get(order=order).channel == "email"


def test_without_an_sms_sender_a_shopper_without_email_gets_nothing_rather_than_an_error(placed, settings, user):
    """An account made by signing in with a mobile number has no email: with no SMS sender, nothing can carry it."""
    User.objects.filter(pk=user.pk).update(email=None, mobile="9812345678")
    settings.SMS_SENDER = ""
    order = placed()
    assert not SENT and not mail.outbox
    assert CodConfirmation.objects.get(order=order).channel == ""


def test_the_code_on_the_broker_is_sealed(placed):
    order = placed()
    confirmation = CodConfirmation.objects.get(order=order)
    assert cod_services.unseal(cod_services.seal("123456", confirmation), confirmation) == "123456"
