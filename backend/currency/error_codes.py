"""Currency's refusals on the wire: codes and rates that cannot be used."""

from core.errors import ErrorCode


class CurrencyErrorCode(ErrorCode):
    CURRENCY_NOT_SUPPORTED = "currency_not_supported", 400
    INVALID_CURRENCY = "invalid_currency", 400
    INVALID_RATE = "invalid_rate", 400
    # No rate, or one too old to charge at: the shopper picks another currency.
    EXCHANGE_RATE_UNAVAILABLE = "exchange_rate_unavailable", 409
    EXCHANGE_RATE_STALE = "exchange_rate_stale", 409
