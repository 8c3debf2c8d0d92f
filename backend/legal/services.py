"""Publishing a legal text: a new version of the page (the old ones stay, append-only), audited, and every cached
answer and storefront page of the legal pages dropped once it commits."""

from typing import TYPE_CHECKING

from django.db import transaction

from audit import services as audit
from catalog import storefront
from core.cache import bump_version
from core.errors import ApplicationError, CommonErrorCode
from legal import facts, text
from legal.models import LegalPage, LegalText

if TYPE_CHECKING:
    from accounts.models import User

NAMESPACE = "legal"  # core.cache's version of every cached legal answer
STOREFRONT_TAG = "legal"  # the storefront's cache tag of the legal pages (frontend/lib/config.ts TAGS.legal)
MAX_TITLE, MAX_DESCRIPTION, MAX_BODY = 120, 300, 20000


def invalidate() -> None:
    bump_version(NAMESPACE)


def problems(*, title: str, description: str, body: str) -> dict[str, list[str]]:
    """What is wrong with a text before it may be published ({} when nothing): the admin form shows these."""
    found: dict[str, list[str]] = {}
    known = facts.texts()
    for name, value, most in (
        ("title", title, MAX_TITLE),
        ("description", description, MAX_DESCRIPTION),
        ("body", body, MAX_BODY),
    ):
        unknown = text.unknown_placeholders(value, known)
        if not value.strip():
            found[name] = ["Required."]
        elif len(value) > most:
            found[name] = [f"At most {most} characters."]
        elif unknown:
            found[name] = [f"Unknown placeholders: {', '.join(unknown)}. Known: {', '.join(sorted(known))}."]
    return found


def publish(
    slug: str, *, title: str, description: str, body: str, note: str = "", by: "User | None", source: str = "admin"
) -> LegalText:
    """Publish a new version of the page `slug` (the current one when nothing changed: no empty versions)."""
    found = problems(title=title, description=description, body=body)
    if found:
        raise ApplicationError(CommonErrorCode.INVALID, "The text cannot be published.", fields=found)
    with transaction.atomic():
        page = LegalPage.objects.select_for_update().filter(slug=slug).first()
        if page is None:
            raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such legal page.")
        current = page.versions.order_by("-number").first()
        title, description = title.strip(), description.strip()
        if current is not None and (current.title, current.description, current.body) == (title, description, body):
            return current
        version = LegalText.objects.create(
            page=page,
            number=(current.number if current else 0) + 1,
            title=title,
            description=description,
            body=body,
            note=note.strip()[:300],
            published_by=by if by is not None and by.is_authenticated else None,
            published_by_label=f"user:{by.pk} {by.get_username()}"[:200] if by is not None else f"system:{source}",
        )
        audit.record(
            "legal_text_published",
            obj=version,
            old={"number": current.number} if current else {},
            new={"page": slug, "number": version.number, "note": version.note},
            actor=by,
            source=source,
        )
        # Now, and again once committed (an answer computed meanwhile from the old row is dropped too).
        invalidate()
        transaction.on_commit(invalidate, robust=True)
        storefront.changed(tags=[STOREFRONT_TAG])
    return version
