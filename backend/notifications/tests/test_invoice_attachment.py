"""The shipment email carries the order's tax invoice PDF, byte for byte as stored; without one it still goes."""

import hashlib
import logging

import pytest
from django.core import mail

from invoicing import services as invoicing
from invoicing.tests.fixtures import pay, place
from notifications import services
from orders.models import OrderStatus

pytestmark = pytest.mark.usefixtures("dev_gateway")


def shipped_email():
    [message] = [m for m in mail.outbox if "has shipped" in m.subject]
    return message


def test_the_shipment_email_attaches_the_invoice_as_stored(auth_client, charger):
    order = pay(place(auth_client, [(charger, 1)]))
    invoice = invoicing.issue_invoice(order.pk)

    assert services.send_order_email(order.pk, "shipped") == "sent"

    message = shipped_email()
    [(name, content, mimetype)] = message.attachments
    assert name == f"{invoice.number.replace('/', '-')}.pdf" and mimetype == "application/pdf"
    assert hashlib.sha256(content).hexdigest() == invoice.pdf_sha256
    assert f"Your tax invoice {invoice.number} is attached" in message.body
    assert f"Your tax invoice {invoice.number} is attached" in message.alternatives[0][0]


def test_an_invoice_that_is_due_is_issued_for_the_email(auth_client, charger):
    order = pay(place(auth_client, [(charger, 1)]))  # paid; its invoicing task has not run (never committed)
    assert invoicing.invoice_of(order) is None

    services.send_order_email(order.pk, "shipped")

    invoice = invoicing.invoice_of(order)
    [(_, content, _)] = shipped_email().attachments
    assert invoice is not None and hashlib.sha256(content).hexdigest() == invoice.pdf_sha256


def test_no_invoice_no_attachment_and_the_email_still_goes(auth_client, phone):
    order = pay(place(auth_client, [(phone, 1)]))  # the phone's IMEI is not recorded: no invoice yet

    assert services.send_order_email(order.pk, "shipped") == "sent"

    message = shipped_email()
    assert message.attachments == [] and "tax invoice" not in message.body
    assert invoicing.invoice_of(order) is None


def test_a_damaged_invoice_file_is_not_attached_and_the_email_still_goes(auth_client, charger, caplog):
    order = pay(place(auth_client, [(charger, 1)]))
    invoice = invoicing.issue_invoice(order.pk)
    with open(invoice.pdf.path, "ab") as f:
        f.write(b"%% appended")

    with caplog.at_level(logging.ERROR):
        assert services.send_order_email(order.pk, "shipped") == "sent"

    assert shipped_email().attachments == []
    assert any("does not match its hash" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)


def test_only_the_shipment_email_carries_it(auth_client, charger):
    order = pay(place(auth_client, [(charger, 1)]), to=OrderStatus.PAID)
    invoicing.issue_invoice(order.pk)
    services.send_order_email(order.pk, "order_confirmation")
    services.send_order_email(order.pk, "delivered")
    assert all(message.attachments == [] for message in mail.outbox) and len(mail.outbox) == 2
