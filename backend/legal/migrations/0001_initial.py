import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# PostgreSQL refuses UPDATE and DELETE of a published legal text from anyone, including a shell or a bug: an edit is
# a new version. (TRUNCATE, used only by test teardown, is a different statement.)
APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION legal_legaltext_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'legal_legaltext is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER legal_legaltext_append_only BEFORE UPDATE OR DELETE ON legal_legaltext
    FOR EACH ROW EXECUTE FUNCTION legal_legaltext_append_only();
"""
DROP_SQL = """
DROP TRIGGER IF EXISTS legal_legaltext_append_only ON legal_legaltext;
DROP FUNCTION IF EXISTS legal_legaltext_append_only();
"""


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LegalPage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.CharField(choices=[('seller', 'About the seller'), ('grievance', 'Grievance redressal'), ('returns', 'Returns policy'), ('refunds', 'Refund policy'), ('cancellation', 'Cancellation policy'), ('shipping', 'Shipping policy'), ('privacy', 'Privacy notice'), ('terms', 'Terms of use')], max_length=20, unique=True)),
                ('position', models.PositiveSmallIntegerField(default=0, help_text='Its place in the footer and the index.')),
            ],
            options={
                'ordering': ['position', 'id'],
            },
        ),
        migrations.CreateModel(
            name='LegalText',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(help_text='1 for the first version of the page, then 2, 3, ...')),
                ('title', models.CharField(max_length=120)),
                ('description', models.CharField(max_length=300)),
                ('body', models.TextField()),
                ('note', models.CharField(blank=True, help_text="What changed, in the editor's words.", max_length=300)),
                ('published_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('published_by_label', models.CharField(help_text='"user:<id> <email>" or "system:<what>".', max_length=200)),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='legal.legalpage')),
                ('published_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['page_id', '-number'],
                'get_latest_by': 'number',
                'constraints': [models.UniqueConstraint(fields=('page', 'number'), name='legal_text_one_number_per_page')],
            },
        ),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
