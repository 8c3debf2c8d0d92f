"""Legal texts: shipped with placeholders every one of which is a fact; edited in the admin as new versions (who,
when, why), never rewritten; the page says when it was last updated; the cache and the storefront follow an edit."""

import re

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils.dateparse import parse_datetime

from accounts.tests.factories import UserFactory
from audit.models import AuditLog
from catalog.tests.test_storefront_revalidation import SECRET, storefront_route
from core.errors import ApplicationError
from core.testing import JsonStandIn
from legal import facts, services, text
from legal.models import AppendOnlyError, LegalPage, LegalText, PageSlug

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(is_staff=True, is_superuser=True)


def publish(slug="returns", body="Within {{returns.window_days}} days.", by=None, **kwargs):
    kwargs.setdefault("title", "Returns policy")
    kwargs.setdefault("description", "How returns work.")
    return services.publish(slug, body=body, by=by, **kwargs)


# --- The first texts


@pytest.mark.parametrize("slug", PageSlug.values)
def test_each_page_ships_a_first_text_whose_placeholders_are_all_facts(api_client, slug):
    version = LegalText.objects.get(page__slug=slug)
    assert version.number == 1 and version.published_by_label == "system:migration"
    for part in (version.title, version.description, version.body):
        assert text.unknown_placeholders(part, facts.texts()) == []
    assert re.search(r"\{\{", version.body), "a page states at least one fact from the settings"
    served = api_client.get(f"/api/legal/{slug}/").json()
    assert "{{" not in served["body"] + served["title"] + served["description"]
    assert services.problems(title=version.title, description=version.description, body=version.body) == {}


def test_the_text_is_served_as_headings_paragraphs_and_lists():
    assert text.blocks("Intro line one\nline two.\n\n## Heading\n- first\n  continued\n- second\nAfter.") == [
        {"type": "paragraph", "text": "Intro line one line two."},
        {"type": "heading", "text": "Heading"},
        {"type": "list", "items": ["first continued", "second After."]},
    ]
    assert text.blocks("## A\n\nPara\n- x\n\ny") == [
        {"type": "heading", "text": "A"},
        {"type": "paragraph", "text": "Para"},
        {"type": "list", "items": ["x"]},
        {"type": "paragraph", "text": "y"},
    ]


def test_markup_is_never_interpreted(api_client, editor):
    publish(body="<script>alert(1)</script> {{returns.window_days}}", by=editor)
    served = api_client.get("/api/legal/returns/").json()
    assert served["blocks"] == [{"type": "paragraph", "text": "<script>alert(1)</script> 7"}]


# --- Versions


def test_publishing_adds_a_version_and_keeps_the_old_one(api_client, editor):
    first = LegalText.objects.get(page__slug="returns")
    version = publish(body="Ask within {{ returns.window_days }} days.", by=editor, note="Shorter")
    assert version.number == 2 and version.published_by == editor and version.note == "Shorter"
    assert version.published_by_label == f"user:{editor.pk} {editor.email}"
    assert LegalText.objects.filter(page__slug="returns").count() == 2
    first.refresh_from_db()
    assert first.body.startswith("You can ask us to take back")  # untouched
    served = api_client.get("/api/legal/returns/").json()
    assert served["version"] == 2 and served["body"] == "Ask within 7 days."
    assert parse_datetime(served["updated_at"]) == version.published_at  # the page's "last updated"
    row = AuditLog.objects.get(action="legal_text_published")
    assert row.actor_id == editor.pk and row.new_values == {"page": "returns", "number": 2, "note": "Shorter"}
    assert row.old_values == {"number": 1}


def test_publishing_the_same_text_again_adds_nothing(editor):
    version = publish(by=editor)
    again = publish(by=editor)
    assert again.pk == version.pk and LegalText.objects.filter(page__slug="returns").count() == 2
    assert AuditLog.objects.filter(action="legal_text_published").count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"body": "Within {{returns.window}} days."}, "body"),
        ({"body": "Within {{ Returns.Window_Days }} days."}, "body"),
        ({"body": "{{ returns.window_days.__class__ }}"}, "body"),
        ({"body": "   "}, "body"),
        ({"title": "x" * 121}, "title"),
        ({"description": "About {{seller.nobody}}"}, "description"),
    ],
)
def test_a_text_with_an_unknown_fact_or_no_words_is_refused(editor, kwargs, field):
    with pytest.raises(ApplicationError) as refused:
        publish(by=editor, **kwargs)
    assert refused.value.http_status == 400 and field in refused.value.fields
    assert LegalText.objects.filter(page__slug="returns").count() == 1


