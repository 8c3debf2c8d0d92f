from importlib import import_module

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        import_module("core.checks")  # registers the deployment checks
