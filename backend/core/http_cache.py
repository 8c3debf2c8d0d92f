"""HTTP caching of public answers, and no caching at all of personal ones.

`public_cache(*namespaces)` decorates the `get` of a DRF view whose answer is the same for everyone
(catalog, search). Its 200 answers are kept rendered in the server's cache under the current versions of
those namespaces (core.cache), computed once however many requests miss at once. Anonymous callers get
`Cache-Control: public, max-age=0, s-maxage=…, stale-while-revalidate=…` for a CDN, and an `ETag`;
`If-None-Match` with the current ETag answers 304 without a body. A caller with an Authorization header
gets the same body but `private, no-store`, so no shared cache keeps an answer to a signed-in request.

A view keeps one answer out of every cache by setting `response.no_cache = True`: not stored here, and
`Cache-Control: private, no-store` (e.g. an answer of a fallback while the search engine fails, which must
not outlive the failure in a CDN).

Personal API answers (accounts, addresses, cart, checkout, orders, payments, staff, and any request with
credentials) get `Cache-Control: no-store` from core.middleware.SecurityHeadersMiddleware.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from core.cache import get_or_compute, make_key, versions

PRIVATE = "private, no-store"

ViewGet = Callable[..., HttpResponseBase]  # a DRF view's get(self, request, *args, **kwargs)


class _NotCacheable(Exception):
    def __init__(self, response: HttpResponseBase):
        self.response = response


def public_cache_control() -> str:
    return (
        f"public, max-age=0, s-maxage={settings.HTTP_CACHE_S_MAXAGE}, "
        f"stale-while-revalidate={settings.HTTP_CACHE_STALE_WHILE_REVALIDATE}"
    )


def _etag(content: bytes) -> str:
    return f'"{hashlib.blake2b(content, digest_size=12).hexdigest()}"'


def _matches(if_none_match: str, etag: str) -> bool:
    tags = [t.strip() for t in if_none_match.split(",")]
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


def _query_key(request: Request) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted((name, tuple(values)) for name, values in request.GET.lists()))


def public_cache(*namespaces: str) -> Callable[[ViewGet], ViewGet]:
    """Cache the JSON answers of a DRF view's `get` under the versions of `namespaces`."""

    def decorator(get: ViewGet) -> ViewGet:
        @wraps(get)
        def wrapper(view: APIView, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
            timeout = settings.CATALOG_CACHE_SECONDS
            renderer = getattr(request, "accepted_renderer", None)
            current = versions(*namespaces) if timeout > 0 else None
            if current is None or (renderer is not None and renderer.format != "json"):
                return _headers(get(view, request, *args, **kwargs), request)

            def compute() -> tuple[bytes, str]:
                response = get(view, request, *args, **kwargs)
                if response.status_code != 200 or not hasattr(response, "data") or getattr(response, "no_cache", False):
                    raise _NotCacheable(response)
                content = JSONRenderer().render(response.data)
                return content, _etag(content)

            key = make_key("http", get.__qualname__, current, request.path, _query_key(request))
            try:
                content, etag = get_or_compute(key, compute, timeout)
            except _NotCacheable as not_cacheable:
                return _headers(not_cacheable.response, request)
            anonymous = "HTTP_AUTHORIZATION" not in request.META
            response: HttpResponse
            if anonymous and _matches(request.META.get("HTTP_IF_NONE_MATCH", ""), etag):
                response = HttpResponseNotModified()
            else:
                response = HttpResponse(content, content_type="application/json")
            response["ETag"] = etag
            return _headers(response, request)

        return wrapper

    return decorator


def _headers(response: HttpResponseBase, request: Request) -> HttpResponseBase:
    if "HTTP_AUTHORIZATION" in request.META or getattr(response, "no_cache", False):
        response["Cache-Control"] = PRIVATE
    elif response.status_code in (200, 304):
        response["Cache-Control"] = public_cache_control()
    return response
