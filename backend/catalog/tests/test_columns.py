"""The catalog's columns (catalog.columns) answer the listing exactly as its SQL does (catalog.selectors): the same
facets, price range and phones in the same order, for any filter set and sort, on a catalog built to have the
awkward cases (inactive phones and variants, sold-out variants, equal prices, unknown launch dates, one colour
spelt two ways, a phone without a sellable variant, sub-categories)."""

import gc
import random
import weakref
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from catalog import columns, selectors
from catalog.filters import SORTS, ProductFilter
from catalog.models import Product
from catalog.tests.factories import BrandFactory, CategoryFactory, ProductFactory, VariantFactory

BRANDS = ["acme", "bolt", "core", "dyna"]
COLORS = ["Black", "black", "Ocean Blue", "Green", "White"]
RAM = [4, 6, 8, 12]
STORAGE = [64, 128, 256, 512]
PRICES = [Decimal(p) for p in ("8999.00", "12999.50", "12999.50", "12999.51", "19999.00", "24999.99", "54999.00")]


@pytest.fixture
def awkward_catalog(db):
    rng = random.Random(21)
    brands = [BrandFactory(name=slug.title(), slug=slug) for slug in BRANDS]
    mobiles = CategoryFactory(name="Mobiles", slug="mobiles")
    android = CategoryFactory(name="Android", slug="android", parent=mobiles)
    ios = CategoryFactory(name="iOS", slug="ios", parent=mobiles)
    feature = CategoryFactory(name="Feature phones", slug="feature-phones")
    for n in range(36):
        product = ProductFactory(
            title=f"Phone {n}",
            brand=rng.choice(brands),
            category=rng.choice([android, android, ios, feature, mobiles]),
            is_5g=rng.random() < 0.5,
            is_active=n % 11 != 5,
            rating=Decimal(rng.choice(["0", "3.50", "3.99", "4.00", "4.25", "4.80"])),
            review_count=rng.choice([0, 1, 7, 7, 30]),
            popularity=rng.choice([0, 5, 5, 40, 90]),
            launch_date=None if n % 7 == 3 else date(2024, 1, 1) + timedelta(days=rng.choice([0, 30, 30, 200])),
        )
        options = [(ram, storage, color) for ram in RAM for storage in STORAGE for color in COLORS]
        for ram, storage, color in rng.sample(options, 0 if n == 8 else rng.randint(1, 4)):
            VariantFactory(
                product=product,
                ram_gb=ram,
                storage_gb=storage,
                color=color,
                price=rng.choice(PRICES),
                mrp=Decimal("60000.00"),
                stock=rng.choice([0, 0, 1, 5]),
                is_active=rng.random() > 0.1,
            )


def _some(values):
    return st.lists(st.sampled_from(values), min_size=1, max_size=3, unique=True).map(lambda v: ",".join(map(str, v)))


FILTER_SETS = st.fixed_dictionaries(
    {},
    optional={
        "brand": _some([*BRANDS, "unknown"]),
        "category": st.sampled_from(["mobiles", "android", "ios", "feature-phones"]),
        "is_5g": st.sampled_from(["true", "false"]),
        "rating_min": st.sampled_from(["3.5", "3.995", "4", "4.25"]),
        "ram": _some([*RAM, "8.0", "7.5"]),
        "storage": _some(STORAGE),
        "color": _some(["black", "BLACK", "Ocean Blue", "green", "Purple"]),
        "price_min": st.sampled_from(["0", "12999.50", "12999.499", "20000"]),
        "price_max": st.sampled_from(["12999.50", "12999.501", "25000", "60000"]),
        "available": st.sampled_from(["true", "false"]),
        "sort": st.sampled_from(list(SORTS)),
    },
)


def _filterset(params):
    filterset = ProductFilter(params, queryset=selectors.active_products())
    assert filterset.is_valid(), filterset.errors
    return filterset


def _in_order(order):
    """Every phone of a columns.PhoneOrder, in order, and each shorter start of it found on its own (a page finds only
    as many as it shows)."""
    every = order.first(len(order)).tolist()
    for n in range(len(every)):
        assert order.first(n).tolist() == every[:n]
    assert order.first(len(every) + 5).tolist() == every
    return every


# How a page by price finds its phones (columns.WALK_FIRST, columns.WALK_LONGEST): walked in one step (the catalog is
# small), walked a place at a time to the end, or walked one step and then marked.
WALKS = {"one step": (4096, 0.25), "step by step": (1, 1.0), "marked": (1, 0.0)}


