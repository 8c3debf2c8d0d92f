"""GET /api/search/, GET /api/search/suggest/, the /shop switch and readiness: shapes and refusals."""

from decimal import Decimal

import pytest

from catalog.tests.factories import ProductFactory, VariantFactory

URL = "/api/search/"
SUGGEST = "/api/search/suggest/"


def test_answer_shape(api_client, shop):
    body = api_client.get(URL, {"q": "samsung"}).json()
    assert list(body) == [
        "query",
        "results",
        "total",
        "page",
        "total_pages",
        "page_size",
        "facets",
        "price",
        "backend",
        "degraded",
        "took_ms",
    ]
    assert body["backend"] == "database" and isinstance(body["took_ms"], float) and body["page_size"] == 24
    assert body["degraded"] is False
    assert list(body["facets"]) == ["brand", "ram", "storage", "color", "is_5g"]


def test_empty_query_browses_by_popularity(api_client, shop):
    body = api_client.get(URL, {"q": "   "}).json()
    assert body["query"] == "" and body["total"] == 6
    assert [r["slug"] for r in body["results"]][:3] == ["apple-x", "galaxy-s24", "iphone-15"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"q": "x" * 201}, "q"),
        ({"page": 0}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "99999999999999999999"}, "page"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": "2.5"}, "page_size"),
        ({"sort": "name"}, "sort"),
        ({"sort": "relevance"}, "sort"),
        ({"ram": "eight"}, "ram"),
        ({"storage": 99999}, "storage"),
        ({"price_min": "cheap"}, "price_min"),
        ({"price_min": 5000, "price_max": 1000}, "price_max"),
        ({"is_5g": "maybe"}, "is_5g"),
        ({"available": "2"}, "available"),
        ({"rating_min": 6}, "rating_min"),
        ({"category": "no-such-category"}, "category"),
        ({"brand": ",".join(f"b{i}" for i in range(21))}, "brand"),
        ({"color": "x" * 41}, "color"),
    ],
)
def test_bad_parameters_are_400_in_the_error_shape(api_client, shop, params, field):
    response = api_client.get(URL, {"q": "samsung", **params})
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"], error


def test_a_long_query_and_bad_filters_are_reported_together(api_client, shop):
    response = api_client.get(URL, {"q": "x" * 201, "ram": "eight"})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"q", "ram"}


def test_two_hundred_characters_are_fine(api_client, shop):
    assert api_client.get(URL, {"q": "samsung " + "x" * 192}).status_code == 200


def test_search_runs_a_fixed_number_of_queries(api_client, shop, django_assert_num_queries):
    api_client.get(URL, {"q": "samsung"})  # builds the index
    for n in range(20):
        product = ProductFactory(title=f"Samsung Extra {n}")
        for ram in (4, 6, 8):
            VariantFactory(product=product, ram_gb=ram)
    from search import services

    services.rebuild(["database"])
    # phones, their variants (whether each matches, too), their images; the engine is not SQL.
    with django_assert_num_queries(3):
        assert len(api_client.get(URL, {"q": "samsung", "page_size": 24}).json()["results"]) == 23
    with django_assert_num_queries(4):  # + the category lookup of the filter
        api_client.get(URL, {"q": "samsung", "category": "android", "ram": "6,8"})


def test_suggestions(api_client, shop):
    body = api_client.get(SUGGEST, {"q": "sam"}).json()
    assert body == {
        "query": "sam",
        "suggestions": [
            {"type": "brand", "title": "Samsung", "slug": "samsung"},
            {"type": "product", "title": "Samsung Galaxy S24", "slug": "galaxy-s24"},
            {"type": "product", "title": "Samsung A", "slug": "samsung-a"},
            {"type": "product", "title": "Samsung B", "slug": "samsung-b"},
        ],
    }
    assert api_client.get(SUGGEST, {"q": "iphnoe"}).json()["suggestions"] == [
        {"type": "product", "title": "Apple iPhone 15", "slug": "iphone-15"}
    ]
    assert api_client.get(SUGGEST, {"q": "galaxy s"}).json()["suggestions"] == [
        {"type": "product", "title": "Samsung Galaxy S24", "slug": "galaxy-s24"}
    ]


def test_at_most_eight_suggestions_each_phone_once(api_client, shop):
    for n in range(12):
        product = ProductFactory(title=f"Nova {n}", popularity=n)
        VariantFactory(product=product, color="Black")
        VariantFactory(product=product, color="White")
    suggestions = api_client.get(SUGGEST, {"q": "nov"}).json()["suggestions"]
    assert len(suggestions) == 8
    assert [s["title"] for s in suggestions] == [f"Nova {n}" for n in range(11, 3, -1)]  # most popular first


