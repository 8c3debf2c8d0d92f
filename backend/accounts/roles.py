"""Which role a user holds. Roles are Django groups; their names live here, with the users, so the account's own
answer (GET /api/auth/me/) can say the role. What each role may do is staff/roles.py's (the groups' permissions)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User

CUSTOMER, STAFF, ADMIN = "customer", "staff", "admin"
ROLE_NAMES = (CUSTOMER, STAFF, ADMIN)


def role_of(user: User) -> str | None:
    """The user's role: the highest of their role groups (admin > staff > customer), else None."""
    if user.is_superuser:
        return ADMIN
    names = set(user.groups.filter(name__in=ROLE_NAMES).values_list("name", flat=True))
    for role in (ADMIN, STAFF, CUSTOMER):
        if role in names:
            return role
    return None
