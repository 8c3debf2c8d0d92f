"""Under /api/ every error is JSON in the project's shape, even the ones Django renders itself
(unknown URL, a crash outside a DRF view, the debug pages)."""

import logging
import re

from csp.middleware import CSPMiddleware
from django.http import JsonResponse

from core.errors import _DEFAULT_CODES, CommonErrorCode, error_body, server_error_body, service_unavailable
from core.outages import UNAVAILABLE_ERRORS

logger = logging.getLogger(__name__)

_MESSAGES = {404: "Not found.", 405: "Method not allowed.", 500: "Something went wrong on our side."}


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response  # DRF answers are already shaped by core.errors
        status = response.status_code
        code = CommonErrorCode.SERVER_ERROR if status >= 500 else _DEFAULT_CODES.get(status, "error")
        message = _MESSAGES.get(status, "Request refused." if status < 500 else _MESSAGES[500])
        replacement = JsonResponse(error_body(code, message), status=status)
        for header in ("Retry-After", "Allow", "WWW-Authenticate"):
            if header in response:
                replacement[header] = response[header]
        return replacement

    def process_exception(self, request, exception):
        if request.path.startswith("/api/"):
            if isinstance(exception, UNAVAILABLE_ERRORS):  # a plain Django view met an outage
                refusal = service_unavailable(exception)
                response = JsonResponse(error_body(refusal.code, refusal.message), status=refusal.http_status)
                response["Retry-After"] = str(refusal.retry_after)
                return response
            logger.exception("Unhandled error on %s", request.path)
            return JsonResponse(server_error_body(), status=500)
        return None


class RequestBodyLimitMiddleware:
    """Refuse an API request whose declared body is larger than API_MAX_BODY_BYTES with a 413 before
    anything reads it (the parser also stops reading there). The admin keeps Django's own limits.

    A body sent chunked that reaches Django without a length (the server did not let core.wsgi's
    ChunkedApiBodies read it) is refused with 411 length_required rather than read as empty."""

    BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        if request.path.startswith("/api/"):
            declared = request.META.get("CONTENT_LENGTH")
            if not declared and "HTTP_TRANSFER_ENCODING" in request.META and request.method in self.BODY_METHODS:
                return JsonResponse(
                    error_body("length_required", "Send the request body with a Content-Length header."),
                    status=411,
                )
            try:
                length = int(declared or 0)
            except ValueError:
                return JsonResponse(error_body(CommonErrorCode.INVALID, "Content-Length is not a number."), status=400)
            limit = next(
                (size for route, size in settings.API_LARGE_BODY_ROUTES if re.match(route, request.path)),
                settings.API_MAX_BODY_BYTES,
            )
            if length > limit:
                return JsonResponse(
                    error_body(CommonErrorCode.TOO_LARGE, f"The request body is larger than {limit} bytes."),
                    status=413,
                )
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: Permissions-Policy on every answer, and
    Cache-Control: private, no-store on API answers for a signed-in caller or about accounts and staff work,
    so no shared cache or browser history keeps them."""

    NO_STORE_PREFIXES = (
        "/api/auth/",
        "/api/staff/",
        "/api/addresses/",
        "/api/orders/",
        "/api/cart/",
        "/api/checkout/",
        "/api/payments/",
        "/api/account/",
    )

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.permissions_policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if request.path.startswith("/api/") and (
            "HTTP_AUTHORIZATION" in request.META or request.path.startswith(self.NO_STORE_PREFIXES)
        ):
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with two policies: settings.CONTENT_SECURITY_POLICY (default-src 'none', for JSON)
    everywhere, and settings.CSP_HTML_DIRECTIVES on the HTML pages under CSP_HTML_PATH_PREFIXES (the
    admin and the Swagger UI need their own scripts, styles and images, all from this origin)."""

    def get_policy_parts(self, request, response, report_only=False):
        from django.conf import settings

        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(settings.CSP_HTML_PATH_PREFIXES))
        ):
            parts.config = settings.CSP_HTML_DIRECTIVES
        return parts
