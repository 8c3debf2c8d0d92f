"""The pages the law asks for: each page's prose is a series of versions, never rewritten. Publishing a text adds a
version (who, when, why); the page shows the latest and says when it was last updated. Versions are append-only like
the audit log: the model refuses save() of an existing row and delete(), its queryset refuses update() and delete(),
and on PostgreSQL a trigger refuses UPDATE and DELETE from anyone."""

from collections.abc import Iterable
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    """An attempt to change or remove a published legal text."""


class PageSlug(models.TextChoices):
    """The pages, in the order the footer lists them. Their addresses are /legal/<slug> on the storefront."""

    SELLER = "seller", "About the seller"
    GRIEVANCE = "grievance", "Grievance redressal"
    RETURNS = "returns", "Returns policy"
    REFUNDS = "refunds", "Refund policy"
    CANCELLATION = "cancellation", "Cancellation policy"
    SHIPPING = "shipping", "Shipping policy"
    PRIVACY = "privacy", "Privacy notice"
    TERMS = "terms", "Terms of use"


class LegalPage(models.Model):
    """One of the pages; what it says is its latest LegalText."""

    Slug = PageSlug

    slug = models.CharField(max_length=20, unique=True, choices=PageSlug.choices)
    position = models.PositiveSmallIntegerField(default=0, help_text="Its place in the footer and the index.")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return PageSlug(self.slug).label if self.slug in PageSlug.values else self.slug


class LegalTextQuerySet(models.QuerySet["LegalText"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Published legal texts cannot be changed: publish a new version.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Published legal texts cannot be deleted.")

    def bulk_update(
        self, objs: Iterable["LegalText"], fields: Iterable[str], batch_size: int | None = None
    ) -> NoReturn:
        raise AppendOnlyError("Published legal texts cannot be changed: publish a new version.")

    def _raw_delete(self, using: str | None) -> NoReturn:
        raise AppendOnlyError("Published legal texts cannot be deleted.")


class LegalText(models.Model):
    """One published version of a page: its title, description (search engines' snippet) and body, a plain text
    whose {{ group.fact }} placeholders are filled from legal.facts when it is served (legal.text)."""

    page = models.ForeignKey(LegalPage, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(help_text="1 for the first version of the page, then 2, 3, ...")
    title = models.CharField(max_length=120)
    description = models.CharField(max_length=300)
    body = models.TextField()
    note = models.CharField(max_length=300, blank=True, help_text="What changed, in the editor's words.")
    published_at = models.DateTimeField(default=timezone.now)
    # Who published it: kept as a label too (the row can never be updated, so no SET_NULL on the link).
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    published_by_label = models.CharField(max_length=200, help_text='"user:<id> <email>" or "system:<what>".')

    objects = LegalTextQuerySet.as_manager()

    class Meta:
        ordering = ["page_id", "-number"]
        get_latest_by = "number"
        constraints = [models.UniqueConstraint(fields=["page", "number"], name="legal_text_one_number_per_page")]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Published legal texts cannot be changed: publish a new version.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Published legal texts cannot be deleted.")
