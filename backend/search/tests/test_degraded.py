"""Search keeps selling when its engine fails: a broken embedded index (a plain file where its directory
should be, corrupt files) or a failing Meilisearch on top of it; the database answers, marked degraded and
cached nowhere; /api/ready/ says so; reindex_search (and the nightly task) repairs whatever it finds."""

import logging
from pathlib import Path

import pytest
from django.core.management import call_command

from core import metrics
from search import documents, services, tasks
from search.backends import embedded

SEARCH = "/api/search/"
LISTING = "/api/products/"
SUGGEST = "/api/search/suggest/"


def slugs(body):
    return [row["slug"] for row in body["results"]]


def index_dir(settings) -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


def built(settings, api_client) -> Path:
    """The embedded index built (by a search), and its current generation's directory."""
    assert api_client.get(SEARCH, {"q": "samsung"}).json()["degraded"] is False
    generation = services.embedded_backend().current_generation()
    assert generation is not None
    return index_dir(settings) / generation


def a_plain_file(settings, api_client):
    index_dir(settings).write_text("someone's notes")


def corrupt_meta(settings, api_client):
    (built(settings, api_client) / "meta.json").write_text("garbage")


def corrupt_segments(settings, api_client):
    for path in built(settings, api_client).iterdir():
        if path.suffix in (".idx", ".term", ".store", ".fast"):
            path.write_bytes(b"\0" * 16)
    embedded._OPEN.clear()  # another process: nothing held open from before the damage


def current_is_a_directory(settings, api_client):
    built(settings, api_client)
    (index_dir(settings) / "CURRENT").unlink()
    (index_dir(settings) / "CURRENT").mkdir()


BREAKAGES = [a_plain_file, corrupt_meta, corrupt_segments, current_is_a_directory]


def assert_degraded(api_client, settings):
    body = api_client.get(SEARCH, {"q": "samsung", "sort": "price"})
    assert body.status_code == 200, body.content
    assert body["Cache-Control"] == "private, no-store"
    body = body.json()
    assert (body["backend"], body["degraded"]) == ("database", True)
    assert slugs(body) == ["samsung-b", "samsung-a", "galaxy-s24"] and body["total"] == 3
    assert body["facets"]["brand"] == {"samsung": 3}

    settings.SHOP_LISTING_BACKEND = "search"
    listing = api_client.get(LISTING, {"brand": "samsung", "sort": "price"})
    assert listing.status_code == 200 and listing["Cache-Control"] == "private, no-store"
    assert listing.json()["degraded"] is True
    settings.SHOP_LISTING_BACKEND, cache_seconds = "database", settings.CATALOG_CACHE_SECONDS
    settings.CATALOG_CACHE_SECONDS = 0  # (an answer cached here would be served whatever the listing backend)
    database = api_client.get(LISTING, {"brand": "samsung", "sort": "price"}).json()
    settings.CATALOG_CACHE_SECONDS = cache_seconds
    assert {k: v for k, v in listing.json().items() if k != "degraded"} == database

    suggest = api_client.get(SUGGEST, {"q": "sams"})
    assert suggest.status_code == 200 and suggest["Cache-Control"] == "private, no-store"
    assert suggest.json()["suggestions"][0] == {"type": "brand", "title": "Samsung", "slug": "samsung"}

    ready = api_client.get("/api/ready/")
    assert ready.status_code == 200 and ready.json()["status"] == "degraded"
    component = ready.json()["components"]["search"]
    assert (component["status"], component["backend"], component["engine"]) == ("degraded", "database", "database")
    assert component["error"] == "SearchBackendError"


def assert_repaired(api_client, settings):
    body = api_client.get(SEARCH, {"q": "samsung", "sort": "price"})
    assert (body.json()["backend"], body.json()["degraded"]) == ("database", False)
    assert body["Cache-Control"].startswith("public")
    assert slugs(body.json()) == ["samsung-b", "samsung-a", "galaxy-s24"]
    settings.SHOP_LISTING_BACKEND = "search"
    assert "degraded" not in api_client.get(LISTING, {"brand": "samsung"}).json()
    ready = api_client.get("/api/ready/").json()
    assert ready["status"] == "ok" and ready["components"]["search"]["engine"] == "embedded"


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_broken_index_is_answered_from_the_database_until_reindex_repairs_it(
    breakage, settings, api_client, shop, capsys
):
    breakage(settings, api_client)
    assert_degraded(api_client, settings)
    assert_degraded(api_client, settings)  # still degraded: nothing of it was kept

    call_command("reindex_search", "--no-progress")
    assert f"database: {documents.count()} variants indexed" in capsys.readouterr().out
    assert_repaired(api_client, settings)


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_the_nightly_reindex_repairs_too(breakage, settings, api_client, shop):
    breakage(settings, api_client)
    assert tasks.reindex_all() == {"database": documents.count()}
    assert_repaired(api_client, settings)


