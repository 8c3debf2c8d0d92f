"""Sentry, when SENTRY_DSN is set: the official SDK with its Django and Celery integrations. No default PII
(no user emails, IPs, cookies), the SDK's own denylist scrubber, and `scrub_event` over the whole event before it
leaves: the request's body (its shape only), headers, query string and cookies, extra and contexts, breadcrumbs,
exception messages. Local variables are not collected."""

from typing import Any, cast

from django.conf import settings

from core.observability import scrub


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("cookies", None)
        if "data" in request:
            request["data"] = scrub.shape(request["data"])
        for key in ("headers", "env"):
            if key in request:
                request[key] = scrub.data(request[key])
        if isinstance(request.get("query_string"), str):
            request["query_string"] = scrub.text(request["query_string"])
        if isinstance(request.get("url"), str):
            request["url"] = scrub.text(request["url"])
    for key in ("extra", "contexts", "tags"):
        if key in event:
            event[key] = scrub.data(event[key])
    if "user" in event:  # an id is enough to find the account; never its email, name or IP
        event["user"] = {"id": event["user"].get("id")} if isinstance(event["user"], dict) else {}
    if isinstance(event.get("logentry"), dict):
        event["logentry"] = scrub.data(event["logentry"])
    if isinstance(event.get("message"), str):
        event["message"] = scrub.text(event["message"])
    crumbs = event.get("breadcrumbs")
    values = crumbs.get("values") if isinstance(crumbs, dict) else crumbs
    for crumb in values or []:
        if isinstance(crumb, dict):
            crumb.update({k: scrub.data(crumb[k]) for k in ("message", "data") if k in crumb})
    for exception in (event.get("exception") or {}).get("values") or []:
        if isinstance(exception.get("value"), str):
            exception["value"] = scrub.text(exception["value"])
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            if "vars" in frame:
                frame["vars"] = scrub.data(frame["vars"])
    return event


def _scrub_breadcrumb(crumb: Any, hint: Any) -> Any:
    return scrub_event({"breadcrumbs": [crumb]})["breadcrumbs"][0]


def setup(**options: Any) -> bool:
    """Start Sentry when a DSN is set (options: tests pass a recording transport). True when started."""
    dsn = options.pop("dsn", None) or settings.SENTRY_DSN
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=settings.SENTRY_ENVIRONMENT,
        release=settings.SENTRY_RELEASE or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # send_default_pii is left unset: off by default (no user emails, IPs, cookies, headers' values), and
        # 2.x warns at every start when it is passed (data_collection supersedes it).
        max_request_body_size="medium",  # its shape only (scrub_event): which fields came, none of their text
        include_local_variables=False,  # a frame's locals hold whole orders, addresses, customers
        traces_sample_rate=settings.SENTRY_TRACES_SAMPLE_RATE,
        before_send=cast(Any, scrub_event),
        before_breadcrumb=_scrub_breadcrumb,
        **options,
    )
    return True
