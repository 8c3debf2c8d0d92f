from importlib import import_module

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self) -> None:
        import_module("notifications.receivers")  # its receivers turn order and shipment events into emails
