"""One contract, every engine present: the embedded one always (SQLite, and PostgreSQL in CI), Meilisearch
when MEILISEARCH_URL points at a server. Everything goes through GET /api/search/.

Filters, facets, sorts and pages hold for the database fallback too ("fallback": the embedded index broken,
search.selectors answers); words there match whole phones, without typos or relevance (test_degraded.py)."""

import pytest

from search import services
from search.tests.conftest import MEILISEARCH_URL, NO_MEILISEARCH

URL = "/api/search/"
LISTING = "/api/products/"


ENGINES = [
    "database",
    pytest.param("meilisearch", marks=pytest.mark.skipif(not MEILISEARCH_URL, reason=NO_MEILISEARCH)),
]


def _engine(request, settings):
    settings.MEILISEARCH_URL = MEILISEARCH_URL if request.param == "meilisearch" else ""
    if request.param == "fallback":
        settings.SEARCH_INDEX_DIR.write_text("not an index")
        yield request.param
        return
    services.rebuild([request.param])
    yield request.param
    if request.param == "meilisearch":
        backend = services.meilisearch_backend()
        backend.client.index(backend.uid).delete()


@pytest.fixture(params=ENGINES)
def engine(request, settings, shop):
    yield from _engine(request, settings)


@pytest.fixture(params=[*ENGINES, "fallback"])
def any_engine(request, settings, shop):
    """The engines, and the database answering for a broken embedded index."""
    yield from _engine(request, settings)


def search(client, engine, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["backend"] == ("database" if engine == "fallback" else engine)
    assert body["degraded"] is (engine == "fallback")
    return body


def slugs(body):
    return [row["slug"] for row in body["results"]]


@pytest.mark.parametrize(
    "q, expected",
    [
        ("samsng", {"samsung-a", "samsung-b", "galaxy-s24"}),  # one letter missing
        ("smasung", {"samsung-a", "samsung-b", "galaxy-s24"}),  # two letters swapped: one typo
        ("iphnoe", {"iphone-15"}),
        ("appel", {"apple-x", "iphone-15"}),  # five letters: one typo allowed
        ("galxy", {"galaxy-s24"}),
        ("aple ", set()),  # four letters: no typo allowed (and the trailing space ends the word: no prefix)
        ("titanum", {"titanium-one", "galaxy-s24"}),
    ],
)
def test_typos(api_client, engine, q, expected):
    assert set(slugs(search(api_client, engine, q=q))) == expected


@pytest.mark.parametrize(
    "q, expected",
    [
        ("sams", {"samsung-a", "samsung-b", "galaxy-s24"}),
        ("iph", {"iphone-15"}),
        ("galaxy s2", {"galaxy-s24"}),  # the last word is a prefix while typing
        ("ti", {"titanium-one", "galaxy-s24"}),
        ("sams ", set()),  # a finished word is a word, not a prefix
    ],
)
def test_prefixes_for_search_as_you_type(api_client, engine, q, expected):
    assert set(slugs(search(api_client, engine, q=q))) == expected


def test_title_outranks_colour(api_client, engine):
    assert slugs(search(api_client, engine, q="titanium")) == ["titanium-one", "galaxy-s24"]


def test_equally_relevant_phones_come_by_popularity(api_client, engine):
    assert slugs(search(api_client, engine, q="samsung")) == ["galaxy-s24", "samsung-a", "samsung-b"]


def test_synonyms(api_client, engine):
    assert set(slugs(search(api_client, engine, q="iphone"))) == {"iphone-15", "apple-x"}
    assert slugs(search(api_client, engine, q="apple 256 gigabytes")) == ["iphone-15"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"q": "samsung black"}, {"samsung-a", "samsung-b"}),
        ({"q": "samsung black", "ram": 8}, {"samsung-a"}),  # b's black phone has 6 GB: same variant or nothing
        ({"q": "samsung", "ram": 12, "available": "true"}, set()),  # a's 12 GB is out of stock
        ({"q": "samsung", "price_min": 13000, "price_max": 20000}, {"samsung-a", "samsung-b"}),
        ({"q": "samsung galaxy", "storage": 512}, {"galaxy-s24"}),
        ({"q": "apple", "category": "ios", "rating_min": 4.7}, {"apple-x"}),
        ({"q": "titanium", "brand": "apple"}, set()),
        ({"q": "one", "is_5g": "false"}, {"titanium-one"}),
        ({"q": "black", "color": "BLACK", "brand": "samsung,lava"}, {"samsung-a", "samsung-b", "titanium-one"}),
        ({"q": "titanium", "color": "titanium violet"}, {"galaxy-s24"}),
        ({"q": "android 5g"}, {"samsung-a", "galaxy-s24"}),
    ],
)
def test_multi_word_queries_with_filters(api_client, engine, params, expected):
    assert set(slugs(search(api_client, engine, **params))) == expected


