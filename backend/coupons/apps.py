from importlib import import_module

from django.apps import AppConfig


class CouponsConfig(AppConfig):
    name = "coupons"

    def ready(self) -> None:
        import_module("coupons.receivers")  # order_cancelled → the coupon's use comes back
