from importlib import import_module
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Migrations run before every app's permissions exist; after the last one, give the roles the
    permissions of apps migrated later (e.g. the admin role's)."""
    from staff.roles import sync_roles

    sync_roles(using=using)


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = "Staff roles and API"

    def ready(self) -> None:
        # Imported for their receivers: order moves are audited; new users join the customer role.
        import_module("staff.receivers")
        import_module("staff.signals")

        post_migrate.connect(_sync_roles_after_migrate, sender=self, dispatch_uid="staff.sync_roles")
