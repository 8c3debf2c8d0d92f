"""Orders ready to invoice, built through checkout and the state machine like real ones."""

from decimal import Decimal

import pytest
from django.db import transaction

from orders.models import Imei, Order, OrderStatus, OrderUnit
from orders.services import lock_order, transition
from orders.tests.fixtures import add_to_cart, checkout


def place(client, lines, *, state_code="29", address=None):
    """Check out `lines` [(variant, quantity)] to `address` (orders' INLINE_ADDRESS by default) and fix the place
    of supply (the delivery state)."""
    for variant, quantity in lines:
        assert add_to_cart(client, variant, quantity).status_code in (200, 201)
    response = checkout(client, address=address)
    assert response.status_code == 201, response.content
    order = Order.objects.get(pk=response.json()["id"])
    Order.objects.filter(pk=order.pk).update(place_of_supply=state_code)
    order.refresh_from_db()
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
        transition(locked, OrderStatus.PAID, source="test")
        if to == OrderStatus.PACKED:
            transition(locked, OrderStatus.PACKED, source="test")
    order.refresh_from_db()
    return order


@pytest.fixture
def phone(make_variant):
    return make_variant(price=Decimal("112999.00"), mrp=Decimal("129999.00"), stock=20)


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
