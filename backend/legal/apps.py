from importlib import import_module

from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "legal"
    verbose_name = "Legal pages"

    def ready(self) -> None:
        import_module("legal.checks")  # registers the system checks
