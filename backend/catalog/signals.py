"""Review aggregates follow every save and delete, from the API, the admin or a script."""
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from catalog.models import Review
from catalog.services import refresh_rating


@receiver(post_save, sender=Review)
@receiver(post_delete, sender=Review)
def review_changed(sender, instance, **kwargs):
    refresh_rating(instance.product_id)
