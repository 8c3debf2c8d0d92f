"""Reading the legal pages: the latest version of each, with its facts filled in."""

from typing import Any

from django.db.models import OuterRef, Subquery

from legal import facts, text
from legal.models import LegalText


def current_texts() -> list[LegalText]:
    """The latest version of every page that has one, in the footer's order (one query)."""
    latest = LegalText.objects.filter(page=OuterRef("page")).order_by("-number").values("pk")[:1]
    return list(
        LegalText.objects.filter(pk=Subquery(latest)).select_related("page").order_by("page__position", "page_id")
    )


def current_text(slug: str) -> LegalText | None:
    return LegalText.objects.filter(page__slug=slug).select_related("page").order_by("-number").first()


def rendered(version: LegalText, found: dict[str, dict[str, facts.Fact]] | None = None) -> dict[str, Any]:
    """The page as the storefront shows it: title, description and body with the facts in, the body as blocks."""
    texts = facts.texts(found)
    body = text.fill(version.body, texts)
    return {
        "slug": version.page.slug,
        "title": text.fill(version.title, texts),
        "description": text.fill(version.description, texts),
        "version": version.number,
        "updated_at": version.published_at,
        "body": body,
        "blocks": text.blocks(body),
    }


def versions(slug: str) -> list[LegalText]:
    return list(LegalText.objects.filter(page__slug=slug).order_by("-number"))
