from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = "Staff roles and API"

    def ready(self):
        from staff import signals  # noqa: F401
