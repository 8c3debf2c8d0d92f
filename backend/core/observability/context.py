"""The request id: one short token per API request, on every log line written while it is handled and on every
Celery task it enqueues (a message header), so one search finds a request's lines across the API and workers.

An incoming X-Request-ID (a load balancer's or the storefront's) is kept only when it is a short safe token,
else replaced: a client must not be able to write arbitrary text into the logs."""

import logging
import re
import secrets
from contextvars import ContextVar
from typing import Any

from pythonjsonlogger.json import JsonFormatter as JsonFormatterBase

HEADER = "X-Request-ID"
TASK_HEADER = "phonestore_request_id"
_SAFE = re.compile(r"[A-Za-z0-9._-]{8,64}")

_request_id: ContextVar[str] = ContextVar("request_id", default="")


def current() -> str:
    return _request_id.get()


def new_id() -> str:
    return secrets.token_hex(16)


def accepted(incoming: str | None) -> str | None:
    """The incoming id when it is a token we can log as is, else None."""
    return incoming if incoming and _SAFE.fullmatch(incoming) else None


def bind(request_id: str) -> Any:
    """Set the id for this context; the token resets it."""
    return _request_id.set(request_id)


def unbind(token: Any) -> None:
    _request_id.reset(token)


class RequestIdLogFilter(logging.Filter):
    """Every record gets `request_id` ("-" outside a request or task), for the text and JSON formats."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current() or "-"
        return True


def _before_publish(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    request_id = current()
    if request_id and headers is not None:
        headers[TASK_HEADER] = request_id


def _task_prerun(task: Any = None, **kwargs: Any) -> None:
    request = getattr(task, "request", None)
    incoming = accepted(getattr(request, TASK_HEADER, None)) if request is not None else None
    if incoming is None and request is not None:
        incoming = accepted((getattr(request, "headers", None) or {}).get(TASK_HEADER))
    # An eager task runs inside the request: it keeps the request's id. A worker's task takes the header's
    # id, or none (a periodic task): a fresh one, so its own lines still group.
    if task is not None and not (request is not None and getattr(request, "is_eager", False)):
        task._phonestore_request_id_token = bind(incoming or new_id())


def _task_postrun(task: Any = None, **kwargs: Any) -> None:
    token = getattr(task, "_phonestore_request_id_token", None)
    if token is not None:
        task._phonestore_request_id_token = None
        unbind(token)


def connect_celery_signals() -> None:
    from celery import signals

    signals.before_task_publish.connect(_before_publish, weak=False, dispatch_uid="phonestore_request_id_publish")
    signals.task_prerun.connect(_task_prerun, weak=False, dispatch_uid="phonestore_request_id_prerun")
    signals.task_postrun.connect(_task_postrun, weak=False, dispatch_uid="phonestore_request_id_postrun")


def scrubbed(record: logging.LogRecord) -> logging.LogRecord:
    """A copy of the record with emails, mobile numbers and bearer tokens replaced in its message and traceback
    (a copy: other handlers, and the tests' log capture, see the record as logged)."""
    from core.observability import scrub

    copy = logging.makeLogRecord(record.__dict__)
    try:
        copy.msg, copy.args = scrub.text(record.getMessage()), None
    except (TypeError, ValueError):  # a broken format string: logging reports it itself
        return record
    if record.exc_info:
        copy.exc_text = logging.Formatter().formatException(record.exc_info)
    if copy.exc_text:
        copy.exc_text, copy.exc_info = scrub.text(copy.exc_text), None
    if copy.stack_info:
        copy.stack_info = scrub.text(copy.stack_info)
    return copy


class TextFormatter(logging.Formatter):
    """The text lines (DEBUG); `scrub`: personal data replaced (LOG_SCRUB_PERSONAL_DATA)."""

    def __init__(self, *args: Any, scrub: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scrub = scrub

    def format(self, record: logging.LogRecord) -> str:
        return super().format(scrubbed(record) if self.scrub else record)


class JsonFormatter(JsonFormatterBase):
    """One JSON object a line (production); `scrub` as TextFormatter's."""

    def __init__(self, *args: Any, scrub: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scrub = scrub

    def format(self, record: logging.LogRecord) -> str:
        return super().format(scrubbed(record) if self.scrub else record)
