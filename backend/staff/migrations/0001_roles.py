"""Create the customer, staff and admin groups with their permissions (staff.roles.ROLES)."""
from django.db import migrations


def create_roles(apps, schema_editor):
    from staff.roles import sync_roles

    sync_roles(apps, schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0001_initial"),
        ("catalog", "0001_initial"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