def test_suggest_edges(api_client, shop):
    assert api_client.get(SUGGEST).json() == {"query": "", "suggestions": []}
    assert api_client.get(SUGGEST, {"q": "  "}).json() == {"query": "", "suggestions": []}
    assert api_client.get(SUGGEST, {"q": "zzzz"}).json()["suggestions"] == []
    response = api_client.get(SUGGEST, {"q": "x" * 201})
    assert response.status_code == 400 and "q" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"brand": "samsung", "sort": "price"},
        {"category": "android", "ram": 8},
        {"available": "true"},
        {"sort": "-rating", "page_size": 2, "page": 2},
        {"brand": "nokia"},
    ],
)
def test_shop_listing_on_search_answers_in_the_same_shape(api_client, shop, settings, params):
    settings.CATALOG_CACHE_SECONDS = 0  # the same URL twice: the second answer must not be the first one kept
    database = api_client.get("/api/products/", params).json()
    settings.SHOP_LISTING_BACKEND = "search"
    on_search = api_client.get("/api/products/", params).json()
    assert (
        list(on_search) == list(database) == ["count", "page", "total_pages", "page_size", "facets", "price", "results"]
    )
    assert on_search == database


@pytest.mark.parametrize("sort", ["popularity", "-rating", "newest"])
@pytest.mark.parametrize("filters", [{}, {"is_5g": "true"}, {"category": "android"}, {"brand": "samsung,apple"}])
def test_every_page_of_a_sort_by_the_phones_own_key_is_the_listings(api_client, shop, settings, sort, filters):
    # These pages are read at their offset from the phones' representatives (embedded._page_of_phones), not
    # grouped from a window of variants: the same phones, order, count, facets and rows on every page.
    settings.CATALOG_CACHE_SECONDS = 0  # each URL twice, once per backend: no answer kept in between
    params = {**filters, "sort": sort, "page_size": 2}
    first = api_client.get("/api/products/", params).json()
    assert first["count"] > 2  # more than one page, so the offset is exercised
    for page in range(1, first["total_pages"] + 1):
        settings.SHOP_LISTING_BACKEND = "database"
        database = api_client.get("/api/products/", {**params, "page": page}).json()
        settings.SHOP_LISTING_BACKEND = "search"
        assert api_client.get("/api/products/", {**params, "page": page}).json() == database


@pytest.mark.parametrize(
    "url, params",
    [
        ("/api/products/", {}),
        ("/api/products/", {"brand": "samsung,apple", "sort": "price"}),
        ("/api/products/", {"ram": 8, "sort": "-price", "page_size": 2, "page": 2}),
        ("/api/products/", {"available": "true", "storage": "128,256", "is_5g": "true"}),
        ("/api/products/", {"color": "black", "price_max": 80000, "category": "android"}),
        ("/api/products/", {"sort": "newest", "page_size": 2, "page": 3}),
        ("/api/products/", {"sort": "-rating", "available": "true", "page_size": 3, "page": 2}),
        ("/api/products/", {"sort": "price", "price_min": 20000, "page_size": 2, "page": 2}),
        ("/api/products/", {"sort": "-price", "available": "true", "page_size": 3, "page": 2}),
        (URL, {"sort": "-price", "price_max": 80000, "category": "android"}),
        (URL, {"q": "  ", "brand": "samsung", "sort": "newest"}),
        (URL, {"brand": "samsung,apple", "page_size": 2, "page": 2}),
        (URL, {"q": "--", "category": "android"}),  # a text without words: by relevance, which the engine orders
    ],
)
def test_without_words_the_catalogs_columns_page_and_count(api_client, shop, settings, monkeypatch, url, params):
    # The embedded engine reads every matching variant for a page and for its distinct counts over variants (its
    # _page and _summary), slow at scale; a request without words is answered on the catalog's columns instead
    # (search.services._listing_page and _listing_summary): the same answer, "-price" included (by each phone's
    # dearest matching variant, which the database listing does not do). The engine still ranks by relevance.
    from search.backends.embedded import EmbeddedBackend

    settings.SHOP_LISTING_BACKEND = "search"
    settings.CATALOG_CACHE_SECONDS = 0  # no columns (no catalog version to trust): the engine pages and counts
    by_engine = api_client.get(url, params).json()
    summed, paged = [], []
    engine_page = EmbeddedBackend._page
    monkeypatch.setattr(EmbeddedBackend, "_summary", lambda *args: summed.append(args) or 1 / 0)
    monkeypatch.setattr(EmbeddedBackend, "_page", lambda *args: paged.append(args) or engine_page(*args))
    settings.CATALOG_CACHE_SECONDS = 300
    on_columns = api_client.get(url, params).json()
    assert not summed
    assert bool(paged) == bool(params.get("q", "").strip())
    for answer in (by_engine, on_columns):
        answer.pop("took_ms", None)  # (/api/search/ says how long it took)
    assert on_columns == by_engine and on_columns["results"]


