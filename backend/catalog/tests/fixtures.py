"""The listing's small, known catalog: registered for every app's tests by backend/conftest.py."""

from decimal import Decimal

import pytest

from catalog.tests.factories import BrandFactory, CategoryFactory, ProductFactory, ProductImageFactory, VariantFactory


@pytest.fixture
def catalog(db):
    """A small catalog whose every filter, sort and facet has a known answer.

    samsung-a (Android, 5G, popularity 50, rating 4.5): 8/128 Black 20000 (mrp 25000) stock 5;
                                                        12/256 Blue 30000 stock 0
    samsung-b (Android, 4G, popularity 10, rating 3.0): 6/128 Black 12000 (mrp 13000) stock 3;
                                                        8/128 Green 14000 stock 2
    apple-x   (iOS, 5G, popularity 90, rating 4.8):     6/128 White 70000 (mrp 79900) stock 9;
                                                        6/256 White 80000 stock 0 (inactive)
    pixel-old (Android, 5G, inactive product):          8/128 Black 30000 stock 1
    """
    mobiles = CategoryFactory(name="Mobiles", slug="mobiles")
    android = CategoryFactory(name="Android", slug="android", parent=mobiles)
    ios = CategoryFactory(name="iOS", slug="ios", parent=mobiles)
    samsung = BrandFactory(name="Samsung", slug="samsung")
    apple = BrandFactory(name="Apple", slug="apple")
    google = BrandFactory(name="Google", slug="google")

    a = ProductFactory(
        title="Samsung A",
        slug="samsung-a",
        brand=samsung,
        category=android,
        is_5g=True,
        popularity=50,
        rating=Decimal("4.5"),
        review_count=2,
        launch_date="2025-01-10",
    )
    VariantFactory(
        product=a, ram_gb=8, storage_gb=128, color="Black", price=Decimal("20000"), mrp=Decimal("25000"), stock=5
    )
    VariantFactory(
        product=a, ram_gb=12, storage_gb=256, color="Blue", price=Decimal("30000"), mrp=Decimal("35000"), stock=0
    )
    b = ProductFactory(
        title="Samsung B",
        slug="samsung-b",
        brand=samsung,
        category=android,
        is_5g=False,
        popularity=10,
        rating=Decimal("3.0"),
        review_count=1,
        launch_date="2024-03-01",
    )
    VariantFactory(
        product=b, ram_gb=6, storage_gb=128, color="Black", price=Decimal("12000"), mrp=Decimal("13000"), stock=3
    )
    VariantFactory(
        product=b, ram_gb=8, storage_gb=128, color="Green", price=Decimal("14000"), mrp=Decimal("15000"), stock=2
    )
    x = ProductFactory(
        title="Apple X",
        slug="apple-x",
        brand=apple,
        category=ios,
        is_5g=True,
        popularity=90,
        rating=Decimal("4.8"),
        review_count=5,
        launch_date="2025-09-20",
    )
    VariantFactory(
        product=x, ram_gb=6, storage_gb=128, color="White", price=Decimal("70000"), mrp=Decimal("79900"), stock=9
    )
    VariantFactory(
        product=x,
        ram_gb=6,
        storage_gb=256,
        color="White",
        price=Decimal("80000"),
        mrp=Decimal("89900"),
        stock=0,
        is_active=False,
    )
    old = ProductFactory(title="Pixel Old", slug="pixel-old", brand=google, category=android, is_active=False)
    VariantFactory(
        product=old, ram_gb=8, storage_gb=128, color="Black", price=Decimal("30000"), mrp=Decimal("30000"), stock=1
    )
    for product in (a, b, x):
        ProductImageFactory(product=product)
    return {"a": a, "b": b, "x": x, "old": old, "android": android, "mobiles": mobiles}
