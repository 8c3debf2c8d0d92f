import pytest

from catalog.tests.factories import ProductFactory, ProductImageFactory, VariantFactory

URL = "/api/products/"


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_default_sort_is_popularity_and_hides_inactive(api_client, catalog):
    assert slugs(api_client.get(URL)) == ["apple-x", "samsung-a", "samsung-b"]


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("price", ["samsung-b", "samsung-a", "apple-x"]),
        ("-price", ["apple-x", "samsung-a", "samsung-b"]),
        ("-rating", ["apple-x", "samsung-a", "samsung-b"]),
        ("newest", ["apple-x", "samsung-a", "samsung-b"]),
        ("popularity", ["apple-x", "samsung-a", "samsung-b"]),
    ],
)
def test_sorts(api_client, catalog, sort, expected):
    assert slugs(api_client.get(URL, {"sort": sort})) == expected


def test_newest_puts_phones_without_launch_date_last(api_client, catalog):
    ProductFactory(title="Undated", slug="undated", launch_date=None, category=catalog["android"])
    VariantFactory(product=catalog["a"].__class__.objects.get(slug="undated"))
    assert slugs(api_client.get(URL, {"sort": "newest"}))[-1] == "undated"


def test_price_sort_uses_cheapest_matching_variant(api_client, catalog):
    # With ram=8, samsung-b's cheapest matching variant costs 14000, samsung-a's 20000.
    response = api_client.get(URL, {"ram": 8, "sort": "-price"})
    assert slugs(response) == ["samsung-a", "samsung-b"]
    assert [row["price"] for row in response.json()["results"]] == ["20000.00", "14000.00"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"brand": "samsung"}, {"samsung-a", "samsung-b"}),
        ({"brand": "samsung,apple"}, {"samsung-a", "samsung-b", "apple-x"}),
        ({"brand": "nokia"}, set()),
        ({"category": "android"}, {"samsung-a", "samsung-b"}),
        ({"category": "mobiles"}, {"samsung-a", "samsung-b", "apple-x"}),
        ({"category": "ios"}, {"apple-x"}),
        ({"price_min": 13000, "price_max": 20000}, {"samsung-a", "samsung-b"}),
        ({"price_max": 12000}, {"samsung-b"}),
        ({"price_min": 75000}, set()),  # the 80000 variant is inactive
        ({"ram": 12}, {"samsung-a"}),
        ({"ram": "6,12"}, {"samsung-a", "samsung-b", "apple-x"}),
        ({"storage": 256}, {"samsung-a"}),
        ({"color": "black"}, {"samsung-a", "samsung-b"}),
        ({"color": "White"}, {"apple-x"}),
        ({"is_5g": "true"}, {"samsung-a", "apple-x"}),
        ({"is_5g": "false"}, {"samsung-b"}),
        ({"available": "true"}, {"samsung-a", "samsung-b", "apple-x"}),
        ({"rating_min": 4.5}, {"samsung-a", "apple-x"}),
        # Variant filters hold for one and the same variant: a's 12 GB variant is out of stock.
        ({"ram": 12, "available": "true"}, set()),
        ({"ram": 8, "color": "Blue"}, set()),
        ({"brand": "samsung", "ram": 8, "sort": "price"}, {"samsung-a", "samsung-b"}),
    ],
)
def test_filters(api_client, catalog, params, expected):
    assert set(slugs(api_client.get(URL, params))) == expected


def test_repeated_brand_params(api_client, catalog):
    assert set(slugs(api_client.get(f"{URL}?brand=samsung&brand=apple"))) == {"samsung-a", "samsung-b", "apple-x"}


def test_row_shape(api_client, catalog):
    row = api_client.get(URL, {"brand": "samsung", "sort": "-price"}).json()["results"][0]
    assert row["slug"] == "samsung-a"
    assert row["brand"] == {"slug": "samsung", "name": "Samsung"}
    assert row["category_path"] == "Mobiles > Android"
    assert (row["price"], row["mrp"], row["discount_percent"]) == ("20000.00", "25000.00", 20)
    assert row["available"] is True
    assert row["ram_options"] == [8, 12] and row["storage_options"] == [128, 256]
    assert row["rating"] == 4.5 and row["review_count"] == 2 and row["is_5g"] is True
    assert row["thumbnail"]["width"] == 400 and row["thumbnail"]["height"] == 800
    assert row["thumbnail"]["url"].startswith("http")


def test_available_flag_follows_matching_variants(api_client, catalog):
    row = api_client.get(URL, {"ram": 12}).json()["results"][0]
    assert row["slug"] == "samsung-a" and row["available"] is False and row["price"] == "30000.00"


def test_facets_count_products_in_the_result_set(api_client, catalog):
    body = api_client.get(URL, {"brand": "samsung"}).json()
    assert body["facets"] == {
        "brand": {"apple": 1, "samsung": 2},  # a facet ignores its own filter: other brands stay choosable
        "ram": {"6": 1, "8": 2, "12": 1},
        "storage": {"128": 2, "256": 1},
        "color": {"Black": 2, "Blue": 1, "Green": 1},
        "is_5g": {"false": 1, "true": 1},
    }
    assert body["price"] == {"min": "12000.00", "max": "30000.00"}


def test_facets_respect_variant_filters(api_client, catalog):
    body = api_client.get(URL, {"available": "true"}).json()
    assert body["facets"]["ram"] == {"6": 2, "8": 2}  # a's 12 GB is out of stock, x's 256 GB inactive
    assert body["price"] == {"min": "12000.00", "max": "70000.00"}


