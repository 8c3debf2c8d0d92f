"""A sellable variant, an address, the dev gateway and the API calls of a purchase: registered for every app's
tests by backend/conftest.py."""

from decimal import Decimal

import pytest


@pytest.fixture
def dev_gateway(settings):
    settings.PAYMENTS_DEV_GATEWAY = True
    return settings


@pytest.fixture
def category(db):
    from catalog.tests.factories import CategoryFactory

    return CategoryFactory(name="Smartphones", slug="smartphones")


# The shared `variant` and `make_variant` sell products whose units need no IMEI (imei_required=False, as an
# accessory's): the checkout, payment, shipping and email tests that use them pack an order as soon as it is
# paid. Tests of the IMEI rule itself (orders/tests/test_units.py, staff/tests/test_units_api.py) sell a
# `phone`, or pass imei_required=True, and record the units with `record_imeis`.


@pytest.fixture
def variant(category):
    from catalog.tests.factories import ProductFactory, VariantFactory

    return VariantFactory(
        product=ProductFactory(category=category, imei_required=False),
        price=Decimal("19999.00"),
        mrp=Decimal("24999.00"),
        stock=10,
    )


@pytest.fixture
def make_variant(category):
    from catalog.tests.factories import ProductFactory, VariantFactory

    def make(imei_required=False, **kwargs):
        kwargs.setdefault("product", ProductFactory(category=category, imei_required=imei_required))
        return VariantFactory(**kwargs)

    return make


@pytest.fixture
def phone(category):
    """A phone: each unit sold needs its IMEI recorded before the order is packed (the product's default)."""
    from catalog.tests.factories import ProductFactory, VariantFactory

    return VariantFactory(
        product=ProductFactory(category=category, title="Galaxy M35", imei_required=True),
        sku="GM35-8-128-BLU",
        price=Decimal("17999.00"),
        mrp=Decimal("21999.00"),
        stock=10,
    )


def imeis_for(order, start=0):
    """Valid, distinct IMEIs for every unit of the order's lines that need them: [(item id, [[imei], ...])]."""
    from orders.imei import generate_imei

    lines, seed = [], start
    for item in order.items.filter(imei_required=True).order_by("pk"):
        units = []
        for _ in range(item.quantity):
            seed += 1
            units.append([generate_imei(seed + order.pk * 1000)])
        lines.append((item.pk, units))
    return lines


def record_imeis(order, actor=None):
    """Staff record every unit's IMEI (generated) on a PAID order, as at the packing table."""
    from orders.units import record_units

    return record_units(order.pk, imeis_for(order), actor=actor, source="test")


@pytest.fixture
def address(user):
    from accounts.tests.factories import AddressFactory

    return AddressFactory(user=user)


INLINE_ADDRESS = {
    "full_name": "Ravi Kumar",
    "phone": "9123456780",
    "line1": "4 Park Street",
    "city": "Kolkata",
    "state": "West Bengal",
    "pincode": "700016",
}


def add_to_cart(client, variant, quantity=1, token=None):
    headers = {"HTTP_X_CART_TOKEN": str(token)} if token else {}
    return client.post("/api/cart/items/", {"variant": variant.pk, "quantity": quantity}, format="json", **headers)


def checkout(client, *, method="dev", address_id=None, address=None, key=None):
    body = {"payment_method": method}
    if address_id is not None:
        body["address_id"] = address_id
    else:
        body["address"] = address or INLINE_ADDRESS
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/checkout/", body, format="json", **headers)
