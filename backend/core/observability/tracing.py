"""OpenTelemetry traces when OTEL_EXPORTER_OTLP_ENDPOINT is set, nothing at all otherwise: the maintained
instrumentations of Django (the server span), psycopg (one span per SQL statement), Redis, Celery (publish and
run, the trace carried in the message) and requests (every provider call: Razorpay's and Stripe's SDKs,
Shiprocket, Meilisearch and MSG91 all speak HTTP through requests). Views that know an order put its id on the
request's span (`set_order`)."""

import logging
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

_provider: Any = None

ORDER_ID = "phonestore.order_id"


def setup(exporter: Any = None) -> bool:
    """Install the tracer and the instrumentations once per process. `exporter`: tests pass an in-memory one
    (and get the simple, synchronous span processor). True when tracing is on."""
    global _provider
    if _provider is not None:
        return True
    if exporter is None and not settings.OTEL_EXPORTER_OTLP_ENDPOINT:
        return False
    from opentelemetry import trace
    from opentelemetry.instrumentation.celery import CeleryInstrumentor
    from opentelemetry.instrumentation.django import DjangoInstrumentor
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor
    from opentelemetry.instrumentation.requests import RequestsInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": settings.OTEL_SERVICE_NAME}))
    if exporter is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        # The endpoint, headers and timeout come from the OTEL_EXPORTER_OTLP_* variables (read by the exporter).
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    else:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    DjangoInstrumentor().instrument(tracer_provider=provider, is_sql_commentor_enabled=False)
    PsycopgInstrumentor().instrument(tracer_provider=provider, skip_dep_check=True)
    RedisInstrumentor().instrument(tracer_provider=provider)
    CeleryInstrumentor().instrument(tracer_provider=provider)
    RequestsInstrumentor().instrument(tracer_provider=provider)
    _provider = provider
    logger.info("Tracing on: OpenTelemetry spans to %s", settings.OTEL_EXPORTER_OTLP_ENDPOINT or "a test exporter")
    return True


def teardown() -> None:
    """Undo setup (tests)."""
    global _provider
    if _provider is None:
        return
    from opentelemetry.instrumentation.celery import CeleryInstrumentor
    from opentelemetry.instrumentation.django import DjangoInstrumentor
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor
    from opentelemetry.instrumentation.requests import RequestsInstrumentor

    for instrumentor in (
        DjangoInstrumentor(),
        PsycopgInstrumentor(),
        RedisInstrumentor(),
        CeleryInstrumentor(),
        RequestsInstrumentor(),
    ):
        instrumentor.uninstrument()
    _provider.shutdown()
    _provider = None


def enabled() -> bool:
    return _provider is not None


def set_order(order_id: int | None) -> None:
    """Put an order's id on the current span (the request's, a task's); nothing when tracing is off."""
    if _provider is None or order_id is None:
        return
    from opentelemetry import trace

    trace.get_current_span().set_attribute(ORDER_ID, int(order_id))