def test_the_row_shows_the_variant_that_matched(api_client, engine):
    body = search(api_client, engine, q="samsung blue")
    assert slugs(body) == ["samsung-a"]
    row = body["results"][0]
    # The price shown is the blue variant's; "available" is the phone's within the filters (as in the listing).
    assert (row["price"], row["mrp"], row["available"]) == ("30000.00", "35000.00", True)
    assert row["ram_options"] == [8, 12] and row["storage_options"] == [128, 256]
    assert set(row) == {
        "id",
        "slug",
        "title",
        "brand",
        "category_path",
        "price",
        "mrp",
        "discount_percent",
        "rating",
        "review_count",
        "available",
        "thumbnail",
        "ram_options",
        "storage_options",
        "is_5g",
    }


def test_facet_counts_count_phones_over_the_whole_result(api_client, any_engine):
    body = search(api_client, any_engine, q="samsung", page_size=1)
    assert body["total"] == 3 and len(body["results"]) == 1
    assert body["facets"] == {
        "brand": {"samsung": 3},
        "ram": {"6": 1, "8": 3, "12": 1},
        "storage": {"128": 2, "256": 2, "512": 1},
        "color": {"Black": 2, "Blue": 1, "Green": 1, "Titanium Gray": 1, "Titanium Violet": 1},
        "is_5g": {"false": 1, "true": 2},
    }
    assert body["price"] == {"min": "12000.00", "max": "84999.00"}


def test_facets_follow_variant_filters(api_client, any_engine):
    body = search(api_client, any_engine, q="samsung", available="true", ram=8)
    assert set(slugs(body)) == {"samsung-a", "samsung-b", "galaxy-s24"}
    assert body["facets"]["ram"] == {"6": 1, "8": 3}  # without its own filter: b's 6 GB stays on offer
    assert body["facets"]["storage"] == {"128": 2, "256": 1, "512": 1}  # not a's 256 GB: out of stock, 12 GB
    assert body["facets"]["color"] == {"Black": 1, "Green": 1, "Titanium Gray": 1, "Titanium Violet": 1}
    assert body["price"] == {"min": "14000.00", "max": "84999.00"}


def test_each_facet_counts_without_its_own_filter(api_client, engine):
    body = search(api_client, engine, q="black", brand="samsung")
    assert set(slugs(body)) == {"samsung-a", "samsung-b"}
    assert body["facets"]["brand"] == {"apple": 1, "lava": 1, "samsung": 2}  # other brands stay choosable
    assert body["facets"]["ram"] == {"6": 1, "8": 1}
    body = search(api_client, engine, q="samsung", color="blue", price_max=25000)
    assert body["total"] == 0
    assert body["facets"]["color"] == {"Black": 2, "Green": 1}  # samsung, <= 25000, any colour
    assert body["price"] == {"min": "30000.00", "max": "30000.00"}  # samsung, blue, at any price
    assert body["facets"]["brand"] == {}


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("price", ["samsung-b", "samsung-a", "galaxy-s24"]),
        ("-price", ["galaxy-s24", "samsung-a", "samsung-b"]),
        ("-rating", ["samsung-a", "galaxy-s24", "samsung-b"]),
        ("newest", ["samsung-a", "samsung-b", "galaxy-s24"]),
        ("popularity", ["galaxy-s24", "samsung-a", "samsung-b"]),
    ],
)
def test_sorts(api_client, any_engine, sort, expected):
    assert slugs(search(api_client, any_engine, q="samsung", sort=sort)) == expected


