from django.contrib import admin

from returns.models import ReturnPhoto, ReturnRequest, ReturnTransition, ReturnUnit


class ReturnUnitInline(admin.TabularInline):
    model = ReturnUnit
    extra = 0
    can_delete = False
    readonly_fields = ("item", "unit", "amount", "active", "replacement_unit")


class ReturnPhotoInline(admin.TabularInline):
    model = ReturnPhoto
    extra = 0
    can_delete = False
    readonly_fields = ("position", "content_type", "size")
    exclude = ("image",)  # private: streamed by the API to the owner and staff


class ReturnTransitionInline(admin.TabularInline):
    model = ReturnTransition
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor", "source", "note", "created_at", "emailed_at")


@admin.register(ReturnRequest)
class ReturnRequestAdmin(admin.ModelAdmin):
    """Read-only here: the steps go through the staff API (returns.services), which audits them."""

    list_display = ("id", "order", "status", "outcome", "resolution", "refund_amount", "created_at")
    list_filter = ("status", "outcome", "reason")
    search_fields = ("order__id", "pickup_awb", "replacement_awb")
    inlines = [ReturnUnitInline, ReturnPhotoInline, ReturnTransitionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
