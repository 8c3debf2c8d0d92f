"""Listing sort indexes that match the sorts exactly (docs/performance.md shows the plans)."""
from django.db import migrations, models

NEWEST_SQL = ('CREATE INDEX IF NOT EXISTS product_newest_sort ON catalog_product '
              '(launch_date DESC NULLS LAST, id DESC) WHERE is_active')


def create_newest_index(apps, schema_editor):
    # PostgreSQL only: SQLite cannot index NULLS LAST (and sorts NULLs last on DESC by itself).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NEWEST_SQL)


def drop_newest_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS product_newest_sort")


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0001_initial'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='product',
            name='product_rating',
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(fields=['-rating', '-review_count', 'id'], name='product_rating_sort'),
        ),
        migrations.RunPython(create_newest_index, drop_newest_index, elidable=False),
    ]
