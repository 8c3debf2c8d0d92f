from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

currency_code = RegexValidator(r"^[A-Z]{3}$", "A three-letter ISO 4217 code in capitals, e.g. USD.")


class ExchangeRate(models.Model):
    """How many units of `currency` one unit of the store currency (INR) buys. Staff keep these
    current (admin, or `manage.py set_exchange_rate`); a rate older than EXCHANGE_RATE_MAX_AGE_HOURS
    is refused rather than charged at."""

    currency = models.CharField(max_length=3, unique=True, validators=[currency_code])
    rate = models.DecimalField(
        max_digits=20,
        decimal_places=10,
        help_text="Units of this currency for 1 INR, before the markup (e.g. 0.0119 for USD).",
    )
    source = models.CharField(max_length=100, default="manual", help_text="Where the rate came from.")
    updated_at = models.DateTimeField(default=timezone.now, help_text="When the rate was last set.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["currency"]
        constraints = [models.CheckConstraint(condition=Q(rate__gt=0), name="exchange_rate_positive")]

    def __str__(self) -> str:
        return f"1 INR = {self.rate.normalize():f} {self.currency}"

    def clean(self) -> None:
        if self.currency and self.currency.upper() == settings.STORE_CURRENCY.upper():
            raise ValidationError({"currency": f"{self.currency} is the store currency; its rate is always 1."})
