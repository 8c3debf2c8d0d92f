"""Through the API, as a shopper does it: checkout with a delivery state (and a business buyer's GSTIN) →
dev payment → the tax invoice issued at payment (an order of accessories needs no IMEIs), split by the place
of supply."""

from decimal import Decimal

import pytest

from invoicing.models import DocumentKind, TaxDocument
from invoicing.tests.fixtures import address_in
from orders.models import Order
from orders.tests.fixtures import add_to_cart

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dev_gateway")]

KARNATAKA_GSTIN = "29ABCDE1234F1ZW"  # made up, correct check character; the seller is in Karnataka (29)
MAHARASHTRA_GSTIN = "27ABCDE1234F1Z0"


def buy(client, charger, *, state_code, buyer_gstin, capture):
    assert add_to_cart(client, charger, 2).status_code == 201
    body = {"payment_method": "dev", "address": address_in(state_code)}
    if buyer_gstin is not None:
        body["buyer_gstin"] = buyer_gstin
    placed = client.post("/api/checkout/", body, format="json")
    assert placed.status_code == 201, placed.content
    with capture(execute=True):  # the invoice is issued once the payment commits
        paid = client.post("/api/payments/dev/confirm/", {"order_id": placed.json()["id"]}, format="json")
    assert paid.status_code == 200, paid.content
    return Order.objects.get(pk=placed.json()["id"])


def test_a_sale_in_the_seller_state_is_invoiced_with_cgst_and_sgst_to_the_business_buyer(
    auth_client, charger, django_capture_on_commit_callbacks
):
    order = buy(
        auth_client,
        charger,
        state_code="29",
        buyer_gstin=KARNATAKA_GSTIN.lower(),
        capture=django_capture_on_commit_callbacks,
    )

    invoice = TaxDocument.objects.get(order=order, kind=DocumentKind.INVOICE)
    assert invoice.place_of_supply == "29" and invoice.intra_state
    assert invoice.igst == 0 and invoice.cgst > 0 and abs(invoice.cgst - invoice.sgst) <= Decimal("0.01")
    assert invoice.cgst + invoice.sgst == order.tax_total and invoice.total == order.total
    assert invoice.buyer["gstin"] == KARNATAKA_GSTIN and invoice.buyer["state_code"] == "29"


def test_a_sale_to_another_state_is_invoiced_with_igst(auth_client, charger, django_capture_on_commit_callbacks):
    order = buy(
        auth_client, charger, state_code="27", buyer_gstin=MAHARASHTRA_GSTIN, capture=django_capture_on_commit_callbacks
    )

    invoice = TaxDocument.objects.get(order=order, kind=DocumentKind.INVOICE)
    assert invoice.place_of_supply == "27" and not invoice.intra_state
    assert invoice.cgst == invoice.sgst == 0 and invoice.igst == order.tax_total
    assert invoice.buyer["gstin"] == MAHARASHTRA_GSTIN and invoice.buyer["state_code"] == "27"


def test_a_consumer_sale_is_invoiced_without_a_gstin(auth_client, charger, django_capture_on_commit_callbacks):
    order = buy(auth_client, charger, state_code="19", buyer_gstin=None, capture=django_capture_on_commit_callbacks)

    invoice = TaxDocument.objects.get(order=order, kind=DocumentKind.INVOICE)
    assert invoice.place_of_supply == "19" and not invoice.intra_state
    assert invoice.buyer["gstin"] == "" and "West Bengal 700016" in invoice.buyer["address"]
