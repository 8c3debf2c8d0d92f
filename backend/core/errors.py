"""One JSON error shape for the whole API: {"error": {"code", "message", "fields"}}.

Services refuse with `ApplicationError(SomeAppErrorCode.X, "message", fields=...)`: each app keeps its
codes in `<app>/error_codes.py` as an `ErrorCode` enum whose members carry their HTTP status, and
`api_exception_handler` below is the one place that turns a refusal into an HTTP answer. Services never
raise DRF's HTTP exceptions.
"""

import logging
from collections.abc import Mapping
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django_ratelimit.exceptions import Ratelimited
from rest_framework import exceptions, status
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
    """Codes every app may answer with."""

    INVALID = "invalid", 400
    NOT_FOUND = "not_found", 404
    CONFLICT = "conflict", 409
    SERVICE_UNAVAILABLE = "service_unavailable", 503


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


class ApiError(exceptions.APIException):
    """A domain refusal with a stable machine-readable code, raised from services."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, message: str, code: str | None = None, status_code: int | None = None, fields=None):
        super().__init__(detail=message, code=code or self.default_code)
        if status_code:
            self.status_code = status_code
        self.fields = fields or {}


class Conflict(ApiError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def error_response(code: str, message: str, http_status: int, fields: dict | None = None) -> JsonResponse:
    return JsonResponse(error_body(code, message, fields), status=http_status)


def _flatten(detail):
    """Field errors as {field: [messages]}; nested serializers keep dotted names."""
    if isinstance(detail, dict):
        out = {}
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


_DEFAULT_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
}


def rate_limited_body(exc) -> tuple[dict, int]:
    """A request over a rate limit: 429 in the error shape and the seconds to wait (Retry-After)."""
    wait = getattr(exc, "retry_after", None) or 60
    return error_body("throttled", f"Too many requests. Try again in {wait} seconds."), wait


def application_error_response(exc: ApplicationError) -> Response:
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
    return Response(error_body(exc.code.value, exc.message, exc.fields), status=exc.http_status, headers=headers)


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


def api_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        return application_error_response(exc)
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
    if response is None:
        if isinstance(exc, UNAVAILABLE_ERRORS):
            set_rollback()  # nothing half-written under ATOMIC_REQUESTS either
            return application_error_response(service_unavailable(exc))
        logger.exception("Unhandled API error", exc_info=exc)
        return Response(error_body("server_error", "Something went wrong on our side."), status=500)

    if isinstance(exc, ApiError):
        body = error_body(exc.detail.code, str(exc.detail), exc.fields)
    elif isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        non_field = fields.pop("non_field_errors", None)
        message = non_field[0] if non_field else "Some fields are not valid."
        body = error_body("invalid", message, fields)
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
