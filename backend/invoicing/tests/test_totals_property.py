"""Property: for any basket, delivery state and rates, the invoice equals the order to the paisa.

Baskets are priced by cart.pricing (what checkout stores on the order) and invoiced by invoicing.services (the
legal document): the invoice total is the order total, its tax is the order's tax total, every line's taxable
value and taxes add up to the line, and a full credit note mirrors the invoice exactly."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cart.pricing import price_lines
from catalog.models import Product, ProductVariant
from invoicing import services
from invoicing.tests.fixtures import order_from_priced
from tax.states import STATES

RATES = [Decimal(r) for r in ("0", "0.25", "3", "5", "12", "18", "28")]
line = st.tuples(
    st.integers(min_value=100, max_value=50_000_000),  # unit price in paise: ₹1 to ₹5,00,000
    st.integers(min_value=1, max_value=5),
    st.sampled_from(RATES),
)


@pytest.mark.django_db
@hypothesis_settings(
    derandomize=True,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(basket=st.lists(line, min_size=1, max_size=8), state=st.sampled_from(sorted(STATES)))
def test_invoice_and_full_credit_note_equal_the_order_to_the_paisa(user, basket, state):
    variants = [
        (
            ProductVariant(price=Decimal(paise) / 100, mrp=Decimal(paise) / 100, product=Product(gst_rate=rate)),
            quantity,
        )
        for paise, quantity, rate in basket
    ]
    priced = price_lines(variants, "INR")
    order = order_from_priced(user, priced, place_of_supply=state)
    invoice = services.issue_invoice(order.pk)

    assert invoice.total == order.total
    assert invoice.cgst + invoice.sgst + invoice.igst == order.tax_total
    assert invoice.intra_state == (state == "29")  # the demo seller is registered in Karnataka
    lines = list(invoice.lines.all())
    for row in lines:
        assert row.taxable_value + row.cgst + row.sgst + row.igst == row.total
        assert abs(row.cgst - row.sgst) <= Decimal("0.01")
    for name in ("taxable_value", "cgst", "sgst", "igst", "total"):
        assert sum(getattr(row, name) for row in lines) == getattr(invoice, name)
    assert [row.tax_amount for row in order.items.all()] == [
        row.cgst + row.sgst + row.igst for row in lines[: len(priced.lines)]
    ]

    note = services.issue_credit_note(order.pk, None, reason="Cancelled")
    for name in ("taxable_value", "cgst", "sgst", "igst", "total"):
        assert getattr(note, name) == getattr(invoice, name)
