"""Staff API for the console's Users (admin only): the staff and admin accounts, invitations, (de)activation. Roles
are given by PUT /api/staff/users/{id}/role/ (views.UserRoleView). The rules are staff.users'."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.roles import ROLE_NAMES, role_of
from core.serializers import StrictBooleanField, StrictCharField, StrictEmailField, StrictInputMixin
from staff import roles, users
from staff.api.views import ERRORS, INVALID, NOT_FOUND, TAGS, StaffView
from staff.permissions import perms


class StaffAccountSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField(allow_null=True)
    full_name = serializers.CharField()
    role = serializers.ChoiceField(choices=ROLE_NAMES, allow_null=True)
    is_active = serializers.BooleanField(help_text="false: deactivated, cannot sign in.")
    is_superuser = serializers.BooleanField(help_text="Changed in the Django admin only.")
    password_set = serializers.BooleanField(help_text="false: invited, the set-password link not used yet.")
    last_login = serializers.DateTimeField(allow_null=True)
    date_joined = serializers.DateTimeField()


def account(user: User) -> dict:
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "role": role_of(user),
        "is_active": user.is_active,
        "is_superuser": user.is_superuser,
        "password_set": user.has_usable_password(),
        "last_login": user.last_login,
        "date_joined": user.date_joined,
    }


class InviteSerializer(StrictInputMixin, serializers.Serializer):
    email = StrictEmailField(max_length=254)
    # The roles' one enum (as PUT .../role/ takes it); a customer is not invited.
    role = serializers.ChoiceField(choices=ROLE_NAMES, help_text="staff or admin.")
    full_name = StrictCharField(max_length=150, required=False, default="", allow_blank=True)

    def validate_role(self, value: str) -> str:
        if value not in users.INVITABLE_ROLES:
            raise serializers.ValidationError("Invite as staff or admin.")
        return value


class ActivationSerializer(StrictInputMixin, serializers.Serializer):
    # PATCH semantics: a body without is_active changes nothing (the account is answered as it is).
    is_active = StrictBooleanField(required=False)


@extend_schema(tags=TAGS, responses={200: StaffAccountSerializer(many=True), **ERRORS})
class StaffUserListView(StaffView, APIView):
    """The staff and admin accounts (active or not, superusers too), by email. Admin only."""

    required_permissions = perms([roles.MANAGE_ROLES], [])
    http_method_names = ["get", "head", "options"]

    def get(self, request):
        return Response(StaffAccountSerializer([account(u) for u in users.staff_accounts()], many=True).data)


@extend_schema(
    tags=TAGS,
    request=InviteSerializer,
    responses={
        201: StaffAccountSerializer,
        400: INVALID,
        409: OpenApiResponse(description="account_exists: an account has this email (give it a role instead)."),
        **ERRORS,
    },
)
class StaffUserInviteView(StaffView, APIView):
    """Invite a staff member or admin (admin only): the account is made in its role with no usable password, and
    its owner is emailed the password reset link to set one (never a password). Audited as user_invited."""

    required_permissions = perms([roles.MANAGE_ROLES])
    http_method_names = ["post", "options"]

    def post(self, request):
        body = InviteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = users.invite(**body.validated_data, actor=request.user, request=request)
        return Response(StaffAccountSerializer(account(user)).data, status=201)


@extend_schema(
    tags=TAGS,
    request=ActivationSerializer,
    responses={
        200: StaffAccountSerializer,
        400: OpenApiResponse(description="invalid; own_account (not yourself); superuser (the Django admin's)."),
        404: NOT_FOUND,
        409: OpenApiResponse(description="last_admin: the last active admin cannot be deactivated."),
        **ERRORS,
    },
)
class StaffUserDetailView(StaffView, APIView):
    """Deactivate (`is_active: false`: signed out everywhere, cannot sign in) or reactivate a staff or admin account.
    Admin only; not your own account, not the last active admin. Audited as role_change."""

    required_permissions = perms([roles.MANAGE_ROLES])
    http_method_names = ["patch", "options"]

    def patch(self, request, pk: int):
        body = ActivationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if "is_active" not in body.validated_data:
            return Response(StaffAccountSerializer(account(users.staff_account(pk))).data)
        user = users.set_active(pk, body.validated_data["is_active"], actor=request.user, request=request)
        return Response(StaffAccountSerializer(account(user)).data)
