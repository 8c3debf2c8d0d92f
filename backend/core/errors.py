"""One JSON error shape for the whole API: {"error": {"code", "message", "fields"}}.

Services refuse with `ApplicationError(SomeAppErrorCode.X, "message", fields=...)`: each app keeps its
codes in `<app>/error_codes.py` as an `ErrorCode` enum whose members carry their HTTP status, and
`api_exception_handler` below is the one place that turns a refusal into an HTTP answer. Services never
raise DRF's HTTP exceptions.
"""

import logging
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_ratelimit.exceptions import Ratelimited
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler, set_rollback

from core import metrics
from core.outages import UNAVAILABLE_ERRORS, component

logger = logging.getLogger(__name__)


class ErrorCode(StrEnum):
    """Base of every app's error vocabulary: a member's value is the code on the wire, `http_status`
    the answer it gets. Declare members as `NAME = "wire_code", 409` (the status defaults to 400)."""

    http_status: int

    def __new__(cls, value: str, http_status: int = 400) -> "ErrorCode":
        member = str.__new__(cls, value)
        member._value_ = value
        member.http_status = http_status
        return member


class CommonErrorCode(ErrorCode):
    """Codes every app may answer with, and the codes of requests refused before any app's code runs
    (by DRF, Django or core's middleware: see _DEFAULT_CODES)."""

    INVALID = "invalid", 400
    PARSE_ERROR = "parse_error", 400  # DRF's ParseError: a body that is not JSON (core.parsers)
    NOT_AUTHENTICATED = "not_authenticated", 401
    PERMISSION_DENIED = "permission_denied", 403
    NOT_FOUND = "not_found", 404
    METHOD_NOT_ALLOWED = "method_not_allowed", 405
    NOT_ACCEPTABLE = "not_acceptable", 406
    CONFLICT = "conflict", 409
    TOO_LARGE = "too_large", 413
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type", 415
    THROTTLED = "throttled", 429
    SERVER_ERROR = "server_error", 500
    SERVICE_UNAVAILABLE = "service_unavailable", 503


# The message of an answer whose fields say what is wrong.
FIELDS_NOT_VALID = "Some fields are not valid."


class ApplicationError(Exception):
    """A domain refusal: a code from an app's vocabulary, a message a person can read, optional field
    errors ({field: [messages]}) and, for 429/503 answers, the seconds to wait (sent as Retry-After)."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        fields: Mapping[str, list[str]] | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = dict(fields or {})
        self.retry_after = retry_after

    @property
    def http_status(self) -> int:
        return self.code.http_status


ErrorBody = dict[str, dict[str, Any]]


def error_body(code: str, message: str, fields: Mapping[str, list[str]] | None = None) -> ErrorBody:
    return {"error": {"code": str(code), "message": message, "fields": dict(fields or {})}}


def _flatten(detail: Any) -> dict[str, list[str]]:
    """Field errors as {field: [messages]}; nested serializers keep dotted names."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub, msgs in _flatten(value).items():
                    out[f"{key}.{sub}"] = msgs
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                for index, item in enumerate(value):
                    for sub, msgs in _flatten(item).items():
                        out[f"{key}.{index}.{sub}"] = msgs
            else:
                out[key] = [str(m) for m in (value if isinstance(value, list) else [value])]
        return out
    return {"non_field_errors": [str(m) for m in (detail if isinstance(detail, list) else [detail])]}


# The code of a refusal that brings none of its own (Django's 404 page, DRF's NotAuthenticated ...), by status.
_DEFAULT_CODES: dict[int, CommonErrorCode] = {
    code.http_status: code
    for code in (
        CommonErrorCode.INVALID,
        CommonErrorCode.NOT_AUTHENTICATED,
        CommonErrorCode.PERMISSION_DENIED,
        CommonErrorCode.NOT_FOUND,
        CommonErrorCode.METHOD_NOT_ALLOWED,
        CommonErrorCode.NOT_ACCEPTABLE,
        CommonErrorCode.CONFLICT,
        CommonErrorCode.TOO_LARGE,
        CommonErrorCode.UNSUPPORTED_MEDIA_TYPE,
        CommonErrorCode.THROTTLED,
    )
}


def rate_limited_body(exc: Exception) -> tuple[ErrorBody, int]:
    """A request over a rate limit: 429 in the error shape and the seconds to wait (Retry-After)."""
    wait = getattr(exc, "retry_after", None) or 60
    return error_body(CommonErrorCode.THROTTLED, f"Too many requests. Try again in {wait} seconds."), wait


def server_error_body() -> ErrorBody:
    return error_body(CommonErrorCode.SERVER_ERROR, "Something went wrong on our side.")


def application_error_response(exc: ApplicationError, context: dict[str, Any]) -> Response:
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else {}
    view, request = context.get("view"), context.get("request")
    if exc.http_status == 401 and view is not None and request is not None:
        # As DRF answers its own 401s: the view names the scheme to authenticate with (RFC 9110).
        scheme = view.get_authenticate_header(request)
        if scheme:
            headers["WWW-Authenticate"] = scheme
    set_rollback()
    return Response(error_body(exc.code, exc.message, exc.fields), status=exc.http_status, headers=headers)


def service_unavailable(exc: BaseException) -> ApplicationError:
    """An outage of the cache, the broker or the database (core.outages) met by a request: logged and
    counted, and answered 503 with Retry-After so that clients retry instead of reporting a bug."""
    part = component(exc)
    logger.error("%s unavailable: %s: %s", part, type(exc).__name__, exc, exc_info=exc)
    metrics.increment("service_unavailable", component=part)
    return ApplicationError(
        CommonErrorCode.SERVICE_UNAVAILABLE,
        "The service is briefly unavailable. Please try again in a few seconds.",
        retry_after=settings.SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS,
    )


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    if isinstance(exc, ApplicationError):
        return application_error_response(exc, context)
    if isinstance(exc, Ratelimited):  # a PermissionDenied subclass: a 429, never a 403
        body, wait = rate_limited_body(exc)
        return Response(body, status=429, headers={"Retry-After": str(wait)})
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):  # DRF answers only its own
        if isinstance(exc, UNAVAILABLE_ERRORS):
            return application_error_response(service_unavailable(exc), context)
        logger.exception("Unhandled API error", exc_info=exc)
        return Response(server_error_body(), status=500)

    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        non_field = fields.pop("non_field_errors", None)
        message = non_field[0] if non_field else FIELDS_NOT_VALID
        body = error_body(CommonErrorCode.INVALID, message, fields)
    else:
        detail = exc.detail
        code = getattr(detail, "code", None) or _DEFAULT_CODES.get(response.status_code, "error")
        if isinstance(detail, dict):  # e.g. simplejwt's {"detail": ..., "code": ..., "messages": [...]}
            code = str(detail.get("code") or code)
            message = str(detail.get("detail") or "Request refused.")
        else:
            message = str(detail)
        body = error_body(str(code), message)
    response.data = body
    return response