@pytest.mark.django_db
@pytest.mark.parametrize("walk", WALKS)
@hypothesis_settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=FILTER_SETS)
def test_the_columns_answer_every_listing_as_its_sql_does(awkward_catalog, monkeypatch, walk, params):
    monkeypatch.setattr(columns, "WALK_FIRST", WALKS[walk][0])
    monkeypatch.setattr(columns, "WALK_LONGEST", WALKS[walk][1])
    if "price_min" in params and "price_max" in params and Decimal(params["price_min"]) > Decimal(params["price_max"]):
        params["price_max"] = params["price_min"]
    filterset = _filterset(params)
    snapshot = columns.load("test")
    data = filterset.form.cleaned_data
    assert columns.facets(snapshot, columns.select(snapshot, data)) == selectors.listing_facets(filterset)
    in_sql = list(selectors.filtered_products(filterset).values_list("id", flat=True))
    assert _in_order(columns.page_order(snapshot, columns.select(snapshot, data), filterset.sort_key)) == in_sql


def test_the_awkward_catalog_has_its_awkward_cases(awkward_catalog):
    # (so that the property above is tested where the two could differ)
    snapshot = columns.load("test")
    everything = columns.facets(snapshot, columns.select(snapshot, {}))["facets"]
    assert {"Black", "black"} <= set(everything["color"])  # one colour spelt two ways
    assert len(snapshot.variant_price) > len(set(snapshot.variant_phone.tolist()))  # phones with several variants
    assert (~snapshot.variant_in_stock).any() and Product.objects.filter(launch_date=None, is_active=True).exists()


def test_a_new_catalog_version_reads_the_columns_again(api_client, awkward_catalog):
    first = api_client.get("/api/products/", {"sort": "price"}).json()
    snapshot = columns.columns_for_listing()
    assert snapshot is not None and columns.columns_for_listing() is snapshot  # the same version: kept
    cheapest = selectors.active_products().get(slug=first["results"][0]["slug"])
    variant = cheapest.variants.filter(is_active=True).order_by("price").first()
    variant.price = Decimal("100.00")
    variant.save()  # the catalog's version moves (catalog.signals)
    assert columns.columns_for_listing() is not snapshot
    again = api_client.get("/api/products/", {"sort": "price"}).json()
    assert again["price"]["min"] == "100.00" and again["results"][0]["slug"] == cheapest.slug


def test_without_a_catalog_version_the_listing_asks_the_database(settings, awkward_catalog):
    settings.CATALOG_CACHE_SECONDS = 0
    assert columns.columns_for_listing() is None


@pytest.mark.django_db
@pytest.mark.parametrize("phones", [0, 1])  # no phone at all; a phone without a sellable variant
def test_a_catalog_without_sellable_variants_has_empty_columns(phones):
    for n in range(phones):
        VariantFactory(product=ProductFactory(title=f"Phone {n}"), is_active=False)
    filterset = _filterset({"sort": "price", "color": "black"})
    snapshot = columns.load("test")
    selection = columns.select(snapshot, filterset.form.cleaned_data)
    assert columns.facets(snapshot, selection) == selectors.listing_facets(filterset)
    assert _in_order(columns.page_order(snapshot, selection, "price")) == []


@pytest.mark.parametrize(
    "backend, counting, reads",
    [
        ("database", {"database", "search"}, True),
        ("search", {"database", "search"}, True),  # the embedded engine counts listings without words on them
        ("search", {"database"}, False),  # Meilisearch counts
    ],
)
def test_warm_reads_the_columns_ahead_only_where_the_listing_counts_on_them(
    settings, awkward_catalog, backend, counting, reads, monkeypatch
):
    settings.SHOP_LISTING_BACKEND = backend
    monkeypatch.setattr(columns, "COUNTING_BACKENDS", counting)
    monkeypatch.setattr(columns.connection, "close", lambda: None)  # (the test's connection holds its catalog)
    monkeypatch.setattr(columns, "_snapshot", None)
    columns.warm()
    assert (columns._snapshot is not None) == reads
    if reads:  # the places by price made ahead: the listing pages on them
        assert {"cheapest_first", "dearest_first", "variant_rank"} <= set(vars(columns._snapshot))


def test_the_search_app_counts_on_the_columns_when_its_engine_is_the_embedded_one():
    assert "search" in columns.COUNTING_BACKENDS  # (MEILISEARCH_URL is unset in the tests)


def test_a_listing_makes_its_filter_sets_masks_once(api_client, awkward_catalog, monkeypatch, settings):
    """The facets and the page of phones start from the same selection (columns.select): one per request."""
    settings.SHOP_LISTING_BACKEND = "database"
    made = []
    select = columns.select
    monkeypatch.setattr(columns, "select", lambda snapshot, data: made.append(data) or select(snapshot, data))
    answer = api_client.get("/api/products/", {"color": "black", "sort": "price"})
    assert answer.status_code == 200 and answer.json()["count"] > 0
    assert len(made) == 1


