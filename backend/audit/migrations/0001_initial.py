import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# PostgreSQL refuses UPDATE and DELETE of audit rows from anyone, including a shell or a bug.
# (TRUNCATE, used only by test teardown, is a different statement.)
APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION audit_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditlog is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditlog_append_only BEFORE UPDATE OR DELETE ON audit_auditlog
    FOR EACH ROW EXECUTE FUNCTION audit_auditlog_append_only();
"""
DROP_SQL = """
DROP TRIGGER IF EXISTS audit_auditlog_append_only ON audit_auditlog;
DROP FUNCTION IF EXISTS audit_auditlog_append_only();
"""


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="AuditLog",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False)),
                ("actor_label", models.CharField(editable=False, help_text='"user:<id> <email>", "system:<task or command>" or "anonymous".', max_length=200)),
                ("action", models.CharField(db_index=True, editable=False, max_length=40)),
                ("object_type", models.CharField(editable=False, help_text='"app_label.model", e.g. catalog.productvariant', max_length=100)),
                ("object_id", models.CharField(blank=True, editable=False, max_length=64)),
                ("old_values", models.JSONField(blank=True, default=dict, editable=False, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ("new_values", models.JSONField(blank=True, default=dict, editable=False, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ("source", models.CharField(blank=True, editable=False, help_text="api, admin, command, task, system", max_length=20)),
                ("ip_address", models.GenericIPAddressField(blank=True, editable=False, null=True)),
                ("user_agent", models.CharField(blank=True, editable=False, max_length=300)),
                ("actor", models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "default_permissions": ("view",),
                "indexes": [
                    models.Index(fields=["object_type", "object_id", "-created_at"], name="audit_object"),
                    models.Index(fields=["actor", "-created_at"], name="audit_actor"),
                    models.Index(fields=["action", "-created_at"], name="audit_action"),
                ],
            },
        ),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
