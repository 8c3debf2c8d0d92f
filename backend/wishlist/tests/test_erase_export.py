"""What the account's data export and deletion take from this app: everything of the shopper, nothing of others."""

import json
from datetime import date
from decimal import Decimal

import pytest

from catalog.models import ProductVariant
from wishlist import services
from wishlist.models import Alert, AlertNotice, WishlistItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(user, other_user, catalog):
    """The shopper's wishlist (one phone with its variant, one without), two alerts and a message sent; and
    another shopper's of each."""
    a, b = catalog["a"], catalog["b"]
    black = ProductVariant.objects.get(product=a, color="Black")
    blue = ProductVariant.objects.get(product=a, color="Blue")
    for shopper in (user, other_user):
        WishlistItem.objects.create(user=shopper, product=a, variant=black)
        WishlistItem.objects.create(user=shopper, product=b)
        Alert.objects.create(user=shopper, variant=blue, kind="back_in_stock")
        Alert.objects.create(user=shopper, variant=black, kind="price_drop", seen_price=Decimal("19500.00"))
        AlertNotice.objects.create(
            user=shopper, variant=black, day=date(2026, 12, 1), kinds="price_drop", channels="email"
        )
    return {"black": black, "blue": blue}


def test_the_export_holds_the_shoppers_own_as_json(user, kept):
    exported = services.export_for_user(user)
    assert json.loads(json.dumps(exported)) == exported  # JSON as it is, no custom encoder needed
    wishlist = sorted(exported["wishlist"], key=lambda row: row["product_slug"])
    assert [(r["product"], r["product_slug"], r["variant_sku"]) for r in wishlist] == [
        ("Samsung A", "samsung-a", kept["black"].sku),
        ("Samsung B", "samsung-b", None),
    ]
    assert all(row["added_at"] for row in wishlist)
    alerts = sorted(exported["alerts"], key=lambda row: row["kind"])
    assert [(r["kind"], r["variant_sku"], r["seen_price"], r["notified_at"]) for r in alerts] == [
        ("back_in_stock", kept["blue"].sku, None, None),
        ("price_drop", kept["black"].sku, "19500.00", None),
    ]
    assert exported["alert_messages"] == [
        {
            "day": "2026-12-01",
            "product": "Samsung A",
            "variant_sku": kept["black"].sku,
            "alerts": ["price_drop"],
            "channels": ["email"],
        }
    ]


def test_an_empty_export(db):
    from accounts.tests.factories import UserFactory

    assert services.export_for_user(UserFactory()) == {"wishlist": [], "alerts": [], "alert_messages": []}


def test_erasing_takes_everything_of_the_shopper_and_nothing_else(user, other_user, kept):
    assert services.erase_for_user(user) == {"wishlist_items": 2, "alerts": 2, "alert_messages": 1}
    for model in (WishlistItem, Alert, AlertNotice):
        assert not model.objects.filter(user=user).exists()
        assert model.objects.filter(user=other_user).exists()
    assert services.export_for_user(user) == {"wishlist": [], "alerts": [], "alert_messages": []}
    assert services.erase_for_user(user) == {"wishlist_items": 0, "alerts": 0, "alert_messages": 0}