def test_each_facet_ignores_only_its_own_filter(api_client, catalog):
    body = api_client.get(URL, {"ram": 8, "color": "black", "price_max": 25000}).json()
    assert [r["slug"] for r in body["results"]] == ["samsung-a"]
    facets = body["facets"]
    assert facets["ram"] == {"6": 1, "8": 1}  # black and <= 25000, any RAM: a (8 GB), b (6 GB)
    assert facets["color"] == {"Black": 1, "Green": 1}  # 8 GB and <= 25000, any colour: a black, b green
    assert facets["brand"] == {"samsung": 1}
    assert body["price"] == {"min": "20000.00", "max": "20000.00"}  # 8 GB black at any price


def test_empty_result_has_empty_facets(api_client, catalog):
    body = api_client.get(URL, {"rating_min": 4.9}).json()
    assert body["count"] == 0 and body["results"] == [] and body["total_pages"] == 0
    assert all(counts == {} for counts in body["facets"].values()) and body["price"] == {"min": None, "max": None}
    # An unknown brand empties the results, but the brand facet still offers the real ones.
    assert api_client.get(URL, {"brand": "nokia"}).json()["facets"]["brand"] == {"apple": 1, "samsung": 2}


def test_pagination(api_client, catalog):
    body = api_client.get(URL, {"page_size": 2, "page": 2}).json()
    assert body["count"] == 3 and body["page"] == 2 and body["total_pages"] == 2
    assert [r["slug"] for r in body["results"]] == ["samsung-b"]
    for asked in ("101", "99999999999999999999"):  # above the maximum: capped, and the answer says so
        body = api_client.get(URL, {"page_size": asked}).json()
        assert body["page_size"] == 100 and body["count"] == 3 and len(body["results"]) == 3


@pytest.mark.parametrize(
    "params, field",
    [
        ({"page": 0}, "page"),
        ({"page": -1}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": 3, "page_size": 2}, "page"),
        ({"page": "99999999999999999999"}, "page"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
        ({"page_size": "x"}, "page_size"),
        ({"sort": "name"}, "sort"),
        ({"ram": "eight"}, "ram"),
        ({"ram": 0}, "ram"),
        ({"storage": 99999}, "storage"),
        ({"price_min": "cheap"}, "price_min"),
        ({"price_min": -1}, "price_min"),
        ({"price_max": "1e30"}, "price_max"),
        ({"price_min": 5000, "price_max": 1000}, "price_max"),
        ({"is_5g": "maybe"}, "is_5g"),
        ({"available": "2"}, "available"),
        ({"rating_min": 6}, "rating_min"),
        ({"category": "no-such-category"}, "category"),
        ({"brand": ",".join(f"b{i}" for i in range(21))}, "brand"),
        ({"color": "x" * 41}, "color"),
    ],
)
def test_bad_parameters_are_400_with_field_errors(api_client, catalog, params, field):
    response = api_client.get(URL, params)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"], error


def _grow_catalog(products: int, variants_per_product: int):
    for _ in range(products):
        product = ProductFactory()
        for i in range(variants_per_product):
            VariantFactory(product=product, ram_gb=4 + i, color=f"Colour {i}")
        ProductImageFactory(product=product)
        ProductImageFactory(product=product)


def test_listing_in_sql_runs_a_fixed_number_of_queries(api_client, catalog, settings, django_assert_num_queries):
    # Without a catalog version (caching off) there are no columns to trust: the listing asks the database.
    # page + 3 prefetches (matching variants, active variants, images) + 6 facet queries; no COUNT query:
    # the count is read off the brand facet (catalog.selectors.count_from_facets)
    settings.CATALOG_CACHE_SECONDS = 0
    expected = 10
    with django_assert_num_queries(expected):
        assert api_client.get(URL, {"page_size": 3}).status_code == 200
    _grow_catalog(products=30, variants_per_product=5)
    with django_assert_num_queries(expected):
        assert len(api_client.get(URL, {"page_size": 30}).json()["results"]) == 30
    with django_assert_num_queries(expected):
        assert len(api_client.get(URL, {"page_size": 30, "ram": "4,5", "sort": "price"}).json()["results"]) == 30
    with django_assert_num_queries(expected + 1):  # + the category lookup
        assert api_client.get(URL, {"category": "mobiles", "ram": "8", "sort": "-rating"}).json()["count"] == 2


def test_listing_on_the_columns_reads_only_the_page(api_client, catalog, django_assert_num_queries):
    # The columns are read once per catalog version (phones, brands, variants, categories: 4 queries); then a
    # listing of any filters is the page's rows (phones, variants, images: catalog.selectors.plain_listing_rows),
    # facets and count from the columns.
    read_columns, page = 4, 3
    with django_assert_num_queries(read_columns + page):
        assert api_client.get(URL, {"page_size": 3}).status_code == 200
    with django_assert_num_queries(page):
        assert api_client.get(URL, {"page_size": 3, "sort": "price"}).status_code == 200
    _grow_catalog(products=30, variants_per_product=5)  # a new version: the columns are read again, once
    with django_assert_num_queries(read_columns + page):
        assert len(api_client.get(URL, {"page_size": 30}).json()["results"]) == 30
    with django_assert_num_queries(page):
        assert len(api_client.get(URL, {"page_size": 30, "ram": "4,5", "sort": "price"}).json()["results"]) == 30
    with django_assert_num_queries(page + 1):  # + the category lookup
        assert api_client.get(URL, {"category": "mobiles", "ram": "8", "sort": "-rating"}).json()["count"] == 2
