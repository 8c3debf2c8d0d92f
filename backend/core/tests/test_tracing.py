"""OpenTelemetry (core.observability.tracing): off unless OTEL_EXPORTER_OTLP_ENDPOINT is set; on, a checkout is one
server span with the SQL statements as its children and the order's id on it (SDK's in-memory exporter)."""

import pytest
from django.db import connection
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from conftest import client_for
from core.observability import tracing
from core.tests.test_settings import _python
from orders.tests.fixtures import add_to_cart, checkout


@pytest.fixture
def spans():
    exporter = InMemorySpanExporter()
    assert tracing.setup(exporter=exporter)
    connection.close()  # the next query connects through the instrumented psycopg, as a fresh process does
    yield exporter
    tracing.teardown()
    connection.close()


def test_nothing_is_set_up_without_an_endpoint(settings):
    from opentelemetry.instrumentation.django import DjangoInstrumentor
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor

    settings.OTEL_EXPORTER_OTLP_ENDPOINT = ""
    assert tracing.setup() is False and not tracing.enabled()
    assert not DjangoInstrumentor().is_instrumented_by_opentelemetry
    assert not PsycopgInstrumentor().is_instrumented_by_opentelemetry
    assert not [m for m in settings.MIDDLEWARE if "opentelemetry" in m]
    tracing.set_order(42)  # a no-op, not an error


def test_an_endpoint_in_the_environment_turns_tracing_on_at_start():
    code = (
        "import django; django.setup(); from django.conf import settings; from core.observability import tracing; "
        "print(tracing.enabled(), any('opentelemetry' in m for m in settings.MIDDLEWARE))"
    )
    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"}
    on = _python(code, **env, OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:9")
    off = _python(code, **env)
    assert on.stdout.split() == ["True", "True"], on.stderr
    assert off.stdout.split() == ["False", "False"], off.stderr


@pytest.mark.usefixtures("dev_gateway")
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the psycopg instrumentation needs PostgreSQL")
def test_a_checkout_is_a_server_span_with_sql_children_and_the_order_id(transactional_db, spans, user, variant):
    shopper = client_for(user)
    assert add_to_cart(shopper, variant, 1).status_code in (200, 201)
    spans.clear()

    response = checkout(shopper)

    assert response.status_code == 201
    finished = spans.get_finished_spans()
    [server] = [s for s in finished if s.kind == SpanKind.SERVER]
    assert server.attributes["http.route"] == "api/checkout/" or server.name.endswith("checkout/")
    assert server.attributes[tracing.ORDER_ID] == response.json()["id"]
    sql = [s for s in finished if s.attributes.get("db.system") == "postgresql"]
    assert len(sql) >= 5
    assert all(s.parent is not None and s.parent.span_id == server.context.span_id for s in sql)
    assert {s.context.trace_id for s in finished} == {server.context.trace_id}
    assert any("INSERT" in str(s.attributes.get("db.statement", "")) for s in sql)
    for s in sorted(finished, key=lambda s: s.start_time):  # shown with -s: the report's trace
        print(f"{s.name:60.60} {s.kind.name:8} {(s.end_time - s.start_time) / 1e6:7.2f} ms")
