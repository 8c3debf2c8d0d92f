"""Under /api/ every error is JSON in the project's shape, even the ones Django renders itself
(unknown URL, a crash outside a DRF view, the debug pages)."""
import logging

from django.http import JsonResponse

from core.errors import _DEFAULT_CODES, error_body

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
        code = "server_error" if status >= 500 else _DEFAULT_CODES.get(status, "error")
        message = _MESSAGES.get(status, "Request refused." if status < 500 else _MESSAGES[500])
        replacement = JsonResponse(error_body(code, message), status=status)
        for header in ("Retry-After", "Allow", "WWW-Authenticate"):
            if header in response:
                replacement[header] = response[header]
        return replacement

    def process_exception(self, request, exception):
        if request.path.startswith("/api/"):
            logger.exception("Unhandled error on %s", request.path)
            return JsonResponse(error_body("server_error", _MESSAGES[500]), status=500)
        return None
