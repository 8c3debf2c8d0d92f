from importlib import import_module

from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "invoicing"
    verbose_name = "Tax invoices and credit notes"

    def ready(self) -> None:
        import_module("invoicing.receivers")  # order paid / refunded → invoice / credit note
