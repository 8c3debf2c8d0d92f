from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def new_users_are_customers(sender, instance, created, raw=False, **kwargs):
    """Every new non-staff account joins the customer group, whichever path created it."""
    if created and not raw and not instance.is_staff and not instance.is_superuser:
        from staff.services import assign_customer_role

        assign_customer_role(instance)
