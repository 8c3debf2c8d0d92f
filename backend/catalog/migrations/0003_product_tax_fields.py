from decimal import Decimal

import django.core.validators
from django.db import migrations, models


def copy_rate_from_category(apps, schema_editor):
    """The GST rate moves from the category to the product: each product keeps the rate it was sold at."""
    Product = apps.get_model("catalog", "Product")
    Category = apps.get_model("catalog", "Category")
    for category_id, rate in Category.objects.values_list("pk", "gst_rate"):
        Product.objects.filter(category_id=category_id).update(gst_rate=rate)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_listing_sort_indexes")]

    operations = [
        migrations.AddField(
            model_name="product",
            name="hsn_code",
            field=models.CharField(
                default="85171300",
                help_text="HSN code on the tax invoice: 4, 6 or 8 digits (8517 13 00 for smartphones).",
                max_length=8,
                validators=[
                    django.core.validators.RegexValidator(
                        "^(\\d{4}|\\d{6}|\\d{8})$", "An HSN code has 4, 6 or 8 digits."
                    )
                ],
            ),
        ),
        migrations.AddField(
            model_name="product",
            name="gst_rate",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("18.00"),
                help_text="GST percent contained in the (GST-inclusive) prices of this product.",
                max_digits=4,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("0")),
                    django.core.validators.MaxValueValidator(Decimal("40")),
                ],
            ),
        ),
        migrations.AddField(
            model_name="product",
            name="imei_required",
            field=models.BooleanField(
                default=True,
                help_text="Each unit sold has an IMEI staff record before packing (phones yes, accessories no).",
            ),
        ),
        migrations.RunPython(copy_rate_from_category, migrations.RunPython.noop),
        migrations.RemoveField(model_name="category", name="gst_rate"),
    ]