def test_what_was_in_the_way_is_moved_aside_not_deleted(settings, api_client, shop, caplog):
    a_plain_file(settings, api_client)
    with caplog.at_level(logging.WARNING, logger="search.backends.embedded"):
        services.rebuild(["database"])
    aside = [p for p in index_dir(settings).parent.iterdir() if p.name.startswith("search.broken-")]
    assert len(aside) == 1 and aside[0].read_text() == "someone's notes"
    assert any("is not a directory. Moved it aside" in r.getMessage() for r in caplog.records)


def test_a_missing_or_unreadable_current_file_heals_itself_at_the_next_search(settings, api_client, shop):
    built(settings, api_client)
    (index_dir(settings) / "CURRENT").write_text("half written")
    body = api_client.get(SEARCH, {"q": "samsung"}).json()
    assert (body["degraded"], body["total"]) == (False, 3)  # rebuilt from the database, as when missing


def test_a_search_never_moves_anything_aside(settings, api_client, shop):
    a_plain_file(settings, api_client)
    api_client.get(SEARCH, {"q": "samsung"})
    assert index_dir(settings).read_text() == "someone's notes"  # only a rebuild asked for repairs


def test_meilisearch_failing_and_the_index_broken_the_database_answers(settings, api_client, shop):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        settings.MEILISEARCH_URL = f"http://127.0.0.1:{s.getsockname()[1]}"
    a_plain_file(settings, api_client)
    body = api_client.get(SEARCH, {"q": "galaxy"}).json()
    assert (body["backend"], body["degraded"], slugs(body)) == ("database", True, ["galaxy-s24"])
    component = api_client.get("/api/ready/").json()["components"]["search"]
    assert (component["status"], component["engine"]) == ("degraded", "database")


def test_a_broken_index_is_counted_and_logged_once_a_minute(settings, api_client, shop, caplog):
    a_plain_file(settings, api_client)
    services._last_warned.clear()
    before = metrics.value("search_fallback", engine="embedded", fallback="database")
    with caplog.at_level(logging.WARNING, logger="search.services"):
        for _ in range(3):
            api_client.get(SEARCH, {"q": "samsung"})
    assert metrics.value("search_fallback", engine="embedded", fallback="database") == before + 3
    warnings = [r for r in caplog.records if "The embedded search index failed during search" in r.getMessage()]
    assert len(warnings) == 1


# ---- what the database finds -------------------------------------------------------------------
@pytest.fixture
def fallback(settings, shop):
    settings.MEILISEARCH_URL = ""
    index_dir(settings).write_text("broken")
    return shop


@pytest.mark.parametrize(
    "q, expected",
    [
        ("samsung", {"samsung-a", "samsung-b", "galaxy-s24"}),
        ("SAMS", {"samsung-a", "samsung-b", "galaxy-s24"}),  # a half-typed word, any case
        ("galaxy s2", {"galaxy-s24"}),
        ("iphone", {"iphone-15", "apple-x"}),  # the shop's synonyms
        ("apple 256 gigabytes", {"iphone-15"}),  # a size names RAM or storage
        ("android 5g", {"samsung-a", "galaxy-s24"}),
        ("violet", {"galaxy-s24"}),  # a variant's colour
        ("samsung nokia", set()),  # every word must match
        ("samsng", set()),  # no typo tolerance on this path
    ],
)
def test_the_database_finds_phones_by_every_word(api_client, fallback, q, expected):
    body = api_client.get(SEARCH, {"q": q}).json()
    assert body["degraded"] is True and set(slugs(body)) == expected and body["total"] == len(expected)


def test_database_answers_without_words_in_popularity_order(api_client, fallback):
    body = api_client.get(SEARCH, {"q": "samsung"}).json()
    assert slugs(body) == ["galaxy-s24", "samsung-a", "samsung-b"]  # no relevance: the listing's order


def test_database_suggestions(api_client, fallback):
    assert api_client.get(SUGGEST, {"q": "sam"}).json()["suggestions"] == [
        {"type": "brand", "title": "Samsung", "slug": "samsung"},
        {"type": "product", "title": "Samsung Galaxy S24", "slug": "galaxy-s24"},
        {"type": "product", "title": "Samsung A", "slug": "samsung-a"},
        {"type": "product", "title": "Samsung B", "slug": "samsung-b"},
    ]
    assert api_client.get(SUGGEST, {"q": "zzzz"}).json()["suggestions"] == []


def test_bad_parameters_are_still_400(api_client, fallback):
    response = api_client.get(SEARCH, {"q": "samsung", "ram": "eight"})
    assert response.status_code == 400 and "ram" in response.json()["error"]["fields"]
