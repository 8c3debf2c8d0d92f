from django.apps import AppConfig


class CouponsConfig(AppConfig):
    name = "coupons"

    def ready(self) -> None:
        from catalog.demo import DEMO_STEPS
        from coupons.demo import seed_demo_coupons

        if seed_demo_coupons not in DEMO_STEPS:
            DEMO_STEPS.append(seed_demo_coupons)  # the sample coupons of `manage.py seed_demo`
