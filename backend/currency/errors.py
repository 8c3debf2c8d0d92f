from core.errors import ApiError, Conflict


class CurrencyNotSupported(ApiError):
    default_code = "currency_not_supported"


class ExchangeRateUnavailable(Conflict):
    """No rate, or a rate too old to charge at: the shopper picks another currency."""

    default_code = "exchange_rate_unavailable"
