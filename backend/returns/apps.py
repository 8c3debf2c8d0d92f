from importlib import import_module

from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "returns"

    def ready(self) -> None:
        import_module("returns.receivers")  # payments' refunds, orders' return_needed
