from importlib import import_module

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"

    def ready(self) -> None:
        import_module("catalog.signals")  # its receivers keep review aggregates up to date
