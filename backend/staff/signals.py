from typing import Any

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import User


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def new_users_are_customers(
    sender: type[User], instance: User, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """Every new non-staff account joins the customer group, whichever path created it."""
    if created and not raw and not instance.is_staff and not instance.is_superuser:
        from staff.services import assign_customer_role

        assign_customer_role(instance)
