"""Every /api/staff/... view asks for StaffPermission: anonymous -> 401, a signed-in user who is not
staff or lacks the view's permissions -> 403. Permissions are read from the database on each request,
so a role taken away applies at once."""

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request


class StaffPermission(BasePermission):
    message = "This needs a staff role with the right permission."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active and user.is_staff):
            return False
        required = view.required_permissions.get(request.method)
        if required is None:  # a method the view did not map is never allowed
            return False
        return user.has_perms(required)


def perms(read: list[str], write: list[str] | None = None) -> dict[str, list[str]]:
    """required_permissions for a view: `read` for GET/HEAD/OPTIONS, `write` for the rest."""
    write = write if write is not None else read
    return {"GET": read, "HEAD": read, "OPTIONS": read, "POST": write, "PUT": write, "PATCH": write, "DELETE": write}
