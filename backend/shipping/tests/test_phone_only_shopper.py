"""A shopper who signed in with a mobile number has no email: checkout, payment, the invoice and the carrier's
booking go through all the same; no email is attempted (order messages by SMS are notifications' part)."""

import re

import pytest
from django.core import mail

from accounts.models import User
from accounts.tests.factories import MobileUserFactory
from invoicing.models import TaxDocument
from notifications.models import OrderEmail
from orders.models import Order
from orders.tests.fixtures import INLINE_ADDRESS, add_to_cart, checkout
from shipping.models import Shipment

pytestmark = pytest.mark.django_db

SMS_CODE = re.compile(r"SMS to \+919812345678: Your PhoneStore sign-in code is (\d{6})\.")


@pytest.fixture
def user(db):
    """auth_client's shopper (shipping.tests.conftest's place and pay): an account made by signing in by mobile."""
    return MobileUserFactory(mobile="9812345678", full_name="Meera Iyer")


def sign_in_by_mobile(client, caplog, capture) -> User:
    """The real way in: a code to the number (read from the console SMS sender's log line), entered."""
    caplog.set_level("WARNING", logger="accounts.otp_senders")
    with capture(execute=True):
        assert client.post("/api/auth/otp/request/", {"mobile": "+91 98123 45678"}, format="json").status_code == 202
    code = SMS_CODE.search(caplog.text)
    assert code is not None
    tokens = client.post("/api/auth/otp/verify/", {"mobile": "9812345678", "code": code[1]}, format="json").json()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert tokens["name_required"] is True
    assert client.patch("/api/auth/me/", {"full_name": "Meera Iyer"}, format="json").status_code == 200
    return User.objects.get(mobile="9812345678")


def test_a_shopper_signed_in_by_mobile_checks_out_pays_and_is_shipped(
    api_client, variant, dev_gateway, caplog, django_capture_on_commit_callbacks
):
    shopper = sign_in_by_mobile(api_client, caplog, django_capture_on_commit_callbacks)
    assert shopper.email is None

    assert add_to_cart(api_client, variant, 1).status_code == 201
    placed = checkout(api_client, address=INLINE_ADDRESS)
    assert placed.status_code == 201, placed.json()
    order = Order.objects.get(pk=placed.json()["id"])
    assert order.user == shopper
    with django_capture_on_commit_callbacks(execute=True):
        paid = api_client.post("/api/payments/dev/confirm/", {"order_id": order.pk}, format="json")
    assert paid.status_code == 200 and paid.json()["status"] == "PAID"

    order.refresh_from_db()
    assert order.status == "PACKED" and Shipment.objects.get(order=order).awb  # booked with the mock carrier
    assert [o["id"] for o in api_client.get("/api/orders/").json()["results"]] == [order.pk]
    invoice = TaxDocument.objects.get(order=order)
    assert invoice.buyer["email"] == "" and invoice.buyer["name"] == "Ravi Kumar"
    assert api_client.get(f"/api/orders/{order.pk}/invoice/").status_code == 200
    assert not mail.outbox and not OrderEmail.objects.exists()  # nowhere to email: nothing attempted


def test_shiprocket_books_a_shopper_without_email_with_the_stores_email(shiprocket, paid_order, settings):
    assert paid_order.status == "PACKED"
    [(_, _, body, _)] = shiprocket.calls("POST", "/v1/external/orders/create/adhoc")
    assert body["billing_email"] == settings.SELLER_EMAIL  # Shiprocket requires one
    assert body["billing_phone"] == INLINE_ADDRESS["phone"]
