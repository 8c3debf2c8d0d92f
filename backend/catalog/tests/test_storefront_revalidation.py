"""A catalog change expires the storefront's cached pages at once: one POST per transaction to its
/api/revalidate, with the bearer secret, naming the products and tags touched. The stand-in answers as
frontend/app/api/revalidate/route.ts does (401 for a wrong token, 400 for an unknown tag)."""

import re
from decimal import Decimal

import pytest
from django.db import transaction

from catalog.services import adjust_stock
from catalog.tests.factories import BrandFactory, ProductFactory, ReviewFactory, VariantFactory
from core.testing import JsonStandIn

pytestmark = pytest.mark.django_db

SECRET = "storefront-revalidate-secret"
ALLOWED_TAG = re.compile(r"^(catalog|brands|categories|product:[a-z0-9-]{1,200})$")


def storefront_route(request):
    if request.headers.get("Authorization") != f"Bearer {SECRET}":
        return 401, {"error": {"code": "unauthorized", "message": "Bad or missing revalidate token."}}
    body = request.json() or {}
    tags = [*body.get("tags", []), *(f"product:{slug}" for slug in body.get("products", []))]
    if not tags or not all(ALLOWED_TAG.match(tag) for tag in tags):
        return 400, {"error": {"code": "invalid", "message": "Name products or known tags."}}
    return 200, {"revalidated": tags}


@pytest.fixture
def storefront(settings):
    server = JsonStandIn(storefront_route).start()
    settings.REVALIDATE_SECRET = SECRET
    settings.STOREFRONT_REVALIDATE_URL = f"{server.url}/api/revalidate"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield server
    server.stop()


def posted(storefront):
    return [(r.path, r.json()) for r in storefront.requests]


def test_one_post_per_transaction_names_every_product_it_changed(storefront, commit):
    phone, other = ProductFactory(slug="galaxy-a55"), ProductFactory(slug="pixel-9")
    variant = VariantFactory(product=phone, price=Decimal("30000"), mrp=Decimal("32000"))
    storefront.requests.clear()
    with commit():
        with transaction.atomic():
            variant.price = Decimal("28999")
            variant.save()
            ReviewFactory(product=other)
            phone.save()
    assert posted(storefront) == [("/api/revalidate", {"products": ["galaxy-a55", "pixel-9"], "tags": []})]


def test_a_renamed_slug_expires_the_old_page_too(storefront, commit):
    phone = ProductFactory(slug="galaxy-a56")
    storefront.requests.clear()
    with commit():
        phone.slug = "galaxy-a56-5g"
        phone.save()
    assert posted(storefront) == [("/api/revalidate", {"products": ["galaxy-a56", "galaxy-a56-5g"], "tags": []})]


def test_brand_and_category_changes_expire_their_tags(storefront, commit):
    brand = BrandFactory(slug="lava")
    storefront.requests.clear()
    with commit():
        brand.name = "Lava Mobiles"
        brand.save()
    assert posted(storefront) == [("/api/revalidate", {"products": [], "tags": ["brands", "catalog"]})]


def test_selling_out_through_an_order_expires_the_product_page(storefront, commit):
    variant = VariantFactory(product=ProductFactory(slug="redmi-13"), stock=1)
    storefront.requests.clear()
    with commit():
        with transaction.atomic():
            adjust_stock({variant.pk: -1})
    assert posted(storefront) == [("/api/revalidate", {"products": ["redmi-13"], "tags": []})]


def test_nothing_is_sent_for_a_rolled_back_change(storefront, commit):
    variant = VariantFactory(product=ProductFactory(slug="moto-g85"))
    storefront.requests.clear()
    with commit():
        with pytest.raises(RuntimeError), transaction.atomic():
            variant.price = Decimal("1")
            variant.save()
            raise RuntimeError
    assert storefront.requests == []


def test_off_without_a_secret(storefront, settings, commit):
    settings.REVALIDATE_SECRET = ""
    with commit():
        VariantFactory(product=ProductFactory(slug="nord-4"))
    assert storefront.requests == []


def test_a_refusing_or_absent_storefront_never_breaks_the_save(storefront, settings, caplog, commit):
    variant = VariantFactory(product=ProductFactory(slug="nothing-2a"), price=Decimal("24000"), mrp=Decimal("25000"))
    settings.REVALIDATE_SECRET = "a-stale-secret"  # the storefront's was rotated: 401
    with commit():
        variant.price = Decimal("23000")
        variant.save()
    assert storefront.requests[-1].json() == {"products": ["nothing-2a"], "tags": []}
    assert "Storefront revalidation answered 401" in caplog.text
    storefront.stop()  # and gone altogether
    with commit():
        variant.price = Decimal("22000")
        variant.save()
    variant.refresh_from_db()
    assert variant.price == Decimal("22000")
    assert "Storefront revalidation failed" in caplog.text


def test_with_workers_the_revalidation_waits_out_every_replicas_local_cache(storefront, settings, monkeypatch, commit):
    # Another API replica serves the catalog's old version for CACHE_LOCAL_SECONDS after a change: a storefront
    # render in that time would cache the old page again (seen in make fleet-test), so the task waits it out.
    from catalog.tasks import revalidate_storefront

    sent = []
    monkeypatch.setattr(revalidate_storefront, "apply_async", lambda args, countdown: sent.append((args, countdown)))
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CACHE_LOCAL_SECONDS = 1.0
    phone = ProductFactory(slug="galaxy-a57")
    sent.clear()
    with commit():
        phone.save()
    assert sent == [((["galaxy-a57"], []), 1.5)]
    settings.CACHE_LOCAL_SECONDS = 0
    sent.clear()
    with commit():
        phone.save()
    assert sent == [((["galaxy-a57"], []), 0.0)]
