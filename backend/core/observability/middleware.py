"""First in MIDDLEWARE: the request id (core.observability.context) and the request's metrics (by route, the URL
pattern's name, never the raw path: ids in paths would make a series per order)."""

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from core import metrics
from core.observability import context


class ObservabilityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = context.accepted(request.headers.get(context.HEADER)) or context.new_id()
        token = context.bind(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[context.HEADER] = request_id
            match = getattr(request, "resolver_match", None)
            route = (match.view_name or match.route) if match else "unmatched"
            metrics.observe_request(route, request.method or "", response.status_code, time.perf_counter() - started)
            return response
        finally:
            context.unbind(token)
