"""The legal pages in the admin. A page's change form publishes a new version of its text (legal.services.publish:
the earlier versions stay, who and when are recorded, the audit log gets a row, the storefront's cached page is
dropped); the versions below it are read-only. Pages are neither added nor deleted here: there are eight, made by
the migration that writes their first texts."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from core.admin import ReadOnlyAdmin
from legal import facts, selectors, services
from legal.models import LegalPage, LegalText


class PublishForm(forms.ModelForm):
    """The page's current text to start from; saving it changed publishes a new version."""

    title = forms.CharField(max_length=services.MAX_TITLE)
    description = forms.CharField(
        max_length=services.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 100}),
        help_text="What search engines show under the title (about 150 characters).",
    )
    body = forms.CharField(
        max_length=services.MAX_BODY,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 32, "cols": 100}),
        help_text="Plain text: a blank line ends a paragraph, '## ' starts a heading, '- ' a list item. "
        "{{ group.name }} placeholders are filled with the store's facts (listed below) when the page is shown.",
    )
    note = forms.CharField(max_length=300, required=False, help_text="What changed and why: kept with the new version.")

    class Meta:
        model = LegalPage
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = selectors.current_text(self.instance.slug) if self.instance.pk else None
        if current is not None:
            for name in ("title", "description", "body"):
                self.fields[name].initial = getattr(current, name)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        found = services.problems(
            title=data.get("title", ""), description=data.get("description", ""), body=data.get("body", "")
        )
        for name, errors in found.items():
            if name not in self.errors:
                self.add_error(name, errors)
        return data


@admin.register(LegalPage)
class LegalPageAdmin(admin.ModelAdmin):
    form = PublishForm
    list_display = ("__str__", "slug", "version", "last_updated", "updated_by")
    readonly_fields = ("slug", "placeholders", "history")
    fieldsets = (
        (None, {"fields": ("slug", "title", "description", "body", "note")}),
        ("Placeholders", {"fields": ("placeholders",)}),
        ("Published versions", {"fields": ("history",)}),
    )
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _current(self, obj: LegalPage) -> LegalText | None:
        return selectors.current_text(obj.slug)

    @admin.display(description="Version")
    def version(self, obj: LegalPage) -> int | None:
        current = self._current(obj)
        return current.number if current else None

    @admin.display(description="Last updated")
    def last_updated(self, obj: LegalPage) -> Any:
        current = self._current(obj)
        return current.published_at if current else None

    @admin.display(description="By")
    def updated_by(self, obj: LegalPage) -> str:
        current = self._current(obj)
        return current.published_by_label if current else ""

    @admin.display(description="Facts")
    def placeholders(self, obj: LegalPage) -> str:
        rows = sorted(facts.texts().items())
        return format_html(
            "<table><tr><th>placeholder</th><th>today</th></tr>{}</table>",
            format_html_join("", "<tr><td><code>{{{{ {} }}}}</code></td><td>{}</td></tr>", rows),
        )

    @admin.display(description="Versions")
    def history(self, obj: LegalPage) -> str:
        rows = [
            (v.number, v.published_at.strftime("%Y-%m-%d %H:%M %Z"), v.published_by_label, v.title, v.note or "-")
            for v in selectors.versions(obj.slug)
        ]
        return format_html(
            "<table><tr><th>#</th><th>published</th><th>by</th><th>title</th><th>note</th></tr>{}</table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    def save_model(self, request: HttpRequest, obj: LegalPage, form: forms.ModelForm, change: bool) -> None:
        data = form.cleaned_data
        before = self._current(obj)
        version = services.publish(
            obj.slug,
            title=data["title"],
            description=data["description"],
            body=data["body"],
            note=data.get("note", ""),
            by=request.user,  # type: ignore[arg-type]  # the admin is signed in
        )
        if before is not None and version.pk == before.pk:
            messages.info(request, "Nothing changed: no new version was published.")
        else:
            messages.success(request, f"Version {version.number} is published.")

    def save_related(self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool) -> None:
        """The page row itself has nothing to save: publishing wrote the version."""


@admin.register(LegalText)
class LegalTextAdmin(ReadOnlyAdmin):
    """Every published version, read-only: what a page said on a given day."""

    list_display = ("page", "number", "title", "published_at", "published_by_label", "note")
    list_filter = ("page",)
    readonly_fields = (
        "page",
        "number",
        "title",
        "description",
        "body",
        "note",
        "published_at",
        "published_by_label",
    )
    exclude = ("published_by",)
    actions = None
