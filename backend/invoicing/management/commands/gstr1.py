from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from invoicing import gstr1


class Command(BaseCommand):
    help = (
        "The month's GSTR-1 in the JSON layout of the GST portal's offline tool, from the tax invoices and credit "
        "notes issued in that month (Indian time), e.g. `gstr1 --month 2026-11 --output gstr1-112026.json`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM, e.g. 2026-11; not a month still to come.")
        parser.add_argument("--output", help="Write the JSON to this file instead of printing it.")

    def handle(self, *args, month, output, **options):
        try:
            report = gstr1.gstr1(month)
        except gstr1.MonthError as exc:
            raise CommandError(f"--month {month!r}: {exc}") from None
        text = gstr1.dumps(report)
        if output is None:
            self.stdout.write(text)
            return
        Path(output).write_text(text + "\n", encoding="utf-8")
        self.stdout.write(f"GSTR-1 for {report['fp']} of {report['gstin']} written to {output}.")