def test_price_sorts_show_the_variant_they_sorted_by(api_client, engine):
    assert [r["price"] for r in search(api_client, engine, q="samsung", sort="price")["results"]] == [
        "12000.00",
        "20000.00",
        "74999.00",
    ]
    assert [r["price"] for r in search(api_client, engine, q="samsung", sort="-price")["results"]] == [
        "84999.00",
        "30000.00",
        "14000.00",
    ]


def test_pagination_edges(api_client, any_engine):
    first = search(api_client, any_engine, q="samsung", page_size=2)
    assert (first["total"], first["page"], first["total_pages"], first["page_size"]) == (3, 1, 2, 2)
    last = search(api_client, any_engine, q="samsung", page_size=2, page=2)
    assert slugs(first) + slugs(last) == ["galaxy-s24", "samsung-a", "samsung-b"]
    assert search(api_client, any_engine, q="samsung", page_size=3)["total_pages"] == 1
    beyond = api_client.get(URL, {"q": "samsung", "page_size": 2, "page": 3})
    assert beyond.status_code == 400 and "page" in beyond.json()["error"]["fields"]
    nothing = search(api_client, any_engine, q="nokia")
    assert (nothing["total"], nothing["total_pages"], nothing["results"]) == (0, 0, [])
    assert nothing["facets"] == {"brand": {}, "ram": {}, "storage": {}, "color": {}, "is_5g": {}}
    assert nothing["price"] == {"min": None, "max": None}
    assert api_client.get(URL, {"q": "nokia", "page": 2}).status_code == 400


def test_every_page_of_a_long_result_holds_each_phone_once(api_client, any_engine):
    seen = []
    for page in (1, 2, 3):
        seen += slugs(search(api_client, any_engine, page_size=2, page=page, sort="price"))
    assert seen == ["titanium-one", "samsung-b", "samsung-a", "iphone-15", "apple-x", "galaxy-s24"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"brand": "samsung"},
        {"brand": "samsung,apple", "sort": "price"},
        {"category": "android", "sort": "-rating"},
        {"category": "ios", "sort": "newest"},  # (undated phones: see test_newest_puts_undated_phones_last)
        {"price_min": 13000, "price_max": 70000},
        {"ram": "6,12", "sort": "price"},
        {"storage": 256},
        {"color": "black"},
        {"is_5g": "false"},
        {"available": "true"},
        {"rating_min": 4.5},
        {"ram": 12, "available": "true"},
        {"brand": "nokia"},
    ],
)
def test_an_empty_query_browses_exactly_like_the_listing(api_client, any_engine, params):
    body = search(api_client, any_engine, **params)
    listing = api_client.get(LISTING, params).json()
    assert body["query"] == ""
    assert slugs(body) == [row["slug"] for row in listing["results"]]
    assert body["results"] == listing["results"]
    assert (body["total"], body["facets"], body["price"]) == (listing["count"], listing["facets"], listing["price"])


def test_newest_puts_undated_phones_last(api_client, any_engine):
    # The database listing leaves this to the database: last on SQLite, first on PostgreSQL.
    assert slugs(search(api_client, any_engine, sort="newest")) == [
        "apple-x",
        "samsung-a",
        "samsung-b",
        "galaxy-s24",
        "iphone-15",
        "titanium-one",
    ]
