from importlib import import_module

from django.apps import AppConfig


class TaxConfig(AppConfig):
    name = "tax"

    def ready(self) -> None:
        import_module("tax.checks")  # registers the system checks
