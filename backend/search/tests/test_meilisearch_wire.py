"""The Meilisearch backend's exact requests, through the official client, against a local stand-in that
speaks Meilisearch's documented API (search/tests/meili_standin.py)."""

import logging
import socket
import time

import pytest

from search import documents, services
from search.backends import SearchBackendError
from search.backends import meili as meili_module
from search.backends.meili import INDEX_SETTINGS, REBUILD_FLAG
from search.tests.meili_standin import DEFAULT_SETTINGS, MeilisearchStandIn, empty_result


@pytest.fixture
def standin(settings):
    server = MeilisearchStandIn().start()
    settings.MEILISEARCH_URL = server.url
    settings.MEILISEARCH_API_KEY = "test-master-key"
    meili_module._READY.clear()
    yield server
    server.stop()
    meili_module._READY.clear()


@pytest.fixture
def uid(settings):
    return f"{settings.MEILISEARCH_INDEX_PREFIX}products"


def variant_ids(product):
    return sorted(product.variants.filter(is_active=True).values_list("id", flat=True))


def test_first_sync_creates_the_index_applies_settings_then_adds_documents(standin, uid, shop):
    services.sync_variants(variant_ids(shop["a"]))

    assert standin.routes() == [
        ("GET", f"/indexes/{uid}"),  # 404: not there yet
        ("POST", "/indexes"),
        ("GET", f"/indexes/{uid}/settings"),
        ("PATCH", f"/indexes/{uid}/settings"),
        ("POST", f"/indexes/{uid}/documents"),
    ]
    create = standin.calls("POST", "/indexes")[0]
    assert create["body"] == {"uid": uid, "primaryKey": "id"}
    patch = standin.calls("PATCH")[0]["body"]
    # Only what differs from the index's settings is sent (typo tolerance as wanted is the default).
    assert patch == {k: v for k, v in INDEX_SETTINGS.items() if k != "typoTolerance"}
    patch = standin.indexes[uid]["settings"]
    assert patch["distinctAttribute"] == "product_id"
    assert patch["searchableAttributes"][:4] == ["title", "brand_name", "category_path", "color"]
    assert {"brand", "price", "ram", "storage", "color", "is_5g", "available", "rating", "category_path"} <= set(
        patch["filterableAttributes"]
    )
    assert {"price", "rating", "review_count"} <= set(patch["sortableAttributes"])
    assert patch["typoTolerance"]["minWordSizeForTypos"] == {"oneTypo": 5, "twoTypos": 9}
    assert patch["synonyms"]["iphone"] == ["apple"] and patch["synonyms"]["5 g"] == ["5g"]
    assert patch["faceting"]["maxValuesPerFacet"] == 1000 and patch["pagination"] == {"maxTotalHits": 100_000}
    assert patch["rankingRules"][0] == "sort"

    add = standin.calls("POST", f"/indexes/{uid}/documents")[0]
    assert add["query"] == {"primaryKey": "id"}
    assert add["headers"]["Authorization"] == "Bearer test-master-key"
    black = next(d for d in add["body"] if d["color"] == "Black")
    a = shop["a"]
    assert black == {
        "id": black["id"],
        "product_id": a.pk,
        "slug": "samsung-a",
        "title": "Samsung A",
        "brand": "samsung",
        "brand_name": "Samsung",
        "brand_key": "samsung\tSamsung",
        "category": ["mobiles", "mobiles/android"],
        "category_path": "Mobiles > Android",
        "price": 20000.0,
        "mrp": 25000.0,
        "ram": 8,
        "storage": 128,
        "color": "Black",
        "color_key": "black",
        "battery": 5000,
        "camera": 50,
        "is_5g": True,
        "rating": 4.5,
        "review_count": 2,
        "available": True,
        "popularity": 50,
        "launch_date": 20098,
        "specs": "8GB RAM 128GB storage 5G 5000mAh 50MP",
        "product_ram": f"{a.pk}:8",
        "product_storage": f"{a.pk}:128",
        "product_color": f"{a.pk}:Black",
        "rep": True,
        "thumbnail": black["thumbnail"],
    }
    assert black["thumbnail"]["width"] == 400 and black["thumbnail"]["url"].startswith("http")
    # Every write was awaited: each task polled until it succeeded.
    assert all(t["status"] == "succeeded" for t in standin.tasks.values())
    assert set(standin.indexes[uid]["documents"]) == {str(i) for i in variant_ids(a)}


def test_settings_are_idempotent(standin, uid, shop):
    standin.create_index(uid, settings={**DEFAULT_SETTINGS, **INDEX_SETTINGS})
    services.sync_variants(variant_ids(shop["b"]))
    assert not standin.calls("PATCH")  # already as wanted: nothing re-applied, nothing re-indexed
    meili_module._READY.clear()
    standin.indexes[uid]["settings"]["distinctAttribute"] = None
    services.sync_variants(variant_ids(shop["b"]))
    assert [c["body"] for c in standin.calls("PATCH")] == [{"distinctAttribute": "product_id"}]


