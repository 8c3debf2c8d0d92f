"""The staff console's Users (admin only): the staff and admin accounts, inviting one, deactivating and reactivating.
Roles themselves are given by staff.services.set_role. Every change and its audit row are one transaction.

An invited account is made active, in its role, with an unusable password: the invitation email carries the
password reset link (accounts.password_reset), which sets the first one. No password is ever sent or chosen here.
There is always an active admin: the last one can be neither deactivated nor demoted (the active admins' rows are
locked while that is checked, so two admins removing each other at once cannot both succeed)."""

from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from rest_framework.request import Request

from accounts.models import User, normalize_email
from accounts.roles import ADMIN, STAFF
from accounts.services import revoke_all_refresh_tokens
from audit import services as audit
from core.errors import ApplicationError, CommonErrorCode
from core.tasks import deliver_on_commit
from staff.error_codes import StaffErrorCode

INVITABLE_ROLES = (STAFF, ADMIN)
ADMINS = Q(is_superuser=True) | Q(groups__name=ADMIN)


def _staff_ids() -> "QuerySet[User, Any]":
    return User.objects.filter(Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name__in=INVITABLE_ROLES)).values(
        "pk"
    )


def staff_accounts() -> QuerySet[User]:
    """Every account holding the staff or admin role (active or not), superusers included, by email."""
    return User.objects.filter(pk__in=_staff_ids()).prefetch_related("groups").order_by("email", "pk")


def staff_account(user_id: int) -> User:
    """One staff or admin account, else 404 not_found (a customer's account is not the console's to change)."""
    user = staff_accounts().filter(pk=user_id).first()
    if user is None:
        raise ApplicationError(CommonErrorCode.NOT_FOUND, "Not found.")
    return user


def ensure_another_admin(user: User) -> None:
    """Refuse (409 last_admin) when `user` is an active admin and no other active admin exists. Locks the active
    admins' rows until the transaction ends: call it inside the change's transaction."""
    admins = User.objects.filter(ADMINS).values("pk")
    active = set(User.objects.select_for_update().filter(pk__in=admins, is_active=True).values_list("pk", flat=True))
    if user.pk in active and not active - {user.pk}:
        raise ApplicationError(StaffErrorCode.LAST_ADMIN, "This is the last active admin: make another admin first.")


@transaction.atomic
def invite(
    *, email: str, role: str, full_name: str = "", actor: User, request: HttpRequest | Request | None = None
) -> User:
    """Make a staff or admin account with no usable password and email its owner the link that sets one."""
    if role not in INVITABLE_ROLES:
        raise ApplicationError(CommonErrorCode.INVALID, f"Unknown role {role!r}.", fields={"role": ["Unknown role."]})
    email = normalize_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError(
            StaffErrorCode.ACCOUNT_EXISTS,
            "An account with this email exists: give it a role instead.",
            fields={"email": ["An account with this email exists."]},
        )
    user = User.objects.create_user(email, None, full_name=full_name, is_staff=True)  # None: an unusable password
    user.groups.set([Group.objects.get(name=role)])
    audit.record(
        "user_invited",
        obj=user,
        new={"email": email, "role": role, "is_active": True},
        actor=actor,
        request=request,
        source="api",
    )
    from accounts.tasks import send_staff_invitation

    deliver_on_commit(send_staff_invitation, user.pk)
    return user


@transaction.atomic
def set_active(user_id: int, is_active: bool, *, actor: User, request: HttpRequest | Request | None = None) -> User:
    """Deactivate (signed out everywhere, no sign-in) or reactivate a staff or admin account."""
    user = User.objects.select_for_update().filter(pk=user_id, pk__in=_staff_ids()).first()
    if user is None:
        raise ApplicationError(CommonErrorCode.NOT_FOUND, "Not found.")
    if user.is_superuser:
        raise ApplicationError(StaffErrorCode.SUPERUSER, "A superuser is changed in the Django admin.")
    if user.pk == actor.pk:
        raise ApplicationError(StaffErrorCode.OWN_ACCOUNT, "You cannot deactivate your own account.")
    if user.is_active == is_active:
        return user
    if not is_active:
        ensure_another_admin(user)
    before = audit.snapshot(user, ["is_active"])
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    if not is_active:
        revoke_all_refresh_tokens(user)  # its sessions end now, not when their tokens expire
    # Audited as the Django admin audits the same change (audit.services.FIELD_ACTIONS: role_change).
    audit.record_field_changes(
        user, before, audit.snapshot(user, ["is_active"]), actor=actor, request=request, source="api"
    )
    return user
