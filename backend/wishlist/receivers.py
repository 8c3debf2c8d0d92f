"""The account's deletion and data download (privacy, through accounts.signals): the shopper's wishlist, alerts
and alert messages go with the account, and come in its download."""

from typing import Any

from django.dispatch import receiver

from accounts.models import User
from accounts.signals import account_erasing, account_exporting
from wishlist import services


@receiver(account_exporting, dispatch_uid="wishlist-export")
def export_wishlist(sender: type[User], user: User, **kwargs: Any) -> dict[str, Any]:
    return services.export_for_user(user)


@receiver(account_erasing, dispatch_uid="wishlist-erase")
def erase_wishlist(sender: type[User], user: User, **kwargs: Any) -> None:
    services.erase_for_user(user)