def test_removed_variants_are_deleted_by_filter(standin, uid, shop):
    ids = variant_ids(shop["a"])
    services.sync_variants(ids)
    shop["a"].variants.filter(pk=ids[1]).update(is_active=False)
    services.sync_variants(ids)
    delete = standin.calls("POST", f"/indexes/{uid}/documents/delete")
    assert [d["body"] for d in delete] == [{"filter": f"id IN [{ids[1]}]"}]
    assert set(standin.indexes[uid]["documents"]) == {str(ids[0])}


def test_a_failed_task_fails_the_sync(standin, uid, shop):
    standin.create_index(uid, settings={**DEFAULT_SETTINGS, **INDEX_SETTINGS})
    standin.fail_tasks = lambda task: {
        "message": "disk full",
        "code": "no_space_left_on_device",
        "type": "system",
        "link": "",
    }
    with pytest.raises(SearchBackendError):
        services.sync_variants(variant_ids(shop["a"]))


def _answer_with(shop, page_hits, total):
    """A search answer in Meilisearch's documented shape for each query of the multi-search."""

    def on_search(queries):
        results = []
        for query in queries:
            result = empty_result(query)
            if "page" in query:
                result.update(
                    hits=page_hits,
                    totalHits=total,
                    totalPages=1 if total else 0,
                    facetDistribution={"brand": {"samsung": 2}, "is_5g": {"true": 2}},
                )
            elif query.get("distinct") == "product_ram":
                result["facetDistribution"] = {"ram": {"8": 2, "12": 1}}
            elif query.get("distinct") == "product_storage":
                result["facetDistribution"] = {"storage": {"512": 1, "128": 1, "256": 2}}
            elif query.get("distinct") == "product_color":
                result["facetDistribution"] = {"color": {"Titanium Violet": 1, "Black": 1, "Blue": 1}}
            else:
                result["facetDistribution"] = {"price": {}}
                result["facetStats"] = {"price": {"min": 20000, "max": 84999.5}}
            results.append(result)
        return results

    return on_search


def test_search_request_and_answer(standin, uid, api_client, shop):
    s24, a = shop["s24"], shop["a"]
    violet = s24.variants.get(color="Titanium Violet")
    black = a.variants.get(color="Black")
    standin.on_search = _answer_with(
        shop, [{"id": violet.pk, "product_id": s24.pk}, {"id": black.pk, "product_id": a.pk}], total=2
    )
    response = api_client.get(
        "/api/search/",
        {
            "q": "samsung 8 gb",
            "brand": ["samsung", 'o"brien\\'],
            "category": "android",
            "is_5g": "true",
            "rating_min": "4",
            "ram": "8,12",
            "storage": 256,
            "color": "Titanium Violet",
            "price_min": "1000",
            "price_max": "90000.50",
            "available": "true",
            "sort": "-price",
            "page": 1,
            "page_size": 10,
        },
    )
    assert response.status_code == 200, response.content

    (call,) = standin.calls("POST", "/multi-search")
    filters = {
        "brand": 'brand IN ["samsung", "o\\"brien\\\\"]',
        "category": 'category = "mobiles/android"',
        "is_5g": "is_5g = true",
        "rating": "rating >= 4",
        "ram": "ram IN [8, 12]",
        "storage": "storage IN [256]",
        "color": 'color_key IN ["titanium violet"]',
        "price": "price 1000 TO 90000.5",
        "available": "available = true",
    }

    def without(name):  # each facet counts without its own filter
        return {
            "indexUid": uid,
            "q": "samsung 8gb",
            "matchingStrategy": "all",
            "filter": [expression for key, expression in filters.items() if key != name],
        }

    assert call["body"]["queries"] == [
        {
            **without(None),
            "page": 1,
            "hitsPerPage": 10,
            "attributesToRetrieve": ["id", "product_id"],
            "sort": ["price:desc", "product_id:asc"],
        },
        {**without("brand"), "limit": 0, "facets": ["brand"]},
        {**without("is_5g"), "limit": 0, "facets": ["is_5g"]},
        {**without("ram"), "limit": 0, "distinct": "product_ram", "facets": ["ram"]},
        {**without("storage"), "limit": 0, "distinct": "product_storage", "facets": ["storage"]},
        {**without("color"), "limit": 0, "distinct": "product_color", "facets": ["color"]},
        {**without("price"), "limit": 0, "distinct": "id", "facets": ["price"]},
    ]
    # Phones that no longer match in the database (here: none match all those filters) are left out.
    assert response.json()["results"] == []


