"""What a provider's failure to take a message means for it: try again later, or never."""


class SmsError(Exception):
    """The message did not reach the provider. `retryable` says whether trying again later may work."""

    retryable = False

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class SmsRejected(SmsError):
    """The provider refused the message (a 4xx or an error answer: bad number, unknown template, bad auth key, no
    balance), or it cannot be sent as it is (no template id for its kind): sending it again changes nothing."""


class SmsUnavailable(SmsError):
    """Timeout, connection failure, 5xx or 429, an answer that is not the provider's, or its circuit breaker open:
    the provider may take it later."""

    retryable = True
