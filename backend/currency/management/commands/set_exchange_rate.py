from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from currency import services


class Command(BaseCommand):
    help = (
        "Set an exchange rate: units of CURRENCY for 1 INR, e.g. `set_exchange_rate USD 0.0119 --source manual`. "
        "The rate counts as updated now."
    )

    def add_arguments(self, parser):
        parser.add_argument("currency", help="Three-letter code, e.g. USD.")
        parser.add_argument("rate", help="Units of the currency for 1 INR, e.g. 0.0119.")
        parser.add_argument("--source", default="manual", help="Where the rate comes from (default: manual).")

    def handle(self, *args, currency, rate, source, **options):
        try:
            row = services.set_rate(
                currency, rate, source=source, actor="system:set_exchange_rate", audit_source="command"
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        charged = services.rate_for(row.currency).rate
        self.stdout.write(
            f"{row} (source {row.source}); charged at {charged.normalize():f} "
            f"with the {services.markup_percent()}% markup."
        )