@pytest.mark.parametrize(
    ("path", "backend"), [("/api/products/", "database"), ("/api/products/", "search"), ("/api/search/", "search")]
)
def test_a_listings_masks_are_freed_when_it_is_answered(
    api_client, awkward_catalog, monkeypatch, settings, path, backend
):
    """Without waiting for the cycle collector, which the request's objects (the filter set among them) need."""
    settings.SHOP_LISTING_BACKEND = backend
    made = []
    select = columns.select

    def selected(snapshot, data):
        selection = select(snapshot, data)
        made.append(weakref.ref(selection))
        return selection

    monkeypatch.setattr(columns, "select", selected)
    gc.disable()
    try:
        answer = api_client.get(path, {"color": "black", "ram": "8,12", "sort": "-rating"})
        assert answer.status_code == 200 and answer.json()["results"]
        assert len(made) == 1 and made[0]() is None
    finally:
        gc.enable()


def test_facets_are_remembered_per_filter_set_and_snapshot(awkward_catalog):
    def remembered(snapshot, params):
        filterset = _filterset(params)
        selection = lambda: columns.select(snapshot, filterset.form.cleaned_data)  # noqa: E731
        return columns.remembered_facets(snapshot, selectors.filter_key(filterset), selection)

    snapshot = columns.load("one")
    answer = remembered(snapshot, {"brand": "acme"})
    assert answer == columns.facets(snapshot, columns.select(snapshot, _filterset({"brand": "acme"}).form.cleaned_data))
    assert remembered(snapshot, {"brand": "acme", "sort": "price", "page": 2}) is answer  # counted once
    assert remembered(snapshot, {"is_5g": "true"}) is not answer
    assert remembered(columns.load("two"), {"brand": "acme"}) is not answer  # a new catalog version: counted again


def test_the_rows_read_in_chunks_give_the_same_columns(awkward_catalog, monkeypatch):
    whole = columns.load("whole")
    monkeypatch.setattr(columns, "CHUNK_ROWS", 3)  # chunk boundaries everywhere, colours met out of order
    chunked = columns.load("chunked")
    for name, value in vars(whole).items():
        if isinstance(value, columns.np.ndarray):
            assert columns.np.array_equal(value, getattr(chunked, name)), name
    for name in ("ram", "storage", "color"):
        assert vars(getattr(whole, name)).keys() == vars(getattr(chunked, name)).keys()
        for field, value in vars(getattr(whole, name)).items():
            other = getattr(getattr(chunked, name), field)
            assert columns.np.array_equal(value, other) if isinstance(value, columns.np.ndarray) else value == other
    assert whole.folded_colors == chunked.folded_colors


@pytest.mark.parametrize("walk", WALKS)
@pytest.mark.parametrize("sort", ["price", "-price"])
@pytest.mark.parametrize("params", [{}, {"ram": "8"}, {"color": "black"}])
def test_phones_at_the_same_price_go_by_id_both_ways(db, monkeypatch, walk, sort, params):
    monkeypatch.setattr(columns, "WALK_FIRST", WALKS[walk][0])
    monkeypatch.setattr(columns, "WALK_LONGEST", WALKS[walk][1])
    # The places by price break ties on the phone (its id); "-price" must not reverse that tie-break.
    brand = BrandFactory(slug="acme")
    for n, prices in enumerate([(300, 500), (100, 500), (100, 700), (300, 300), (700,)]):
        phone = ProductFactory(title=f"Phone {n}", brand=brand)
        for storage, price in zip((128, 256), prices, strict=False):
            VariantFactory(product=phone, price=Decimal(price), ram_gb=8, storage_gb=storage, color="Black")
    filterset = _filterset({**params, "sort": sort})
    in_sql = list(selectors.filtered_products(filterset).values_list("id", flat=True))
    snapshot = columns.load("test")
    assert (
        _in_order(columns.page_order(snapshot, columns.select(snapshot, filterset.form.cleaned_data), sort)) == in_sql
    )


# Shares of members kept that take each of _groups_with's ways: the kept marked, the left out counted, every one kept.
@pytest.mark.parametrize("share", [0.0, 0.1, 0.5, columns.MOST_KEPT - 0.001, columns.MOST_KEPT, 0.9, 0.999, 1.0])
def test_groups_and_phones_per_value_under_any_share_of_variants_kept(share):
    rng = np.random.default_rng(7)
    phones, keys = 300, ("a", "b", "c", "d", "e")
    variant_phone = np.sort(rng.integers(0, phones, 1_000))  # (some phones get no variant)
    codes = rng.choice([0, 1, 3, 4], len(variant_phone))  # (no variant has "b": a colour only inactive phones have)
    kept = np.zeros(len(variant_phone), dtype=np.bool_)
    kept[rng.permutation(len(kept))[: round(share * len(kept))]] = True
    facet = columns.ValueFacet.of(keys, codes, variant_phone)

    hit = columns._groups_with(variant_phone, columns._sizes(variant_phone, phones), columns.Members(kept))
    assert hit.tolist() == [bool(kept[variant_phone == p].any()) for p in range(phones)]
    expected = [len({p for p, c, k in zip(variant_phone, codes, kept, strict=True) if k and c == v}) for v in range(5)]
    assert facet.phones_per_value(columns.Members(kept)).tolist() == expected
