"""Order emails: confirmation and shipping updates, text and HTML, each sent once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail

from notifications import services
from notifications.models import OrderEmail
from shipping import services as shipping_services
from shipping.models import Shipment

pytestmark = pytest.mark.django_db


def test_confirmation_has_text_and_html(paid_order):
    [message] = mail.outbox
    number = paid_order.number
    assert message.subject == f"Order {number} confirmed: thank you for shopping with PhoneStore"
    assert message.to == [paid_order.user.email] and "PhoneStore" in message.from_email
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    item = paid_order.items.get()
    for body in (message.body, html):
        assert number in body and item.product_title in body and "₹19,999.00" in body
        assert "Ravi Kumar" in body and "700016" in body
        assert f"http://127.0.0.1:3000/order/{paid_order.pk}" in body
    assert "<table" in html and "<table" not in message.body
    email = OrderEmail.objects.get()
    assert email.kind == "order_confirmation" and email.sent_at and email.attempts == 1


def test_shipping_updates_carry_the_awb(paid_order, django_capture_on_commit_callbacks):
    shipment = Shipment.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        shipping_services.sync_active_shipments(now=shipment.awb_assigned_at + timedelta(minutes=7))
        shipping_services.sync_active_shipments(now=shipment.awb_assigned_at + timedelta(minutes=9))
    shipped, out, delivered = mail.outbox
    for message in (shipped, out, delivered):
        assert shipment.awb in message.body and shipment.courier in message.body
        assert shipment.awb in message.alternatives[0][0]
    assert "on its way to Kolkata" in shipped.body and "Expected by" in shipped.body
    assert "out for delivery" in out.body and "9123456780" in out.body
    assert "was delivered on" in delivered.body and "Expected by" not in delivered.body


def test_each_email_goes_out_once(paid_order):
    assert services.send_order_email(paid_order.pk, "order_confirmation") == "already sent"
    assert len(mail.outbox) == 1 and OrderEmail.objects.count() == 1


def test_a_mail_server_failure_is_retried(paid_order, settings, monkeypatch, caplog):
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    assert services.send_order_email(paid_order.pk, "shipped") == "failed"
    email = OrderEmail.objects.get(kind="shipped")
    assert email.sent_at is None and "SMTP server down" in email.last_error
    assert "email shipped" in caplog.text
    monkeypatch.undo()
    assert services.send_order_email(paid_order.pk, "shipped") == "sent"
    email.refresh_from_db()
    assert email.sent_at and email.attempts == 2 and email.last_error == ""


@pytest.mark.parametrize(
    "amount,text",
    [
        ("0", "₹0.00"),
        ("99", "₹99.00"),
        ("999.5", "₹999.50"),
        ("1000", "₹1,000.00"),
        ("39998", "₹39,998.00"),
        ("123456.78", "₹1,23,456.78"),
        ("12345678", "₹1,23,45,678.00"),
        ("-1500", "-₹1,500.00"),
    ],
)
def test_rupees_in_indian_grouping(amount, text):
    assert services.inr(Decimal(amount)) == text
