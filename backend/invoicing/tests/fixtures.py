"""Orders ready to invoice, built through checkout and the state machine like real ones."""

from decimal import Decimal

import pytest
from django.db import transaction

from orders.models import Imei, Order, OrderItem, OrderStatus, OrderUnit
from orders.services import lock_order, transition
from orders.tests.fixtures import INLINE_ADDRESS, add_to_cart, checkout


def address_in(state_code, address=None):
    """The inline test address (or `address`), delivered in `state_code` (the place of supply)."""
    return {**{k: v for k, v in (address or INLINE_ADDRESS).items() if k != "state"}, "state_code": state_code}


def place(client, lines, *, state_code="29", address=None):
    """Check out `lines` [(variant, quantity)] to `address`, by default the inline test address in `state_code`
    (the place of supply)."""
    for variant, quantity in lines:
        assert add_to_cart(client, variant, quantity).status_code in (200, 201)
    response = checkout(client, address=address_in(state_code, address))
    assert response.status_code == 201, response.content
    order = Order.objects.get(pk=response.json()["id"])
    assert order.place_of_supply == state_code
    return order


def record_units(order, *, first_serial=1):
    """Give every unit that needs an IMEI a valid one (Luhn), as staff do at packing."""
    serial = first_serial
    for item in order.items.filter(imei_required=True):
        for _ in range(item.quantity):
            unit = OrderUnit.objects.create(item=item)
            Imei.objects.create(unit=unit, number=luhn_complete(f"35123456{serial:06d}"), slot=1)
            serial += 1
    return serial


def luhn_complete(fourteen: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(fourteen)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return fourteen + str((10 - total % 10) % 10)


def pay(order, to=OrderStatus.PAID):
    with transaction.atomic():
        locked = lock_order(order.pk)
        transition(locked, OrderStatus.PAID, actor_kind="gateway", source="test")
        if to == OrderStatus.PACKED:
            transition(locked, OrderStatus.PACKED, actor_kind="staff", source="test")
    order.refresh_from_db()
    return order


@pytest.fixture
def flagship(make_variant):
    """A phone above ₹1 lakh (a B2CL invoice when sold to a consumer in another state); IMEI per unit."""
    return make_variant(imei_required=True, price=Decimal("112999.00"), mrp=Decimal("129999.00"), stock=20)


@pytest.fixture
def charger(make_variant):
    from catalog.tests.factories import ProductFactory

    return make_variant(
        product=ProductFactory(
            title="Fast Charger 33W", hsn_code="85044030", gst_rate=Decimal("18.00"), imei_required=False
        ),
        price=Decimal("1299.00"),
        mrp=Decimal("1999.00"),
        stock=50,
        color="White",
    )


def order_from_priced(user, priced, *, place_of_supply):
    """A PAID order stored as checkout stores it, from cart.pricing's PricedCart: for property tests that
    invoice random baskets without going through the API."""
    order = Order.objects.create(
        user=user,
        status=OrderStatus.PAID,
        payment_method="dev",
        subtotal=priced.subtotal,
        mrp_total=priced.mrp_total,
        shipping_fee=priced.shipping_fee,
        tax_total=priced.gst_total,
        total=priced.total,
        discount_total=priced.discount_total,
        coupon_code=priced.coupon_code,
        shipping_address={"full_name": "A Buyer"},
        place_of_supply=place_of_supply,
    )
    OrderItem.objects.bulk_create(
        OrderItem(
            order=order,
            product_title=f"Item {n}",
            sku=f"SKU{n}",
            variant_label="-",
            quantity=p.quantity,
            unit_price=p.unit_price,
            unit_mrp=p.unit_mrp,
            line_total=p.line_total,
            discount=p.discount,
            gst_rate=p.gst_rate,
            tax_amount=p.gst_amount,
            hsn_code="85171300",
        )
        for n, p in enumerate(priced.lines)
    )
    return order
