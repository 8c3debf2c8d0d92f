import os
from decimal import Decimal

import pytest

from catalog.tests.factories import BrandFactory, ProductFactory, ProductImageFactory, VariantFactory

MEILISEARCH_URL = os.environ.get("MEILISEARCH_URL", "").strip()
NO_MEILISEARCH = (
    "MEILISEARCH_URL is not set: no Meilisearch server can be installed on these machines, so the "
    "contract suite runs against the embedded engine only (Meilisearch's requests are tested "
    "against a local stand-in in test_meilisearch_wire.py)."
)


@pytest.fixture
def shop(catalog):
    """`catalog` plus phones for typos, prefixes, relevance and sorts. Sellable phones:

    samsung-a   Samsung A           samsung android 5G pop 50 ★4.5 (2)  2025-01-10  8/128 Black 20000 s5;
                                                                                    12/256 Blue 30000 s0
    samsung-b   Samsung B           samsung android 4G pop 10 ★3.0 (1)  2024-03-01  6/128 Black 12000 s3;
                                                                                    8/128 Green 14000 s2
    apple-x     Apple X             apple   ios     5G pop 90 ★4.8 (5)  2025-09-20  6/128 White 70000 s9
    iphone-15   Apple iPhone 15     apple   ios     5G pop 70 ★4.6 (10) 2023-09-22  6/128 Black 65000 s4;
                                                                                    6/256 Blue 75000 s2
    galaxy-s24  Samsung Galaxy S24  samsung android 5G pop 80 ★4.4 (7)  2024-01-31  8/256 Titanium Gray 74999 s3;
                                                                                    8/512 Titanium Violet 84999 s1
    titanium-one Titanium One       lava    android 4G pop 5  ★3.9 (3)  (no date)   4/64 Black 8999 s10
    """
    apple, samsung = catalog["x"].brand, catalog["a"].brand
    android, ios = catalog["android"], catalog["x"].category
    lava = BrandFactory(name="Lava", slug="lava")

    iphone = ProductFactory(
        title="Apple iPhone 15",
        slug="iphone-15",
        brand=apple,
        category=ios,
        is_5g=True,
        popularity=70,
        rating=Decimal("4.6"),
        review_count=10,
        launch_date="2023-09-22",
    )
    VariantFactory(
        product=iphone, ram_gb=6, storage_gb=128, color="Black", price=Decimal("65000"), mrp=Decimal("79900"), stock=4
    )
    VariantFactory(
        product=iphone, ram_gb=6, storage_gb=256, color="Blue", price=Decimal("75000"), mrp=Decimal("89900"), stock=2
    )
    s24 = ProductFactory(
        title="Samsung Galaxy S24",
        slug="galaxy-s24",
        brand=samsung,
        category=android,
        is_5g=True,
        popularity=80,
        rating=Decimal("4.4"),
        review_count=7,
        launch_date="2024-01-31",
    )
    VariantFactory(
        product=s24,
        ram_gb=8,
        storage_gb=256,
        color="Titanium Gray",
        price=Decimal("74999"),
        mrp=Decimal("79999"),
        stock=3,
    )
    VariantFactory(
        product=s24,
        ram_gb=8,
        storage_gb=512,
        color="Titanium Violet",
        price=Decimal("84999"),
        mrp=Decimal("89999"),
        stock=1,
    )
    one = ProductFactory(
        title="Titanium One",
        slug="titanium-one",
        brand=lava,
        category=android,
        is_5g=False,
        popularity=5,
        rating=Decimal("3.9"),
        review_count=3,
        launch_date=None,
    )
    VariantFactory(
        product=one, ram_gb=4, storage_gb=64, color="Black", price=Decimal("8999"), mrp=Decimal("9999"), stock=10
    )
    for product in (iphone, s24, one):
        ProductImageFactory(product=product)
    return {**catalog, "iphone": iphone, "s24": s24, "one": one}