def test_published_versions_cannot_be_rewritten_or_removed():
    version = LegalText.objects.get(page__slug="terms")
    with pytest.raises(AppendOnlyError):
        version.save()
    with pytest.raises(AppendOnlyError):
        version.delete()
    with pytest.raises(AppendOnlyError):
        LegalText.objects.filter(pk=version.pk).update(body="changed")
    with pytest.raises(AppendOnlyError):
        LegalText.objects.filter(pk=version.pk).delete()
    if connection.vendor == "postgresql":  # the trigger refuses even raw SQL
        for sql in ("UPDATE legal_legaltext SET body = 'x' WHERE id = %s", "DELETE FROM legal_legaltext WHERE id = %s"):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as c:
                c.execute(sql, [version.pk])
    version.refresh_from_db()
    assert version.body.startswith("These terms apply")


# --- Caching


def test_answers_are_public_and_cached_until_an_edit(api_client, editor, settings):
    settings.CATALOG_CACHE_SECONDS = 300
    first = api_client.get("/api/legal/returns/")
    assert first["Cache-Control"].startswith("public") and first["ETag"]
    assert api_client.get("/api/legal/returns/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    publish(body="New words, {{returns.window_days}} days.", by=editor)
    after = api_client.get("/api/legal/returns/")
    assert after.status_code == 200 and after.json()["body"] == "New words, 7 days." and after["ETag"] != first["ETag"]
    index = api_client.get("/api/legal/").json()
    assert next(p for p in index["pages"] if p["slug"] == "returns")["version"] == 2


def test_an_edit_expires_the_storefronts_legal_pages(settings, editor, commit):
    server = JsonStandIn(storefront_route_with_legal).start()
    try:
        settings.REVALIDATE_SECRET = SECRET
        settings.STOREFRONT_REVALIDATE_URL = f"{server.url}/api/revalidate"
        with commit():
            publish(body="Changed, {{returns.window_days}} days.", by=editor)
        posted = [(r.path, r.json()) for r in server.requests]
        assert posted == [("/api/revalidate", {"products": [], "tags": ["legal"]})]
    finally:
        server.stop()


def storefront_route_with_legal(request):
    """frontend/app/api/revalidate/route.ts as it is now: "legal" is a known tag."""
    body = request.json() or {}
    if body.get("tags") == ["legal"] and request.headers.get("Authorization") == f"Bearer {SECRET}":
        return 200, {"revalidated": ["legal"]}
    return storefront_route(request)


def test_an_unknown_page_is_a_404(api_client):
    response = api_client.get("/api/legal/cookies/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


# --- The admin


def test_staff_publish_a_new_version_from_the_admin(editor):
    browser = Client()
    browser.force_login(editor)
    page = LegalPage.objects.get(slug="shipping")
    url = f"/admin/legal/legalpage/{page.pk}/change/"
    form = browser.get(url)
    assert form.status_code == 200 and b"{{ shipping.fee }}" in form.content  # the placeholders listed
    current = LegalText.objects.get(page=page)
    assert current.body.encode()[:40] in form.content  # the form starts from the current text

    refused = browser.post(url, {"title": "Shipping", "description": "d", "body": "{{shipping.nope}}", "note": ""})
    assert refused.status_code == 200 and b"Unknown placeholders" in refused.content
    assert LegalText.objects.filter(page=page).count() == 1

    body = "Free from {{shipping.free_from}}."
    done = browser.post(url, {"title": "Shipping policy", "description": "Delivery.", "body": body, "note": "x"})
    assert done.status_code == 302
    latest = LegalText.objects.filter(page=page).order_by("-number").first()
    assert (latest.number, latest.body, latest.published_by) == (2, "Free from {{shipping.free_from}}.", editor)
    assert browser.get("/admin/legal/legaltext/").status_code == 200


def test_the_staff_role_cannot_publish(editor):
    from staff.tests.factories import staff_member

    member = staff_member()
    member.is_staff = True
    member.save()
    browser = Client()
    browser.force_login(member)
    page = LegalPage.objects.get(slug="terms")
    form = {"title": "t", "description": "d", "body": "b"}
    response = browser.post(f"/admin/legal/legalpage/{page.pk}/change/", form)
    assert response.status_code in (302, 403) and LegalText.objects.filter(page=page).count() == 1
