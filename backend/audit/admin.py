from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.db.models import Field, Model
from django.forms import ModelForm
from django.forms.models import BaseModelFormSet
from django.http import HttpRequest

from audit.models import AuditLog
from audit.services import FIELD_ACTIONS, record_field_changes, snapshot
from core.admin import ReadOnlyAdmin


def _defaults(model: type[Model], names: Iterable[str]) -> dict[str, Any]:
    """What a new object's audited fields are compared with: their defaults (so a new customer's
    is_staff=False is no change, a new variant's price is)."""
    values: dict[str, Any] = {}
    for name in names:
        field = model._meta.get_field(name)
        if field.many_to_many:
            values[name] = []
        else:
            values[name] = field.get_default() if isinstance(field, Field) and field.has_default() else None
    return values


def _before_by_object(request: HttpRequest) -> dict[int, dict[str, Any]]:
    """Audited values before the change, by id() of the object: kept on the request from save_model (before
    the save) to save_related (after its many-to-many fields and inlines are saved)."""
    pending = getattr(request, "_audit_before", None)
    if pending is None:
        pending = request._audit_before = {}  # type: ignore[attr-defined]  # this request's own state
    return pending


class AuditedAdminMixin(admin.ModelAdmin):
    """A ModelAdmin mixin: a change to an audited field (audit.services.FIELD_ACTIONS: prices, stock,
    roles) of the object or of its inline rows writes an audit row, inside the admin's own transaction
    (Django wraps every add/change view in one), attributed to the staff member with their IP."""

    def _audited_fields(self, model: type[Model]) -> dict[str, str]:
        return FIELD_ACTIONS.get(model._meta.label_lower, {})

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        fields = self._audited_fields(type(obj))
        if fields:
            before = (
                snapshot(type(obj)._default_manager.get(pk=obj.pk), fields)
                if change and obj.pk
                else _defaults(type(obj), fields)
            )
            _before_by_object(request)[id(obj)] = before
        super().save_model(request, obj, form, change)

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Iterable[BaseModelFormSet], change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)  # many-to-many fields and inlines
        obj = form.instance
        fields = self._audited_fields(type(obj))
        before = _before_by_object(request).pop(id(obj), None)
        if fields and before is not None:
            record_field_changes(obj, before, snapshot(obj, fields), fields=fields, request=request, source="admin")

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseModelFormSet, change: bool) -> Any:
        model = formset.model
        if model is None or not (fields := self._audited_fields(model)):
            return super().save_formset(request, form, formset, change)
        existing = [f.instance.pk for f in formset.forms if f.instance.pk]
        before = {o.pk: snapshot(o, fields) for o in model._default_manager.filter(pk__in=existing)}
        result = super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record_field_changes(
                obj,
                _defaults(model, fields),
                snapshot(obj, fields),
                fields=fields,
                request=request,
                source="admin",
            )
        for obj, _changed in formset.changed_objects:
            record_field_changes(
                obj, before.get(obj.pk, {}), snapshot(obj, fields), fields=fields, request=request, source="admin"
            )
        return result


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    """Read-only and filterable: nobody adds, changes or deletes audit rows here."""

    list_display = ["created_at", "actor_label", "action", "object_type", "object_id", "source", "ip_address"]
    list_filter = ["action", "object_type", "source", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["actor_label", "object_id", "ip_address"]
    date_hierarchy = "created_at"
    readonly_fields = tuple(f.name for f in AuditLog._meta.fields)  # a tuple: also valid as `fields`
    fields = readonly_fields
    actions = None
    list_per_page = 100
