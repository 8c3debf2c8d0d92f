"""A few views for the observability tests (pytest.mark.urls): one that enqueues a task that logs, one that
crashes with personal data around it."""

import logging

from celery import shared_task
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.tasks import enqueue_on_commit

logger = logging.getLogger("core.tests.observed")


@shared_task(name="core.tests.observed.log_line", ignore_result=True)
def log_line(text: str) -> None:
    logger.warning("task says %s", text)


def enqueue(request: HttpRequest) -> JsonResponse:
    logger.warning("view says hello")
    enqueue_on_commit(log_line, "hello")
    return JsonResponse({"queued": True})


class Crash(APIView):
    authentication_classes = []  # the test's Authorization header is only there to be scrubbed

    def post(self, request: Request) -> Response:
        customer = dict(request.data)
        raise ValueError(f"could not deliver to {customer['email']} / {customer['phone']}")


urlpatterns = [
    path("api/test/enqueue/", enqueue, name="test-enqueue"),
    path("api/test/crash/", Crash.as_view(), name="test-crash"),
    path("", include("config.urls")),
]
