"""Prices come from the database at the moment they are read; this module turns variant rows and
quantities into line and cart totals. Prices are GST-inclusive: the GST shown is the part of the
price that is tax, at the product's category rate, by the invoices' own rounding rule (tax/split.py)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from catalog.models import ProductVariant
from core.money import quantize
from tax.split import contained_tax


@dataclass
class PricedLine:
    variant: ProductVariant
    quantity: int
    unit_price: Decimal
    unit_mrp: Decimal
    line_total: Decimal
    line_mrp_total: Decimal
    savings: Decimal
    gst_rate: Decimal
    gst_amount: Decimal  # GST inside what is paid for the line: line_total - discount
    discount: Decimal = Decimal("0")  # the line's share of a coupon's discount


@dataclass
class PricedCart:
    currency: str
    lines: list[PricedLine] = field(default_factory=list)
    subtotal: Decimal = Decimal("0")
    mrp_total: Decimal = Decimal("0")
    savings: Decimal = Decimal("0")
    shipping_fee: Decimal = Decimal("0")
    gst_total: Decimal = Decimal("0")
    total: Decimal = Decimal("0")
    item_count: int = 0
    discount_total: Decimal = Decimal("0")  # a coupon's discount, the sum of the lines' shares
    coupon_code: str = ""


def shipping_fee() -> Decimal:
    """The delivery charge below the free-shipping threshold (SHIPPING_FEE), in the store's currency."""
    return quantize(settings.SHIPPING_FEE, settings.STORE_CURRENCY)


def free_shipping_threshold() -> Decimal:
    """Goods worth this much or more (after a coupon) ship free (FREE_SHIPPING_THRESHOLD)."""
    return quantize(settings.FREE_SHIPPING_THRESHOLD, settings.STORE_CURRENCY)


def shipping_fee_for(subtotal: Decimal, currency: str) -> Decimal:
    """The delivery charge for goods worth `subtotal`: what the shopper pays for them, after a coupon. Checkout,
    the cart and the shipping policy page all read it from here (shipping_fee, free_shipping_threshold)."""
    if subtotal <= 0 or subtotal >= free_shipping_threshold():
        return quantize(Decimal("0"), currency)
    return quantize(shipping_fee(), currency)


def price_lines(pairs: Iterable[tuple[ProductVariant, int]], currency: str | None = None) -> PricedCart:
    """`pairs`: (variant with its product loaded, quantity). Returns lines and totals, all Decimal."""
    currency = currency or settings.STORE_CURRENCY
    zero = quantize(Decimal("0"), currency)
    cart = PricedCart(
        currency=currency, subtotal=zero, mrp_total=zero, savings=zero, gst_total=zero, discount_total=zero
    )
    for variant, quantity in pairs:
        unit_price = quantize(variant.price, currency)
        unit_mrp = quantize(max(variant.mrp, variant.price), currency)
        line_total = unit_price * quantity
        line_mrp_total = unit_mrp * quantity
        rate = variant.product.gst_rate
        line = PricedLine(
            variant=variant,
            quantity=quantity,
            unit_price=unit_price,
            unit_mrp=unit_mrp,
            line_total=line_total,
            line_mrp_total=line_mrp_total,
            savings=line_mrp_total - line_total,
            gst_rate=rate,
            gst_amount=contained_tax(line_total, rate, currency),
            discount=zero,
        )
        cart.lines.append(line)
        cart.subtotal += line.line_total
        cart.mrp_total += line.line_mrp_total
        cart.savings += line.savings
        cart.item_count += quantity
    _finish(cart)
    return cart


def _finish(cart: PricedCart) -> None:
    """Shipping, GST and the total from the lines: shipping is free from FREE_SHIPPING_THRESHOLD of goods after
    any coupon discount (what the shopper pays for them), and the total is subtotal - discount + shipping."""
    currency = cart.currency
    goods = cart.subtotal - cart.discount_total
    cart.shipping_fee = shipping_fee_for(goods, currency)
    cart.gst_total = sum((line.gst_amount for line in cart.lines), quantize(Decimal("0"), currency))
    # Delivery sold with the goods is one composite supply, taxed at the principal supply's (the goods') rate;
    # the invoice shows it as a line of its own (invoicing.services.SHIPPING_SAC).
    if cart.shipping_fee:
        cart.gst_total += contained_tax(cart.shipping_fee, max(line.gst_rate for line in cart.lines), currency)
    cart.total = goods + cart.shipping_fee


def apply_discount(cart: PricedCart, shares: list[Decimal], code: str) -> PricedCart:
    """Take a coupon's discount off the priced cart: `shares` is each line's part (coupons.services spreads it),
    at most the line's total. GST is on what is paid: each line's tax is recomputed on line_total - discount."""
    currency = cart.currency
    cart.coupon_code = code
    cart.discount_total = quantize(Decimal("0"), currency)
    for line, share in zip(cart.lines, shares, strict=True):
        if not 0 <= share <= line.line_total:
            raise ValueError(f"A line's discount {share} is outside 0..{line.line_total}.")
        line.discount = share
        line.gst_amount = contained_tax(line.line_total - share, line.gst_rate, currency)
        cart.discount_total += share
    _finish(cart)
    return cart