def test_search_answer_mapping(standin, uid, api_client, shop):
    s24, a = shop["s24"], shop["a"]
    violet = s24.variants.get(color="Titanium Violet")
    black = a.variants.get(color="Black")
    standin.on_search = _answer_with(
        shop, [{"id": violet.pk, "product_id": s24.pk}, {"id": black.pk, "product_id": a.pk}], total=2
    )
    body = api_client.get("/api/search/", {"q": "samsung 8 gb", "sort": "-price", "page_size": 10}).json()
    assert body["backend"] == "meilisearch" and body["query"] == "samsung 8 gb"
    assert (body["total"], body["page"], body["total_pages"], body["page_size"]) == (2, 1, 1, 10)
    # Rows come from the database in hit order, each showing the variant Meilisearch picked.
    assert [(r["slug"], r["price"]) for r in body["results"]] == [("galaxy-s24", "84999.00"), ("samsung-a", "20000.00")]
    assert body["facets"] == {
        "brand": {"samsung": 2},
        "ram": {"8": 2, "12": 1},
        "storage": {"128": 1, "256": 2, "512": 1},
        "color": {"Black": 1, "Blue": 1, "Titanium Violet": 1},
        "is_5g": {"true": 2},
    }
    assert body["price"] == {"min": "20000.00", "max": "84999.50"}


def test_relevance_without_sort_and_popularity_when_browsing(standin, api_client, shop):
    api_client.get("/api/search/", {"q": "samsung"})
    api_client.get("/api/search/")
    with_words, browsing = (c["body"]["queries"] for c in standin.calls("POST", "/multi-search"))
    # No filter: brand and 5G facets come with the page; RAM, storage, colour and price in four more queries.
    assert len(with_words) == 5 and with_words[0]["facets"] == ["brand", "is_5g"]
    with_words, browsing = with_words[0], browsing[0]
    assert "sort" not in with_words and "filter" not in with_words
    assert browsing["q"] == "" and browsing["sort"] == ["popularity:desc", "product_id:asc", "price:asc"]


def test_suggest_request_and_answer(standin, uid, api_client, shop):
    def on_search(queries):
        products, brands = (empty_result(q) for q in queries)
        products["hits"] = [{"product_id": shop["s24"].pk, "title": "Samsung Galaxy S24", "slug": "galaxy-s24"}]
        brands["facetDistribution"] = {"brand_key": {"samsung\tSamsung": 6}}
        return [products, brands]

    standin.on_search = on_search
    body = api_client.get("/api/search/suggest/", {"q": "sams"}).json()
    assert body == {
        "query": "sams",
        "suggestions": [
            {"type": "brand", "title": "Samsung", "slug": "samsung"},
            {"type": "product", "title": "Samsung Galaxy S24", "slug": "galaxy-s24"},
        ],
    }
    (call,) = standin.calls("POST", "/multi-search")
    assert call["body"]["queries"] == [
        {
            "indexUid": uid,
            "q": "sams",
            "matchingStrategy": "all",
            "limit": 8,
            "attributesToSearchOn": ["title", "brand_name"],
            "attributesToRetrieve": ["product_id", "title", "slug"],
        },
        {
            "indexUid": uid,
            "q": "sams",
            "matchingStrategy": "all",
            "limit": 0,
            "attributesToSearchOn": ["brand_name"],
            "facets": ["brand_key"],
        },
    ]


def test_full_rebuild_fills_a_fresh_index_and_swaps_it_in(standin, uid, shop, monkeypatch):
    monkeypatch.setattr(documents, "BATCH_SIZE", 4)
    standin.create_index(
        uid,
        documents=[{"id": 999999, "product_id": 1, "title": "stale"}],
        settings={**DEFAULT_SETTINGS, **INDEX_SETTINGS},
    )
    building = f"{uid}__rebuild"
    searchable_during_build = []
    original = standin.answer

    def watch(method, path, query, body):
        if path.startswith(f"/indexes/{building}/documents"):
            searchable_during_build.append(len(standin.indexes[uid]["documents"]))
        return original(method, path, query, body)

    standin.answer = watch
    counts = services.rebuild(["meilisearch"])

    assert counts == {"meilisearch": 10}
    assert standin.routes() == [
        ("GET", f"/indexes/{building}"),  # a leftover from a crashed rebuild would be deleted first
        ("POST", "/indexes"),
        ("GET", f"/indexes/{building}/settings"),
        ("PATCH", f"/indexes/{building}/settings"),  # settings before documents
        ("POST", f"/indexes/{building}/documents"),
        ("POST", f"/indexes/{building}/documents"),
        ("POST", f"/indexes/{building}/documents"),
        ("GET", f"/indexes/{building}/stats"),  # every batch awaited and counted before the swap
        ("GET", f"/indexes/{uid}"),
        ("POST", "/swap-indexes"),
        ("DELETE", f"/indexes/{building}"),
    ]
    assert standin.calls("POST", "/indexes")[0]["body"] == {"uid": building, "primaryKey": "id"}
    assert standin.calls("POST", "/swap-indexes")[0]["body"] == [{"indexes": [uid, building]}]
    assert [len(c["body"]) for c in standin.calls("POST", f"/indexes/{building}/documents")] == [4, 4, 2]
    assert all(t["status"] == "succeeded" for t in standin.tasks.values())
    assert searchable_during_build == [1, 1, 1]  # the live index kept answering meanwhile
    assert len(standin.indexes[uid]["documents"]) == 10 and "999999" not in standin.indexes[uid]["documents"]
    assert building not in standin.indexes
    from django.core.cache import cache

    assert cache.get(REBUILD_FLAG) is None


