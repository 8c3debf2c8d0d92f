"""50 invoices issued at once, each in its own thread and connection: 50 consecutive numbers, no gap, no twin."""

import time
from decimal import Decimal

import pytest
from django.db import connection

from invoicing import services
from invoicing.models import DocumentKind, DocumentSeries, TaxDocument
from invoicing.tests.fixtures import pay, place
from orders.tests.test_race_postgres import run_in_threads

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=f"needs PostgreSQL row locks (SELECT ... FOR UPDATE); the database here is {connection.vendor}",
    ),
]

ORDERS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_invoicings_get_fifty_consecutive_numbers(dev_gateway, make_variant, capsys):
    from accounts.tests.factories import UserFactory
    from catalog.tests.factories import ProductFactory
    from conftest import client_for

    case = make_variant(
        product=ProductFactory(hsn_code="39269099", imei_required=False),
        price=Decimal("599.00"),
        mrp=Decimal("999.00"),
        stock=ORDERS,
    )
    dev_gateway.INVOICING_ENABLED = False  # paying would invoice them one by one (receivers after commit)
    orders = []
    for n in range(ORDERS):
        client = client_for(UserFactory(email=f"buyer{n}@example.com"))
        orders.append(pay(place(client, [(case, 1)])))
    assert not TaxDocument.objects.exists()
    dev_gateway.INVOICING_ENABLED = True

    started = time.perf_counter()
    documents = run_in_threads([lambda order_id=o.pk: services.issue_invoice(order_id) for o in orders])
    elapsed = time.perf_counter() - started

    serials = sorted(d.serial for d in documents)
    assert serials == list(range(1, ORDERS + 1))
    assert len({d.number for d in documents}) == ORDERS
    year = documents[0].financial_year
    assert DocumentSeries.objects.get(kind=DocumentKind.INVOICE, financial_year=year).last_number == ORDERS
    assert {d.order_id for d in documents} == {o.pk for o in orders}
    with capsys.disabled():
        print(f"\n{ORDERS} concurrent invoicings: serials 1..{ORDERS}, no gap, in {elapsed:.2f} s")
