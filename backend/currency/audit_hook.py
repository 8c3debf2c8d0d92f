"""The audit hook for exchange-rate changes.

The audit app (AuditLog, audit.services.record) is built on another branch. Until it is installed this
hook does nothing; once `audit` is in INSTALLED_APPS every change of a rate (admin, management command,
services.set_rate) writes one audit row, action "exchange_rate_change", inside the change's transaction.
"""
from django.apps import apps

ACTION = "exchange_rate_change"


def record_rate_change(rate, *, old: dict, new: dict, actor=None, request=None, source: str = "") -> None:
    if not apps.is_installed("audit"):
        return
    from audit import services as audit  # noqa: PLC0415  (optional app)

    audit.record(ACTION, obj=rate, old=old, new=new, actor=actor, request=request, source=source)
