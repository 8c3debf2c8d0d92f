"""Staff keep the exchange rates here. Every add, change and delete goes through the audit hook
(currency.audit_hook), inside the admin's own transaction."""

from django.contrib import admin
from django.db import transaction
from django.utils import timezone

from currency import services
from currency.audit_hook import record_rate_change
from currency.models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "rate", "charged_rate", "source", "updated_at", "is_fresh", "updated_by"]
    search_fields = ["currency", "source"]
    fields = ["currency", "rate", "source", "charged_rate", "updated_at", "updated_by"]
    readonly_fields = ["charged_rate", "updated_at", "updated_by"]

    def get_readonly_fields(self, request, obj=None):
        # A rate row is one currency's: change the rate, not what it is a rate of.
        return [*self.readonly_fields, "currency"] if obj is not None else self.readonly_fields

    @admin.display(description="Charged at (markup included)")
    def charged_rate(self, obj):
        if obj is None or obj.rate is None:
            return "-"
        return f"{services._rate_from_row(obj).rate.normalize():f} (markup {services.markup_percent()}%)"

    @admin.display(boolean=True, description="Fresh")
    def is_fresh(self, obj):
        return services.is_fresh(obj)

    def save_model(self, request, obj, form, change):
        before = ExchangeRate.objects.select_for_update().filter(pk=obj.pk).first() if obj.pk else None
        old = services.rate_values(before)
        obj.currency = obj.currency.upper()
        obj.updated_at = timezone.now()  # saving a rate says it is current
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        record_rate_change(
            obj, old=old, new=services.rate_values(obj), actor=request.user, request=request, source="admin"
        )

    def delete_model(self, request, obj):
        old = services.rate_values(obj)
        super().delete_model(request, obj)
        record_rate_change(obj, old=old, new={}, actor=request.user, request=request, source="admin")

    def delete_queryset(self, request, queryset):
        with transaction.atomic():  # the bulk delete action is not wrapped by the admin
            for obj in queryset.order_by("pk"):
                self.delete_model(request, obj)
