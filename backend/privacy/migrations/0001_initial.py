import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# PostgreSQL keeps consent records as given: no DELETE, and the only UPDATE is the withdrawal, once (withdrawn_at
# from empty to a time, nothing else changing). The proof of what a shopper agreed to cannot be rewritten.
APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION privacy_consent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'privacy_consent is append-only: DELETE refused';
    END IF;
    IF OLD.withdrawn_at IS NOT NULL OR NEW.withdrawn_at IS NULL
       OR (NEW.id, NEW.user_id, NEW.purpose, NEW.channel, NEW.text, NEW.text_version, NEW.source, NEW.given_at)
          IS DISTINCT FROM
          (OLD.id, OLD.user_id, OLD.purpose, OLD.channel, OLD.text, OLD.text_version, OLD.source, OLD.given_at) THEN
        RAISE EXCEPTION 'privacy_consent is append-only: only its withdrawal, once, may be recorded';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER privacy_consent_append_only BEFORE UPDATE OR DELETE ON privacy_consent
    FOR EACH ROW EXECUTE FUNCTION privacy_consent_append_only();
"""
DROP_SQL = """
DROP TRIGGER IF EXISTS privacy_consent_append_only ON privacy_consent;
DROP FUNCTION IF EXISTS privacy_consent_append_only();
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
            name='Consent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('purpose', models.CharField(choices=[('marketing', 'Offers and news')], max_length=20)),
                ('channel', models.CharField(choices=[('email', 'Email'), ('sms', 'SMS')], max_length=10)),
                ('text', models.TextField(help_text='Exactly what the shopper was shown when they agreed.')),
                ('text_version', models.CharField(help_text="The first 16 hex digits of the text's SHA-256.", max_length=16)),
                ('source', models.CharField(default='account', help_text='Where it was given: account, checkout...', max_length=20)),
                ('given_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='consents', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-given_at', '-id'],
                'indexes': [models.Index(fields=['user', '-given_at'], name='consent_user_recent')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('withdrawn_at__isnull', True)), fields=('user', 'purpose', 'channel'), name='consent_one_active_per_purpose_channel')],
            },
        ),
        migrations.CreateModel(
            name='DataRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('export', 'Download of their data'), ('erasure', 'Deletion of their account')], max_length=10)),
                ('requested_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('ack_to', models.EmailField(blank=True, help_text='Where the acknowledgement goes; emptied once it is sent.', max_length=254)),
                ('acknowledged_at', models.DateTimeField(blank=True, null=True)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('last_error', models.CharField(blank=True, max_length=300)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-requested_at', '-id'],
                'indexes': [models.Index(condition=models.Q(('acknowledged_at__isnull', True)), fields=['requested_at'], name='datarequest_unacked')],
            },
        ),
        migrations.CreateModel(
            name='ErasureCode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('salt', models.CharField(max_length=32)),
                ('code_hash', models.CharField(max_length=64)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('expires_at', models.DateTimeField()),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('used_at', models.DateTimeField(blank=True, null=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['user', '-created_at'], name='erasure_code_user_latest')],
            },
        ),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
