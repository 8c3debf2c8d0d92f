"""Catalog caches: HTTP headers (CDN, ETag, 304), personal answers never stored, invalidation on every
catalog change, the count read off the facets, the home sections."""

import itertools
import threading
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from redis.connection import Connection

from catalog import selectors
from catalog.filters import ProductFilter
from catalog.models import Product
from catalog.tests.factories import BrandFactory, ProductFactory
from core import cache as core_cache

PUBLIC = [
    "/api/products/",
    "/api/products/?brand=samsung&sort=price",
    "/api/products/samsung-a/",
    "/api/categories/",
    "/api/brands/",
    "/api/home/",
    "/api/sitemap/",
    "/api/search/?q=samsung",
    "/api/search/suggest/?q=sam",
]


@pytest.mark.parametrize("url", PUBLIC)
def test_anonymous_catalog_answers_are_cdn_cacheable_with_an_etag(api_client, catalog, settings, url):
    settings.HTTP_CACHE_S_MAXAGE, settings.HTTP_CACHE_STALE_WHILE_REVALIDATE = 120, 600
    response = api_client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=120, stale-while-revalidate=600"
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = api_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag and again["Cache-Control"].startswith("public")
    assert api_client.get(url, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    assert api_client.get(url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_a_signed_in_caller_gets_the_same_body_but_private_no_store(auth_client, api_client, catalog):
    anonymous = api_client.get("/api/products/")
    response = auth_client.get("/api/products/", HTTP_IF_NONE_MATCH=anonymous["ETag"])
    assert response.status_code == 200  # never a 304 from a shared answer to a request with credentials
    assert response["Cache-Control"] == "private, no-store"
    assert response.json() == anonymous.json()


@pytest.mark.parametrize("url", ["/api/cart/", "/api/orders/", "/api/auth/me/", "/api/addresses/"])
def test_personal_answers_are_never_stored(auth_client, api_client, url):
    # (core.middleware.SecurityHeadersMiddleware; checked here beside the public ones)
    assert "no-store" in auth_client.get(url)["Cache-Control"]
    assert "no-store" in api_client.get(url)["Cache-Control"]  # even the 401 / guest answer


def test_errors_are_not_cached_and_not_public(api_client, catalog):
    response = api_client.get("/api/products/", {"ram": "x"})
    assert response.status_code == 400 and "public" not in response.get("Cache-Control", "")
    assert api_client.get("/api/products/no-such-phone/").status_code == 404


def test_a_change_is_visible_at_once(api_client, catalog):
    before = api_client.get("/api/products/samsung-a/").json()
    brands = api_client.get("/api/brands/").json()
    variant = catalog["a"].variants.order_by("price").first()
    variant.price = Decimal("19999.00")
    variant.save()
    assert api_client.get("/api/products/samsung-a/").json()["price"] == "19999.00" != before["price"]
    assert api_client.get("/api/products/", {"sort": "price"}).json()["results"][1]["price"] == "19999.00"
    BrandFactory(name="Nokia", slug="nokia")
    assert len(api_client.get("/api/brands/").json()) == len(brands) + 1
    catalog["a"].title = "Samsung A Prime"
    catalog["a"].save()
    assert api_client.get("/api/home/").json()["newest"][1]["title"] == "Samsung A Prime"


def test_the_version_is_bumped_again_when_the_transaction_commits(catalog):
    from django.db import connection

    from catalog.cache import invalidate

    with transaction.atomic():
        for product in Product.objects.all():
            product.save()
        pending = [callback for _, callback, _ in connection.run_on_commit if callback is invalidate]
        assert len(pending) == 1  # once per transaction, however many rows changed
    before = core_cache.versions("catalog")
    pending[0]()
    assert core_cache.versions("catalog") != before


def test_caches_off_when_the_setting_is_zero(api_client, catalog, settings, django_assert_num_queries):
    settings.CATALOG_CACHE_SECONDS = 0
    api_client.get("/api/categories/")
    with django_assert_num_queries(2):  # the categories, and their phones counted per category
        api_client.get("/api/categories/")


def test_a_cached_answer_runs_no_query(api_client, catalog, django_assert_num_queries):
    api_client.get("/api/products/", {"brand": "samsung"})
    with django_assert_num_queries(0):
        assert api_client.get("/api/products/", {"brand": "samsung"}).json()["count"] == 2


def test_facets_are_shared_by_every_sort_and_page_of_a_filter_set(api_client, catalog, django_assert_num_queries):
    api_client.get("/api/products/", {"ram": "8", "page_size": 1})
    with django_assert_num_queries(3):  # the page's phones, variants, images; facets (and so the count) remembered
        body = api_client.get("/api/products/", {"ram": "8", "page_size": 1, "page": 2, "sort": "-price"}).json()
    assert body["count"] == 2 and body["total_pages"] == 2


FILTERS = [
    {},
    {"brand": "samsung"},
    {"brand": "samsung,apple,nokia"},
    {"brand": "apple", "ram": "6"},
    {"is_5g": "true"},
    {"category": "android", "available": "true"},
    {"color": "black,WHITE"},
    {"price_min": "13000", "price_max": "40000", "storage": "128"},
    {"brand": "google"},
    {"rating_min": "4"},
]


@pytest.mark.parametrize("params", FILTERS)
def test_the_count_read_off_the_facets_is_the_exact_count(catalog, params):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query.update(params)
    filterset = ProductFilter(query, queryset=selectors.active_products())
    assert filterset.is_valid()
    facets = selectors.listing_facets(filterset)
    assert selectors.count_from_facets(filterset, facets) == filterset.qs.count()


def test_home_sections(api_client, catalog):
    body = api_client.get("/api/home/").json()
    assert body["phone_count"] == 3
    assert [b["slug"] for b in body["brands"]] == ["apple", "google", "samsung"]
    assert [p["slug"] for p in body["newest"]] == ["apple-x", "samsung-a", "samsung-b"]
    assert [p["slug"] for p in body["top_rated"]] == ["apple-x", "samsung-a", "samsung-b"]
    # in stock with a discount, biggest first: apple-x 12 %, samsung-a 20 %, samsung-b 7 %
    assert [(p["slug"], p["discount_percent"]) for p in body["deals"]] == [
        ("samsung-a", 20),
        ("apple-x", 12),
        ("samsung-b", 7),
    ]
    assert set(body["newest"][0]) == set(api_client.get("/api/products/").json()["results"][0])


def test_a_miss_storm_computes_once(db, settings):
    settings.CATALOG_CACHE_SECONDS = 60
    calls, gate = [], threading.Event()

    def compute():
        calls.append(1)
        gate.wait(2)
        return "value"

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(core_cache.get_or_compute("storm", compute, 60)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join(10)
    assert results == ["value"] * 8
    assert len(calls) == 1


def test_a_value_stored_between_our_miss_and_our_lock_is_not_computed_again(db, settings, monkeypatch):
    """The race behind a flaky miss storm: another process stores the value and lets go of its lock
    just after our read missed; taking the lock then must not mean computing a second time."""
    settings.CACHE_LOCAL_SECONDS = 0
    real_get, misses = cache.get, []

    def get_that_misses_once(key, *args, **kwargs):
        if key == "raced" and not misses:
            misses.append(key)
            cache.set("raced", ("theirs", 10**12), 60)  # the other process finishes meanwhile
            return None
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(core_cache.cache, "get", get_that_misses_once)
    assert core_cache.get_or_compute("raced", lambda: "ours", 60) == "theirs"
    assert misses == ["raced"]
    assert real_get("lock:raced") is None  # the lock taken to compute it is let go


@pytest.mark.skipif(not django_settings.REDIS_URL, reason="needs Redis (REDIS_URL): the round trips are Redis's")
def test_a_miss_costs_three_round_trips_to_redis(db, settings, monkeypatch):
    """Read; take the lock and read again (one pipeline); store and let go of the lock (one pipeline)."""
    settings.CACHE_LOCAL_SECONDS = 0
    sent = []
    real_send = Connection.send_packed_command

    def counted(connection, command, *args, **kwargs):
        sent.append(command)
        return real_send(connection, command, *args, **kwargs)

    monkeypatch.setattr(Connection, "send_packed_command", counted)
    assert core_cache.get_or_compute("trips", lambda: "computed", 60) == "computed"
    assert len(sent) == 3
    monkeypatch.undo()
    assert cache.get("trips")[0] == "computed" and cache.get("lock:trips") is None


def test_early_recompute_serves_the_current_value_meanwhile(db, settings):
    settings.CACHE_LOCAL_SECONDS = 0  # the shared cache alone
    counter = itertools.count()
    assert core_cache.get_or_compute("early", lambda: next(counter), 100) == 0
    value, refresh_at = cache.get("early")
    cache.set("early", (value, refresh_at - 95), 100)  # inside the last tenth of its life
    cache.add("lock:early", 1)  # someone else is recomputing it already
    assert core_cache.get_or_compute("early", lambda: next(counter), 100) == 0
    cache.delete("lock:early")
    assert core_cache.get_or_compute("early", lambda: next(counter), 100) == 1  # this request recomputes
    assert core_cache.get_or_compute("early", lambda: next(counter), 100) == 1


def test_a_failing_computation_stores_nothing_and_frees_the_lock(db):
    def boom():
        raise RuntimeError("db down")

    with pytest.raises(RuntimeError):
        core_cache.get_or_compute("fails", boom, 60)
    assert cache.get("fails") is None and cache.get("lock:fails") is None
    assert core_cache.get_or_compute("fails", lambda: 7, 60) == 7


def test_a_cache_outage_answers_without_the_cache(api_client, catalog, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("redis down")

    for name in ("get", "get_many", "set", "add", "incr", "delete"):
        monkeypatch.setattr(cache, name, down)
    response = api_client.get("/api/products/")
    assert response.status_code == 200 and response.json()["count"] == 3
    ProductFactory(slug="new-one")  # the invalidation fails quietly too


def test_sitemap_rows(api_client, catalog, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = api_client.get("/api/sitemap/").json()
    assert [(r["slug"], r["brand"], r["category_path"]) for r in rows] == [
        ("samsung-a", "samsung", "mobiles/android"),
        ("samsung-b", "samsung", "mobiles/android"),
        ("apple-x", "apple", "mobiles/ios"),
    ]
    assert all(r["updated_at"] for r in rows)


def test_the_local_layer_sees_its_own_changes_at_once_and_others_within_its_window(db, settings):
    settings.CACHE_LOCAL_SECONDS = 1
    counter = itertools.count()

    def key():
        return core_cache.make_key("t", core_cache.versions("ns"))

    first = core_cache.get_or_compute(key(), lambda: next(counter), 60)
    cache.clear()  # even with the shared cache gone, this process answers from memory for a moment
    assert core_cache.get_or_compute(key(), lambda: next(counter), 60) == first
    core_cache.bump_version("ns")  # a change made by this process: seen at once
    assert core_cache.get_or_compute(key(), lambda: next(counter), 60) == first + 1
    cache.incr("v:ns")  # a change made by another process: seen once the window has passed
    assert core_cache.get_or_compute(key(), lambda: next(counter), 60) == first + 1
    core_cache._local.versions.clear()  # (the window passing)
    assert core_cache.get_or_compute(key(), lambda: next(counter), 60) == first + 2


def test_the_local_layer_is_bounded(db, settings):
    settings.CACHE_LOCAL_SECONDS, settings.CACHE_LOCAL_ENTRIES = 60, 3
    for n in range(10):
        core_cache.get_or_compute(f"k{n}", lambda n=n: n, 60)
    assert list(core_cache._local.values) == ["k7", "k8", "k9"]


def test_the_local_layer_keeps_no_expired_value_behind_a_new_one(settings, monkeypatch):
    settings.CACHE_LOCAL_SECONDS = 1
    clock = itertools.count(1000.0, 0.25)  # a quarter of a second between each reading of the clock
    monkeypatch.setattr(core_cache.time, "monotonic", lambda: next(clock))
    for n in range(10):
        core_cache._local.put(f"k{n}", n, 60)
    assert list(core_cache._local.values) == ["k6", "k7", "k8", "k9"]  # each kept for 1 s: four readings