def test_a_failed_rebuild_keeps_the_live_index(standin, uid, shop):
    standin.create_index(uid, documents=[{"id": 1, "product_id": 1}], settings={**DEFAULT_SETTINGS, **INDEX_SETTINGS})
    standin.fail_tasks = lambda task: (
        {"message": "bad document", "code": "invalid_document_fields", "type": "invalid_request", "link": ""}
        if task["type"] == "documentAdditionOrUpdate"
        else None
    )
    with pytest.raises(SearchBackendError):
        services.rebuild(["meilisearch"])
    assert not standin.calls("POST", "/swap-indexes")
    assert list(standin.indexes[uid]["documents"]) == ["1"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_meilisearch_down_search_is_served_by_the_embedded_engine(settings, api_client, shop, caplog):
    settings.MEILISEARCH_URL = f"http://127.0.0.1:{_closed_port()}"
    with caplog.at_level(logging.WARNING, logger="search.services"):
        body = api_client.get("/api/search/", {"q": "samsng"}).json()
    assert body["backend"] == "database"
    assert {r["slug"] for r in body["results"]} == {"samsung-a", "samsung-b", "galaxy-s24"}
    assert any("Meilisearch failed" in r.getMessage() for r in caplog.records)
    suggestions = api_client.get("/api/search/suggest/", {"q": "sams"}).json()["suggestions"]
    assert suggestions[0] == {"type": "brand", "title": "Samsung", "slug": "samsung"}

    ready = api_client.get("/api/ready/")
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"
    assert ready.json()["components"]["search"]["status"] == "degraded"
    assert ready.json()["components"]["search"]["backend"] == "database"


def test_meilisearch_failing_opens_its_breaker_then_a_probe_recovers(standin, settings, api_client, shop):
    settings.BREAKER_OVERRIDES = {"meilisearch": {"fail_max": 2, "reset_seconds": 0.5}}
    standin.http_error = (500, {"message": "internal", "code": "internal", "type": "internal", "link": ""})
    for _ in range(2):
        body = api_client.get("/api/search/", {"q": "samsung"}).json()
        assert body["backend"] == "database" and body["degraded"] is True
    # The breaker is open: Meilisearch is not asked, the embedded engine answers.
    standin.http_error = None
    standin.requests.clear()
    response = api_client.get("/api/search/", {"q": "samsung"})
    assert response.json()["backend"] == "database" and response.json()["degraded"] is True
    assert response["Cache-Control"] == "private, no-store"
    assert not standin.calls("POST", "/multi-search")
    ready = api_client.get("/api/ready/").json()["components"]["search"]
    assert ready["status"] == "degraded" and ready["engine"] == "embedded" and ready["error"] == "EngineUnavailable"
    assert not standin.requests
    # Once the breaker's time is over, one call probes Meilisearch, and it answers again.
    time.sleep(0.55)
    body = api_client.get("/api/search/", {"q": "samsung"}).json()
    assert body["backend"] == "meilisearch" and body["degraded"] is False
    assert api_client.get("/api/ready/").json()["components"]["search"] == {
        "status": "ok",
        "backend": "meilisearch",
        "engine": "meilisearch",
        "ms": pytest.approx(0, abs=5000),
    }


def test_a_meilisearch_refusal_falls_back_without_opening_the_breaker(standin, settings, api_client, shop):
    settings.BREAKER_OVERRIDES = {"meilisearch": {"fail_max": 1}}
    standin.http_error = (
        400,
        {"message": "bad filter", "code": "invalid_search_filter", "type": "invalid_request", "link": ""},
    )
    assert api_client.get("/api/search/", {"q": "samsung"}).json()["backend"] == "database"
    standin.http_error = None
    assert api_client.get("/api/search/", {"q": "samsung"}).json()["backend"] == "meilisearch"


def test_a_slow_meilisearch_times_out_into_the_fallback(standin, settings, api_client, shop):
    settings.MEILISEARCH_TIMEOUT_MS = 100
    standin.delay = 0.5
    assert api_client.get("/api/search/", {"q": "samsung"}).json()["backend"] == "database"
