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


@pytest.fixture
def variant(category):
    from catalog.tests.factories import ProductFactory, VariantFactory

    return VariantFactory(
        product=ProductFactory(category=category), price=Decimal("19999.00"), mrp=Decimal("24999.00"), stock=10
    )


@pytest.fixture
def make_variant(category):
    from catalog.tests.factories import ProductFactory, VariantFactory

    def make(**kwargs):
        kwargs.setdefault("product", ProductFactory(category=category))
        return VariantFactory(**kwargs)

    return make


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
