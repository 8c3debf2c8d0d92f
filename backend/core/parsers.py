"""Strict JSON for every API body: UTF-8 only, no duplicate keys, no NaN/Infinity, bounded nesting.
Anything else is a 400 parse_error before a serializer sees it."""

import json
from collections.abc import Mapping
from typing import IO, Any, NoReturn

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


class _Refused(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"Duplicate key {key[:50]!r} in the JSON body.")
        result[key] = value
    return result


def _refuse_constant(name: str) -> NoReturn:
    raise _Refused(f"{name} is not valid JSON.")


def _depth(value: Any, level: int = 1) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level)
    return level


class StrictJSONParser(JSONParser):
    def parse(
        self, stream: IO[Any] | None, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        raw = stream.read(settings.API_MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(raw) > settings.API_MAX_BODY_BYTES:
            raise ParseError("The request body is too large.")
        try:
            text = raw.decode("utf-8")
            data = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_refuse_constant)
        except _Refused as exc:
            raise ParseError(str(exc)) from None
        except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            raise ParseError("The request body is not valid JSON.") from None
        if _depth(data) > MAX_DEPTH:
            raise ParseError(f"The JSON body is nested deeper than {MAX_DEPTH} levels.")
        return data
