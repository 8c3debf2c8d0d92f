from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from staff.demo import seed_demo_shop


class Command(BaseCommand):
    help = (
        "DEBUG only: the demo console accounts (staff@phonestore.example, admin@phonestore.example, with the demo "
        "passwords staff/demo.py publishes) and a month of demo orders so /staff shows real days. Run after seed_demo."
    )

    def handle(self, *args: Any, verbosity: int, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("seed_demo_shop makes accounts with published passwords: it runs only with DEBUG on.")
        for line in seed_demo_shop():
            if verbosity > 0:
                self.stdout.write(line)
