from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from audit import services as audit
from staff.roles import sync_roles


class Command(BaseCommand):
    help = "Create or repair the customer, staff and admin groups so they hold exactly their permissions."

    @audit.audited_as("sync_roles", source="command")
    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            changes = sync_roles()
            for change in changes:
                audit.record(
                    "role_change",
                    object_type="auth.group",
                    object_id=change["group_id"],
                    new={"role": change["role"], "added": change["added"], "removed": change["removed"]},
                )
        if not changes:
            self.stdout.write("Roles are in order.")
        for change in changes:
            verb = "created" if change["created"] else "repaired"
            self.stdout.write(
                f"{change['role']}: {verb}, +{len(change['added'])} -{len(change['removed'])} permissions"
            )
            if change["missing"]:
                self.stdout.write(f"  (not installed yet: {', '.join(change['missing'])})")
