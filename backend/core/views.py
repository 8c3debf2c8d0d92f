import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core import breakers
from core.outages import CACHE_ERRORS


@extend_schema(responses=inline_serializer("Health", {"status": serializers.CharField()}))
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def health(request):
    """The process is up. Does not touch the database: a load balancer's liveness probe."""
    return Response({"status": "ok"})


def _check(probe) -> dict:
    """A probe raises when its component is down; it may return a dict to report more, e.g.
    {"status": "degraded", ...} for a component that fails over and keeps serving."""
    started = time.perf_counter()
    try:
        report = probe()
    except Exception as exc:  # noqa: BLE001  any failure of a dependency is a "down", never a 500
        return {"status": "down", "error": exc.__class__.__name__}
    return {
        "status": "ok",
        **(report if isinstance(report, dict) else {}),
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }


def _probe_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _probe_cache():
    """Redis is a cache, not a gate: unreachable, the API computes what it would have read and counts
    limits as docs/security.md says, so a replica stays in rotation ("degraded", 200)."""
    try:
        cache.set("ready-probe", "1", 5)
        value = cache.get("ready-probe")
    except CACHE_ERRORS as exc:
        return {"status": "degraded", "error": exc.__class__.__name__}
    if value != "1":
        raise RuntimeError("cache did not return what was written")
    return None


def _probe_breakers():
    """Providers not called for now, their circuit breaker open (or half-open: one probe on the way):
    degraded, never down (the rest of the shop works; each caller answers for its provider meanwhile)."""
    tripped = {name: state for name, state in breakers.states().items() if state != "closed"}
    return {"status": "degraded", "providers": tripped} if tripped else {"providers": {}}


READINESS_PROBES = {"database": _probe_database, "cache": _probe_cache, "breakers": _probe_breakers}


READY = inline_serializer("Ready", {"status": serializers.CharField(), "components": serializers.DictField()})


@extend_schema(responses={200: READY, 503: READY})
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def ready(request):
    """Database and cache reachable; each component's status. 503 when a required one is down; a
    "degraded" component (serving through its fallback) shows up without failing the probe."""
    components = {name: _check(probe) for name, probe in READINESS_PROBES.items()}
    statuses = {c["status"] for c in components.values()}
    overall = "down" if "down" in statuses else "degraded" if "degraded" in statuses else "ok"
    return Response({"status": overall, "components": components}, status=503 if overall == "down" else 200)


def rate_limited(request, exception):
    """RATELIMIT_VIEW: what django-ratelimit's middleware answers for a limited plain Django view."""
    from core.errors import rate_limited_body

    body, wait = rate_limited_body(exception)
    response = JsonResponse(body, status=429)
    response["Retry-After"] = str(wait)
    return response


class FileAnswerView(APIView):
    """A view whose answer is a file (a PDF, a CSV) or the API's JSON error: a client's Accept of the file's type must
    not turn a refusal (403, 404) into a 406."""

    def perform_content_negotiation(self, request: Request, force: bool = False) -> tuple[BaseRenderer, str]:
        return super().perform_content_negotiation(request, force=True)
