"""Create the customer, staff and admin groups with their permissions (staff.roles.ROLES)."""
from django.db import migrations


def create_roles(apps, schema_editor):
    from staff.roles import sync_roles

    using = schema_editor.connection.alias
    changes = sync_roles(apps, using)
    AuditLog = apps.get_model("audit", "AuditLog")
    for change in changes:
        AuditLog.objects.using(using).create(
            actor_label="system:migrate", action="role_change", object_type="auth.group",
            object_id=str(change["group_id"]), old_values={},
            new_values={"role": change["role"], "added": change["added"], "removed": change["removed"]},
            source="system")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0001_initial"),
        ("catalog", "0001_initial"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
