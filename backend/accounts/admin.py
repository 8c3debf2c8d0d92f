from django import forms
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.forms import ModelForm
from django.forms.models import BaseModelFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import Address, User, normalize_email
from audit.admin import AuditedAdminMixin


class _CaseInsensitiveEmailMixin:
    """Store the email lowercased and refuse one that differs from another account's only in case. An account
    without a sign-in mobile needs its email (nothing else signs it in); one with a mobile may have none."""

    def clean_email(self):
        email = normalize_email(self.cleaned_data.get("email"))
        taken = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if email and taken.exists():
            raise forms.ValidationError(_("A user with that email already exists."), code="unique")
        if not email and not self.instance.mobile:
            raise forms.ValidationError(_("An account without a sign-in mobile needs an email."), code="required")
        return email or None


class UserCreationAdminForm(_CaseInsensitiveEmailMixin, AdminUserCreationForm):
    """Staff make email accounts; accounts with only a mobile are made by signing in with the number."""

    class Meta:
        model = User
        fields = ("email", "full_name", "phone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True


class UserChangeAdminForm(_CaseInsensitiveEmailMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class AddressAdminForm(ModelForm):
    """The state is chosen from the list of codes; the name follows it (Address.save). Blank codes exist only
    on old addresses whose name matched no state: editing one asks for the state."""

    class Meta:
        model = Address
        fields = (
            "full_name",
            "phone",
            "line1",
            "line2",
            "landmark",
            "city",
            "state_code",
            "pincode",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state_code"].required = True


class AddressInline(admin.StackedInline):
    model = Address
    form = AddressAdminForm
    extra = 0
    fields = (
        "full_name",
        "phone",
        "line1",
        "line2",
        "landmark",
        "city",
        "state_code",
        "state",
        "pincode",
        "country",
        "is_default",
    )
    # The default moves through accounts.services (one per user); here it is shown, not edited. The state's
    # name is the code's (an old address's unmatched name stays visible until a state is chosen).
    readonly_fields = ("state", "country", "is_default")


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    """Changes of is_staff, is_superuser, is_active, groups and permissions are audited as role_change."""

    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    inlines = [AddressInline]
    ordering = ("-date_joined",)
    list_display = ("email", "mobile", "full_name", "phone", "is_staff", "is_active", "date_joined", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "date_joined")
    search_fields = ("email", "mobile", "full_name", "phone")
    # The sign-in mobile changes only by entering a code sent to the number (accounts.otp), never by hand.
    readonly_fields = ("mobile", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "mobile", "password")}),
        (_("Personal info"), {"fields": ("full_name", "phone")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "phone", "usable_password", "password1", "password2"),
            },
        ),
    )

    def get_inlines(self, request: HttpRequest, obj: User | None) -> list[type[InlineModelAdmin]]:
        return self.inlines if obj is not None else []  # addresses are added once the user exists

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseModelFormSet, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is Address:
            # Addresses added or deleted here keep the one-default rule.
            services.ensure_default_address(form.instance.pk)
