"""Property: for any basket and coupon, the discount spreads over the eligible lines to the paisa, GST is on what
is paid, and the invoice equals the order.

- each line's discount is between 0 and its total, and 0 on a line outside the coupon's brand;
- the shares add up to the coupon's discount (percent, capped, or flat; never more than the eligible lines);
- order total = Σ (line total − discount) + shipping; tax total = Σ line tax + shipping's;
- the tax invoice's lines are what was paid for each line, and the invoice total is the order total."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cart.pricing import apply_discount, price_lines
from catalog.models import Brand, Product, ProductVariant
from core.money import to_minor_units
from coupons import services
from coupons.models import Coupon
from invoicing import services as invoicing
from invoicing.tests.fixtures import order_from_priced
from tax.split import contained_tax

RATES = [Decimal(r) for r in ("0", "3", "5", "12", "18", "28")]
line = st.tuples(
    st.integers(min_value=100, max_value=20_000_000),  # unit price in paise: ₹1 to ₹2,00,000
    st.integers(min_value=1, max_value=5),
    st.sampled_from(RATES),
    st.booleans(),  # of the coupon's brand
)
coupon_spec = st.one_of(
    st.tuples(
        st.just("percent"),
        st.decimals(min_value=Decimal("0.5"), max_value=Decimal("100"), places=2),
        st.one_of(st.none(), st.integers(min_value=1, max_value=500_000).map(Decimal)),
    ),
    st.tuples(st.just("flat"), st.integers(min_value=1, max_value=1_000_000).map(Decimal), st.none()),
)


@pytest.mark.django_db
@hypothesis_settings(
    derandomize=True,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(basket=st.lists(line, min_size=1, max_size=6), spec=coupon_spec, restricted=st.booleans())
def test_discounts_spread_to_the_paisa_and_the_invoice_equals_the_order(settings, user, basket, spec, restricted):
    settings.INVOICING_ENABLED = True
    brand, _ = Brand.objects.get_or_create(slug="promo", defaults={"name": "Promo"})
    basket[0] = (*basket[0][:3], True)  # at least one line the coupon covers
    pairs = [
        (
            ProductVariant(
                price=Decimal(paise) / 100,
                mrp=Decimal(paise) / 100,
                product=Product(gst_rate=rate, brand_id=brand.pk if ours else brand.pk + 1),
            ),
            quantity,
        )
        for paise, quantity, rate, ours in basket
    ]
    kind, value, cap = spec
    coupon = Coupon(
        code="PROP",
        kind=kind,
        value=value,
        max_discount=cap,
        valid_from=timezone.now() - timedelta(days=1),
        brand=brand if restricted else None,
    )
    priced = price_lines(pairs, "INR")
    shares = services.check(coupon, priced)
    eligible = [not restricted or ours for *_, ours in basket]
    eligible_paise = sum(
        to_minor_units(p.line_total, "INR") for p, ok in zip(priced.lines, eligible, strict=True) if ok
    )
    expected = services.discount_paise(coupon, eligible_paise, "INR")
    apply_discount(priced, shares, coupon.code)

    assert to_minor_units(priced.discount_total, "INR") == expected <= eligible_paise
    for p, ok in zip(priced.lines, eligible, strict=True):
        assert 0 <= p.discount <= p.line_total
        assert ok or p.discount == 0
        assert p.gst_amount == contained_tax(p.line_total - p.discount, p.gst_rate)
    assert priced.total == sum(p.line_total - p.discount for p in priced.lines) + priced.shipping_fee

    order = order_from_priced(user, priced, place_of_supply="27")
    invoice = invoicing.issue_invoice(order.pk)
    assert invoice.total == order.total
    assert invoice.cgst + invoice.sgst + invoice.igst == order.tax_total
    lines = list(invoice.lines.order_by("position"))
    assert [row.total for row in lines[: len(priced.lines)]] == [p.line_total - p.discount for p in priced.lines]
    assert [row.igst for row in lines[: len(priced.lines)]] == [p.gst_amount for p in priced.lines]
