"""The audit hook for exchange-rate changes.

Every change of a rate (the admin's save and delete, `manage.py set_exchange_rate`, services.set_rate)
calls record_rate_change, which writes one AuditLog row through audit.services.record: action
"exchange_rate_change", the rate, source and update time before and after, and who made it, inside
the change's transaction. The audit app is in INSTALLED_APPS (config/settings/base.py), so this always
happens; the is_installed check only makes the hook a no-op under a settings module without `audit`.
"""

from django.apps import apps

ACTION = "exchange_rate_change"


def record_rate_change(rate, *, old: dict, new: dict, actor=None, request=None, source: str = "") -> None:
    if not apps.is_installed("audit"):
        return
    from audit import services as audit

    audit.record(ACTION, obj=rate, old=old, new=new, actor=actor, request=request, source=source)
