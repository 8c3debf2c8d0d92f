from importlib import import_module

from django.apps import AppConfig


class WishlistConfig(AppConfig):
    name = "wishlist"
    verbose_name = "Wishlist and alerts"

    def ready(self) -> None:
        import_module("wishlist.receivers")  # erased with the account, in its data download
