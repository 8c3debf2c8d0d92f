"""Seeing inside the fleet: request ids in logs and tasks (context), personal data kept out of logs and error
reports (scrub), Sentry (errors), Prometheus (metrics: core.metrics counts, exposition here), OpenTelemetry
(tracing). `setup()` runs once per process from core's AppConfig, before any middleware is loaded."""


def setup() -> None:
    from core.observability import context, errors, prometheus, tracing

    context.connect_celery_signals()
    prometheus.connect_celery_signals()
    errors.setup()
    tracing.setup()
