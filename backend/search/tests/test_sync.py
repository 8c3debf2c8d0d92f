"""Catalog changes reach the index: one task per transaction, on commit; failures retried, never
breaking the save."""

import logging
from decimal import Decimal
from io import StringIO

import pytest
from celery.schedules import crontab
from django.core.management import CommandError, call_command
from django.db import transaction

from catalog.tests.factories import ProductImageFactory, ReviewFactory, VariantFactory
from core.batching import PendingBatch
from search import services, tasks
from search.tasks import sync_variants as sync_task


@pytest.fixture
def sent(monkeypatch, settings):
    """Tasks sent to the broker: [(variant ids, options)]."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    calls = []
    monkeypatch.setattr(sync_task, "apply_async", lambda args=None, **options: calls.append((args[0], options)))
    return calls


def ids(product):
    return sorted(product.variants.values_list("id", flat=True))


def test_one_transaction_enqueues_one_task(shop, sent, commit):
    a, b = shop["a"], shop["b"]
    with commit() as callbacks:
        with transaction.atomic():
            for variant in b.variants.all():
                variant.price += 100
                variant.save()
            a.title = "Samsung A 2025"
            a.save()
            VariantFactory(
                product=b, ram_gb=12, storage_gb=256, color="Gold", price=Decimal("19000"), mrp=Decimal("20000")
            )
    # (the catalog's cache invalidation registers its own single callback beside search's)
    assert len([callback for callback in callbacks if isinstance(callback, PendingBatch)]) == 1
    assert sent == [(sorted(ids(a) + ids(b)), {})]


def test_nothing_is_sent_for_a_rolled_back_transaction(shop, sent, commit):
    with commit():
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                shop["a"].save()
                raise RuntimeError
    assert sent == []


def test_a_rolled_back_savepoint_does_not_lose_the_rest_of_the_transaction(shop, sent, commit):
    a, b = shop["a"], shop["b"]
    with commit():
        with transaction.atomic():
            with pytest.raises(RuntimeError):
                with transaction.atomic():
                    a.save()  # first change: registered inside the savepoint...
                    raise RuntimeError  # ...which rolls back, taking the callback with it
            b.save()
    assert sent == [(ids(b), {})]


def test_the_task_goes_to_the_configured_queue(shop, sent, settings, commit):
    settings.SEARCH_TASK_QUEUE = "search"
    with commit():
        shop["x"].save()
    assert sent == [(ids(shop["x"]), {"queue": "search"})]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_each_change_is_sent_at_once(shop, sent):
    shop["a"].save()
    shop["b"].save()
    assert sent == [(ids(shop["a"]), {}), (ids(shop["b"]), {})]


def _variants_of(*products):
    return sorted(i for p in products for i in ids(p))


@pytest.mark.parametrize(
    "change, touched",
    [
        (lambda shop: shop["a"].brand.save(), lambda shop: _variants_of(shop["a"], shop["b"], shop["s24"])),
        (
            lambda shop: shop["android"].save(),
            lambda shop: _variants_of(shop["a"], shop["b"], shop["s24"], shop["one"], shop["old"]),
        ),
        # A parent category carries its children along.
        (
            lambda shop: shop["mobiles"].save(),
            lambda shop: _variants_of(*(shop[k] for k in ("a", "b", "x", "old", "iphone", "s24", "one"))),
        ),
        (lambda shop: ReviewFactory(product=shop["iphone"], rating=5), lambda shop: ids(shop["iphone"])),
        (lambda shop: ProductImageFactory(product=shop["one"]), lambda shop: ids(shop["one"])),
        # A variant and its siblings: which one stands for the phone in the index may move.
        (lambda shop: shop["s24"].variants.order_by("id").first().delete(), lambda shop: ids(shop["s24"])),
    ],
)
def test_what_each_change_touches(shop, sent, commit, change, touched):
    expected = touched(shop)
    with commit():
        with transaction.atomic():
            change(shop)
    assert sent == [(expected, {})]


def test_an_enqueue_failure_never_breaks_the_save(shop, monkeypatch, settings, caplog, commit):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(sync_task, "apply_async", broker_down)
    variant = shop["a"].variants.first()
    with caplog.at_level(logging.ERROR, logger="search.sync"):
        with commit():
            with transaction.atomic():
                variant.price = Decimal("21000")
                variant.save()
    variant.refresh_from_db()
    assert variant.price == Decimal("21000")
    assert "Could not enqueue the search sync" in caplog.text


def _search(client, **params):
    body = client.get("/api/search/", params).json()
    return [(row["slug"], row["price"]) for row in body["results"]]


def test_a_price_change_changes_what_search_returns(api_client, shop, eager_tasks, commit):
    assert _search(api_client, q="samsung", price_max=12500) == [("samsung-b", "12000.00")]  # builds the index
    cheap = shop["b"].variants.get(color="Black")
    with commit():
        with transaction.atomic():
            cheap.price = Decimal("12900")
            cheap.save()
    assert _search(api_client, q="samsung", price_max=12500) == []
    assert _search(api_client, q="samsung", price_min=12800, price_max=13000) == [("samsung-b", "12900.00")]


def test_deactivating_removes_from_search_and_reactivating_brings_back(api_client, shop, eager_tasks, commit):
    assert ("titanium-one", "8999.00") in _search(api_client, q="titanium")
    one = shop["one"]
    for active, expected in (
        (False, [("galaxy-s24", "74999.00")]),
        (True, [("titanium-one", "8999.00"), ("galaxy-s24", "74999.00")]),
    ):
        with commit():
            one.is_active = active
            one.save()
        assert _search(api_client, q="titanium") == expected


def test_selling_out_and_restocking_through_orders_reach_search(
    api_client, shop, eager_tasks, commit, user, auth_client, settings
):
    """Orders move stock with a bulk UPDATE (no post_save): a variant that sells out or comes back is
    still re-indexed at once, and a stock move that flips nothing sends nothing."""
    from orders.services import cancel_order
    from orders.tests.fixtures import add_to_cart, checkout

    settings.PAYMENTS_DEV_GATEWAY = True
    assert _search(api_client, q="titanium", available="true") == [
        ("titanium-one", "8999.00"),
        ("galaxy-s24", "74999.00"),
    ]
    violet = shop["s24"].variants.get(color="Titanium Violet")  # the last one in stock
    gray = shop["s24"].variants.get(color="Titanium Gray")
    gray.stock = 0
    with commit():
        gray.save()
    add_to_cart(auth_client, violet, 1)
    with commit():
        order_id = checkout(auth_client).json()["id"]
    assert _search(api_client, q="titanium", available="true") == [("titanium-one", "8999.00")]
    with commit():
        cancel_order(order_id=order_id, user=user)
    assert _search(api_client, q="titanium", available="true") == [
        ("titanium-one", "8999.00"),
        ("galaxy-s24", "84999.00"),
    ]


def test_a_stock_move_that_flips_no_availability_sends_nothing(shop, sent, commit):
    from catalog.services import adjust_stock

    one = shop["one"].variants.get()  # 10 in stock
    with commit():
        adjust_stock({one.pk: -3})
    assert sent == []
    with commit():
        adjust_stock({one.pk: -7})
    assert sent == [(ids(shop["one"]), {})]


def test_a_new_phone_is_found_and_a_renamed_brand_too(api_client, shop, eager_tasks, commit):
    assert _search(api_client, q="lava") == [("titanium-one", "8999.00")]
    with commit():
        brand = shop["one"].brand
        brand.name = "Lava Mobiles"
        brand.save()
    suggestions = api_client.get("/api/search/suggest/", {"q": "lava mob"}).json()["suggestions"]
    assert {"type": "brand", "title": "Lava Mobiles", "slug": "lava"} in suggestions


def test_a_failed_sync_is_retried_in_process_then_left_to_the_nightly_rebuild(shop, monkeypatch, caplog):
    attempts = []

    def flaky(variant_ids):
        attempts.append(variant_ids)
        if len(attempts) < 3:
            raise ConnectionError("index busy")

    monkeypatch.setattr(services, "sync_variants", flaky)
    monkeypatch.setattr(tasks.time, "sleep", lambda seconds: None)
    sync_task.apply(args=[[1, 2]])
    assert len(attempts) == 3

    attempts.clear()
    monkeypatch.setattr(services, "sync_variants", lambda ids: (_ for _ in ()).throw(ConnectionError("down")))
    with caplog.at_level(logging.ERROR, logger="search.tasks"):
        sync_task.apply(args=[[1, 2]])  # gives up quietly: the save that caused it is long committed
    assert "gave up" in caplog.text


def test_a_worker_retries_a_failed_sync_with_backoff(monkeypatch):
    from celery.exceptions import Retry

    monkeypatch.setattr(services, "sync_variants", lambda ids: (_ for _ in ()).throw(ConnectionError("down")))
    retries = []

    def retry(exc=None, countdown=None, **kwargs):
        retries.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(sync_task, "retry", retry)
    for attempt in (0, 3, 8):
        sync_task.push_request(is_eager=False, retries=attempt, id=f"t{attempt}")
        try:
            with pytest.raises(Retry):
                sync_task.run([1, 2])
        finally:
            sync_task.pop_request()
    assert 4 <= retries[0] <= 6 and 32 <= retries[1] <= 48 and 480 <= retries[2] <= 720


def test_nightly_reindex_is_scheduled_at_three_in_india(settings):
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["search-nightly-reindex"]
    assert entry["task"] == "search.tasks.reindex_all" and entry["task"] in app.tasks
    assert entry["schedule"] == crontab(hour=3, minute=0)
    assert settings.CELERY_TIMEZONE == "Asia/Kolkata"


def test_reindex_search_command(shop, api_client):
    out, err = StringIO(), StringIO()
    call_command("reindex_search", stdout=out, stderr=err)
    assert "database: 10 variants indexed" in out.getvalue()
    assert "10/10" in err.getvalue()  # the progress bar
    assert {row["slug"] for row in api_client.get("/api/search/", {"q": "samsung"}).json()["results"]} == {
        "samsung-a",
        "samsung-b",
        "galaxy-s24",
    }
    with pytest.raises(CommandError, match="meilisearch"):
        call_command("reindex_search", "--backend", "meilisearch", stdout=out, stderr=err)


def test_browsing_stays_exact_after_changes_to_the_variant_that_stands_for_a_phone(
    api_client, shop, eager_tasks, commit
):
    api_client.get("/api/search/")  # builds the index
    a_black = shop["a"].variants.get(color="Black")
    with commit():
        a_black.is_active = False  # samsung-a's representative variant leaves
        a_black.save()
    with commit():
        shop["s24"].variants.order_by("id").first().delete()
    with commit():
        VariantFactory(
            product=shop["b"], ram_gb=12, storage_gb=512, color="Gold", price=Decimal("16000"), mrp=Decimal("17000")
        )
    for params in ({}, {"brand": "samsung"}, {"category": "android"}):
        listing = api_client.get("/api/products/", params).json()
        body = api_client.get("/api/search/", params).json()
        assert (body["total"], body["facets"], body["price"]) == (listing["count"], listing["facets"], listing["price"])
        assert [r["slug"] for r in body["results"]] == [r["slug"] for r in listing["results"]]


def test_a_phone_is_suggested_through_whichever_variant_stands_for_it(api_client, shop, eager_tasks, commit):
    # The embedded engine suggests from the one document that stands for each phone: when that variant leaves,
    # the phone is suggested through the next one, until none is left.
    def titles() -> list[str]:
        return [s["title"] for s in api_client.get("/api/search/suggest/", {"q": "galaxy s"}).json()["suggestions"]]

    assert titles() == ["Samsung Galaxy S24"]  # (builds the index)
    first, second = shop["s24"].variants.order_by("id")
    with commit():
        first.delete()
    assert titles() == ["Samsung Galaxy S24"]
    with commit():
        second.is_active = False
        second.save()
    assert titles() == []