def test_by_dearest_price_the_columns_page_as_the_engine_does_among_equal_prices(api_client, shop, settings):
    # "-price" on the embedded engine: phones by their dearest matching variant, each row showing it, the lowest id
    # of equal prices; phones of equal dearest prices by id. On the catalog's columns, the same answer.
    first, second = (ProductFactory(title=f"Equal {n}", slug=f"equal-{n}", popularity=1) for n in (1, 2))
    for phone, color, price, mrp in (
        (first, "Black", "99000", "109000"),
        (first, "White", "99000", "99000"),
        (first, "Grey", "50000", "50000"),
        (second, "Red", "99000", "99000"),
    ):
        VariantFactory(product=phone, ram_gb=8, storage_gb=256, color=color, price=Decimal(price), mrp=Decimal(mrp))
    settings.SHOP_LISTING_BACKEND = "search"
    params = {"sort": "-price", "ram": 8, "page_size": 3}
    settings.CATALOG_CACHE_SECONDS = 0  # no columns: the engine pages
    by_engine = api_client.get("/api/products/", params).json()
    settings.CATALOG_CACHE_SECONDS = 300
    on_columns = api_client.get("/api/products/", params).json()
    assert on_columns == by_engine
    top = on_columns["results"][:2]
    assert [row["slug"] for row in top] == ["equal-1", "equal-2"]
    assert (top[0]["price"], top[0]["mrp"]) == ("99000.00", "109000.00")  # Black's: the lower id of the two


def test_with_words_the_engine_counts(api_client, shop, monkeypatch):
    from search.backends.embedded import EmbeddedBackend

    summed = []
    original = EmbeddedBackend._summary
    monkeypatch.setattr(EmbeddedBackend, "_summary", lambda *args: summed.append(args) or original(*args))
    assert api_client.get(URL, {"q": "galaxy", "brand": "samsung"}).json()["total"] >= 1
    assert len(summed) == 1


@pytest.mark.parametrize(
    "params, field",
    [
        ({"page": 3, "page_size": 4}, "page"),
        ({"sort": "name"}, "sort"),
        ({"ram": 0}, "ram"),
        ({"page_size": "0"}, "page_size"),
    ],
)
def test_shop_listing_on_search_refuses_what_the_listing_refuses(api_client, shop, settings, params, field):
    settings.SHOP_LISTING_BACKEND = "search"
    response = api_client.get("/api/products/", params)
    assert response.status_code == 400 and field in response.json()["error"]["fields"]


def test_shop_listing_on_search_uses_the_search_engine(api_client, shop, settings, monkeypatch):
    from search import services

    used = []
    original = services.search
    monkeypatch.setattr(services, "search", lambda request, filters: used.append(request) or original(request, filters))
    settings.SHOP_LISTING_BACKEND = "search"
    assert api_client.get("/api/products/", {"brand": "apple"}).json()["count"] == 2
    assert len(used) == 1 and used[0].filters.brands == ("apple",) and used[0].sort == "popularity"


def test_ready_reports_search(api_client, db):
    body = api_client.get("/api/ready/").json()
    assert body["status"] == "ok"
    assert body["components"]["search"]["status"] == "ok"
    assert body["components"]["search"]["backend"] == "database"
    assert body["components"]["search"]["engine"] == "embedded"


def test_a_degraded_component_shows_without_failing_readiness(api_client, db, monkeypatch):
    from core import views

    monkeypatch.setitem(views.READINESS_PROBES, "search", lambda: {"status": "degraded", "error": "Timeout"})
    response = api_client.get("/api/ready/")
    assert response.status_code == 200 and response.json()["status"] == "degraded"
    assert response.json()["components"]["search"]["status"] == "degraded"
    monkeypatch.setitem(views.READINESS_PROBES, "cache", lambda: 1 / 0)
    assert api_client.get("/api/ready/").status_code == 503  # down still wins


def test_schema_documents_search(api_client, db):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    params = {p["name"] for p in schema["paths"]["/api/search/"]["get"]["parameters"]}
    assert {
        "q",
        "brand",
        "category",
        "price_min",
        "price_max",
        "ram",
        "storage",
        "color",
        "is_5g",
        "available",
        "rating_min",
        "sort",
        "page",
        "page_size",
    } <= params
    assert "/api/search/suggest/" in schema["paths"]
