"""Complaints in the admin: staff read them (open ones first, by due date) and close one with what was done, which
support.services.close records, audits and emails to the shopper. Nothing else of a complaint is edited."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils import timezone

from core.errors import ApplicationError
from support import services
from support.models import Complaint, ComplaintStatus


class CloseForm(forms.ModelForm):
    resolution = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 90}),
        help_text="What was done. Saving with a resolution closes the complaint and emails it to the shopper.",
    )

    class Meta:
        model = Complaint
        fields = ["resolution"]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    form = CloseForm
    list_display = ("reference", "created_at", "category", "status", "due_by", "overdue", "email", "order_number")
    list_filter = ("status", "category")
    search_fields = ("reference", "email", "order_number")
    ordering = ("-status", "due_by")  # open before closed, the most urgent first
    readonly_fields = (
        "reference",
        "status",
        "name",
        "email",
        "phone",
        "order_number",
        "category",
        "message",
        "created_at",
        "due_by",
        "officer_notified_at",
        "acknowledged_at",
        "closed_at",
        "closed_by",
        "resolution_sent_at",
    )
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Complaint | None = None) -> Any:
        closed = obj is not None and obj.status == ComplaintStatus.CLOSED
        return (*self.readonly_fields, "resolution") if closed else self.readonly_fields

    @admin.display(boolean=True, description="Overdue")
    def overdue(self, obj: Complaint) -> bool:
        return obj.status == ComplaintStatus.OPEN and obj.due_by < timezone.now()

    def save_model(self, request: HttpRequest, obj: Complaint, form: forms.ModelForm, change: bool) -> None:
        resolution = form.cleaned_data.get("resolution", "")
        if not resolution.strip():
            messages.info(request, "Nothing saved: write what was done to close the complaint.")
            return
        try:
            services.close(obj.pk, resolution=resolution, by=request.user, request=request)  # type: ignore[arg-type]
        except ApplicationError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, f"Complaint {obj.reference} is closed; the shopper is told by email.")
