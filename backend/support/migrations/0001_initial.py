import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Complaint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(help_text='What the shopper quotes: C-XXXXXXXX.', max_length=16, unique=True)),
                ('name', models.CharField(max_length=150)),
                ('email', models.EmailField(max_length=254)),
                ('phone', models.CharField(blank=True, max_length=15)),
                ('order_number', models.CharField(blank=True, max_length=12)),
                ('category', models.CharField(choices=[('order', 'An order or its delivery'), ('return', 'A return or a refund'), ('payment', 'A payment'), ('product', 'A phone or accessory'), ('data', 'My personal data'), ('other', 'Something else')], max_length=10)),
                ('message', models.TextField(max_length=5000)),
                ('status', models.CharField(choices=[('open', 'Open'), ('closed', 'Closed')], default='open', max_length=10)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('due_by', models.DateTimeField(help_text='One month after it was received (rule 4(5)).')),
                ('officer_notified_at', models.DateTimeField(blank=True, null=True)),
                ('acknowledged_at', models.DateTimeField(blank=True, null=True)),
                ('email_attempts', models.PositiveSmallIntegerField(default=0)),
                ('resolution', models.TextField(blank=True, help_text='What was done: emailed to the shopper.', max_length=5000)),
                ('resolution_sent_at', models.DateTimeField(blank=True, null=True)),
                ('closed_at', models.DateTimeField(blank=True, null=True)),
                ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='complaints', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['status', 'due_by'], name='complaint_status_due'), models.Index(condition=models.Q(('acknowledged_at__isnull', True), ('officer_notified_at__isnull', True), _connector='OR'), fields=['created_at'], name='complaint_unsent')],
            },
        ),
    ]
