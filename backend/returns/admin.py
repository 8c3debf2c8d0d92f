from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from core.admin import ReadOnlyAdmin
from core.errors import ApplicationError
from returns import services
from returns.models import ReturnPhoto, ReturnRequest, ReturnStatus, ReturnTransition, ReturnUnit


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve (books the reverse pickup)"), ("reject", "Reject")])
    note = forms.CharField(
        max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="Required to reject."
    )


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
class ReturnRequestAdmin(ReadOnlyAdmin):
    """Read-only rows; a requested return is approved or rejected on its "decide" page, and the later steps go
    through the staff API. Every step runs in returns.services, which audits it."""

    list_display = ("id", "order", "status", "outcome", "resolution", "refund_amount", "created_at", "decide")
    list_filter = ("status", "outcome", "reason")
    search_fields = ("order__id", "pickup_awb", "replacement_awb")
    inlines = [ReturnUnitInline, ReturnPhotoInline, ReturnTransitionInline]

    @admin.display(description="Decision")
    def decide(self, obj: ReturnRequest) -> str:
        if obj.status != ReturnStatus.REQUESTED:
            return "-"
        return format_html(
            '<a href="{}">Approve or reject</a>', reverse("admin:returns_returnrequest_decide", args=[obj.pk])
        )

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "<int:object_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="returns_returnrequest_decide",
            )
        ]
        return own + super().get_urls()

    def decide_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Approve (the pickup is booked) or reject with the reason the shopper is told, as the staff API does."""
        if not request.user.has_perm("orders.change_order"):
            raise PermissionDenied
        return_request = get_object_or_404(ReturnRequest, pk=object_id)
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            step = services.approve if form.cleaned_data["decision"] == "approve" else services.reject
            try:
                step(return_request.pk, actor=request.user, note=form.cleaned_data["note"])  # type: ignore[arg-type]
            except ApplicationError as refusal:
                form.add_error("note" if refusal.fields else None, refusal.message)
            else:
                self.message_user(request, f"Return {return_request.pk}: {form.cleaned_data['decision']}d.")
                return HttpResponseRedirect(reverse("admin:returns_returnrequest_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": return_request,
            "title": f"Approve or reject return {return_request.pk} (order {return_request.order.number})",
            "form": form,
            "open": return_request.status == ReturnStatus.REQUESTED,
        }
        return TemplateResponse(request, "admin/returns/returnrequest/decide.html", context)
