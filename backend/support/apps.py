from importlib import import_module

from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = "Complaints"

    def ready(self) -> None:
        import_module("support.receivers")  # a shopper's complaints in their download, reduced on erasure
