from django.contrib import admin

from audit.models import AuditLog
from audit.services import FIELD_ACTIONS, record_field_changes, snapshot


def _defaults(model, names) -> dict:
    """What a new object's audited fields are compared with: their defaults (so a new customer's
    is_staff=False is no change, a new variant's price is)."""
    values = {}
    for name in names:
        field = model._meta.get_field(name)
        values[name] = [] if field.many_to_many else (field.get_default() if field.has_default() else None)
    return values


class AuditedAdminMixin:
    """A ModelAdmin mixin: a change to an audited field (audit.services.FIELD_ACTIONS: prices, stock,
    roles) of the object or of its inline rows writes an audit row, inside the admin's own transaction
    (Django wraps every add/change view in one), attributed to the staff member with their IP."""

    def _audited_fields(self, model) -> dict[str, str]:
        return FIELD_ACTIONS.get(model._meta.label_lower, {})

    def save_model(self, request, obj, form, change):
        fields = self._audited_fields(type(obj))
        if fields:
            before = (
                snapshot(type(obj)._default_manager.get(pk=obj.pk), fields)
                if change and obj.pk
                else _defaults(type(obj), fields)
            )
            request._audit_before = {**getattr(request, "_audit_before", {}), id(obj): before}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # many-to-many fields and inlines
        obj = form.instance
        fields = self._audited_fields(type(obj))
        before = getattr(request, "_audit_before", {}).pop(id(obj), None)
        if fields and before is not None:
            record_field_changes(obj, before, snapshot(obj, fields), fields=fields, request=request, source="admin")

    def save_formset(self, request, form, formset, change):
        fields = self._audited_fields(formset.model)
        if not fields:
            return super().save_formset(request, form, formset, change)
        existing = [f.instance.pk for f in formset.forms if f.instance.pk]
        before = {o.pk: snapshot(o, fields) for o in formset.model._default_manager.filter(pk__in=existing)}
        result = super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            record_field_changes(
                obj,
                _defaults(formset.model, fields),
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
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only and filterable: nobody adds, changes or deletes audit rows here."""

    list_display = ["created_at", "actor_label", "action", "object_type", "object_id", "source", "ip_address"]
    list_filter = ["action", "object_type", "source", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["actor_label", "object_id", "ip_address"]
    date_hierarchy = "created_at"
    readonly_fields = tuple(f.name for f in AuditLog._meta.fields)  # a tuple: also valid as `fields`
    fields = readonly_fields
    actions = None
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
