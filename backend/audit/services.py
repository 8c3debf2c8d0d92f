"""The one way to write the audit log.

    from audit import services as audit
    audit.record("price_change", obj=variant, old={"price": "19999.00"}, new={"price": "17999.00"},
                 actor=request.user, request=request, source="api")

`record` must run inside the transaction of the change it records (it refuses otherwise), so a change
that rolls back leaves no audit row and an audit row never exists without its change. Events that are
not changes (a failed sign-in) pass standalone=True.

Who acted comes, in this order, from `actor=` (a user or a "system:<name>" string), from `request.user`,
or from the surrounding `acting_as(...)` block / `@audited_as(...)` decorator that management commands
and tasks use; IP and user agent from `request=` or that block.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.db import models, transaction
from django.http import HttpRequest
from rest_framework.request import Request

from audit.models import AuditLog

P = ParamSpec("P")
R = TypeVar("R")

MAX_USER_AGENT = 300


class AuditOutsideTransaction(RuntimeError):
    """record() was called outside a transaction: the row could outlive a rolled-back change."""


@dataclass(frozen=True)
class _Context:
    actor: Any = None
    source: str = ""
    ip_address: str | None = None
    user_agent: str = ""


_current: contextvars.ContextVar[_Context | None] = contextvars.ContextVar("audit_context", default=None)


def _request_meta(request: HttpRequest | Request | None) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    from core.ratelimit import client_ip

    ip = client_ip(request)
    return (ip if ip and ip != "0.0.0.0" else None), request.META.get("HTTP_USER_AGENT", "")[:MAX_USER_AGENT]


@contextmanager
def acting_as(actor: Any, *, source: str = "", request: HttpRequest | Request | None = None) -> Iterator[None]:
    """Attribute every record() inside the block to `actor` (a user or "system:<name>")."""
    ip, agent = _request_meta(request)
    token = _current.set(_Context(actor=actor, source=source, ip_address=ip, user_agent=agent))
    try:
        yield
    finally:
        _current.reset(token)


def context_actor() -> Any:
    """Who the surrounding acting_as / audited_as block acts as; None outside one."""
    context = _current.get()
    return context.actor if context else None


def audited_as(name: str, *, source: str = "task") -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a task or a command's handle(): its audit rows say "system:<name>" unless a user is given."""
    actor = name if name.startswith("system:") else f"system:{name}"

    def decorator(func: Callable[P, R]) -> Callable[P, R]:
        @wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with acting_as(actor, source=source):
                return func(*args, **kwargs)

        return wrapper

    return decorator


def _actor_fields(actor: Any) -> tuple[int | None, str]:
    if actor is None:
        return None, "anonymous"
    if isinstance(actor, str):
        return None, actor[:200]
    if getattr(actor, "is_authenticated", False):
        # An account made by signing in with a mobile number has no email (username): its id alone, no number.
        name = actor.get_username()
        return actor.pk, (f"user:{actor.pk} {name}" if name else f"user:{actor.pk}")[:200]
    return None, "anonymous"


def jsonable(value: Any) -> Any:
    """Values as the audit log stores them: Decimals as exact strings, model instances as their pk."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    return value


def _entry(
    action: str,
    *,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: Any = "",
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    actor: Any = None,
    request: HttpRequest | Request | None = None,
    source: str = "",
    standalone: bool = False,
) -> dict[str, Any]:
    """The fields of the audit row record() writes."""
    if not standalone and not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction(f"audit.record({action!r}) must run inside the change's transaction")
    context = _current.get() or _Context()
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is None:
        actor = context.actor
    actor_id, label = _actor_fields(actor)
    ip, agent = _request_meta(request) if request is not None else (context.ip_address, context.user_agent)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    return {
        "actor_id": actor_id,
        "actor_label": label,
        "action": action,
        "object_type": object_type,
        "object_id": "" if object_id is None else str(object_id)[:64],
        "old_values": jsonable(old or {}),
        "new_values": jsonable(new or {}),
        "source": source or context.source,
        "ip_address": ip,
        "user_agent": agent,
    }


def record(
    action: str,
    *,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: Any = "",
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    actor: Any = None,
    request: HttpRequest | Request | None = None,
    source: str = "",
    standalone: bool = False,
) -> AuditLog:
    """Add one audit row. See the module docstring."""
    values = _entry(
        action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        old=old,
        new=new,
        actor=actor,
        request=request,
        source=source,
        standalone=standalone,
    )
    return AuditLog.objects.create(**values)


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, as (old, new)."""
    changed = [key for key in new if jsonable(old.get(key)) != jsonable(new.get(key))]
    return {key: old.get(key) for key in changed}, {key: new.get(key) for key in changed}


# Which audit action a change of a field is. Fields not listed are not audited.
FIELD_ACTIONS: dict[str, dict[str, str]] = {
    "catalog.productvariant": {"price": "price_change", "mrp": "price_change", "stock": "stock_change"},
    "accounts.user": {
        "is_staff": "role_change",
        "is_superuser": "role_change",
        "is_active": "role_change",
        "groups": "role_change",
        "user_permissions": "role_change",
    },
    "auth.group": {"name": "role_change", "permissions": "role_change"},
    # Every field staff can set on a coupon (admin and /api/staff/coupons/): one coupon_change row per save.
    "coupons.coupon": dict.fromkeys(
        (
            "code",
            "description",
            "kind",
            "value",
            "max_discount",
            "min_subtotal",
            "valid_from",
            "valid_until",
            "brand",
            "category",
            "max_uses",
            "max_uses_per_user",
            "is_active",
        ),
        "coupon_change",
    ),
}


def _field_changes(
    obj: models.Model, old: Mapping[str, Any], new: Mapping[str, Any], fields: Mapping[str, str] | None
) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    fields = fields or FIELD_ACTIONS.get(obj._meta.label_lower, {})
    by_action: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    changed_old, changed_new = diff(old, new)
    for name, value in changed_new.items():
        action = fields.get(name)
        if action is None:
            continue
        olds, news = by_action.setdefault(action, ({}, {}))
        olds[name], news[name] = changed_old.get(name), value
    return by_action


def record_field_changes(
    obj: models.Model,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    fields: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> list[AuditLog]:
    """One row per action for the audited fields that changed (price and MRP together are one
    price_change row)."""
    by_action = _field_changes(obj, old, new, fields)
    return [record(action, obj=obj, old=olds, new=news, **kwargs) for action, (olds, news) in by_action.items()]


def record_many_field_changes(
    changes: Iterable[tuple[models.Model, Mapping[str, Any], Mapping[str, Any]]],
    *,
    fields: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> int:
    """record_field_changes for many objects changed in one transaction (a bulk edit, an import): the same rows,
    inserted in batches rather than one INSERT each. Returns how many rows were written."""
    entries = [
        AuditLog(**_entry(action, obj=obj, old=olds, new=news, **kwargs))
        for obj, old, new in changes
        for action, (olds, news) in _field_changes(obj, old, new, fields).items()
    ]
    AuditLog.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


def snapshot(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """The current values of `names` on obj; many-to-many fields as sorted lists of their str()."""
    values: dict[str, Any] = {}
    for name in names:
        if obj._meta.get_field(name).many_to_many:
            values[name] = sorted(str(item) for item in getattr(obj, name).all()) if obj.pk else []
        else:
            values[name] = obj.serializable_value(name)  # the column's value: a foreign key's id
    return values
