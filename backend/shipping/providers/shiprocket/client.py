"""Shiprocket's REST API (apiv2.shiprocket.in/v1/external) over requests, SHIPROCKET_TIMEOUT_SECONDS per
call. The API user's token (POST auth/login, valid 240 h) lives in Django's cache, shared by every
worker, until shortly before it expires; a 401 drops it and logs in once more.

Every authenticated call goes through ShiprocketClient.request(), guarded by the `carrier` circuit
breaker (core.breakers): after BREAKER_FAIL_MAX timeouts, connection failures or 5xx in a row (the login
included) calls fail at once for BREAKER_RESET_SECONDS instead of each holding a worker for the timeout,
and the login is not retried by every request. A cache outage costs a login per call, never the call.
"""

import base64
import contextlib
import hashlib
import json
import logging
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.cache import cache

from core.breakers import CircuitOpen, guarded
from core.observability.scrub import mask_email
from core.outages import CACHE_ERRORS
from shipping.providers.base import ProviderUnavailable, ShippingProviderError

logger = logging.getLogger(__name__)

DEFAULT_TOKEN_SECONDS = 9 * 24 * 3600  # the token lasts 10 days
# Where Shiprocket publishes label and manifest PDFs (its S3 buckets, kr-shipmultichannel...): a URL elsewhere is
# not fetched (the answer names it, our server would fetch it).
FILE_HOST_SUFFIXES = (".amazonaws.com", ".shiprocket.in", ".shiprocket.co")
MAX_FILE_BYTES = 5 * 1024 * 1024


def _circuit_open(exc: CircuitOpen) -> ProviderUnavailable:
    return ProviderUnavailable(f"Shiprocket is not called for now: {exc}")


def _forget(key: str) -> None:
    with contextlib.suppress(*CACHE_ERRORS):  # a cache outage: the next call logs in anyway
        cache.delete(key)


class ShiprocketClient:
    def __init__(
        self,
        *,
        email: str | None = None,
        password: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.email: str = email if email is not None else settings.SHIPROCKET_EMAIL
        self.password: str = password if password is not None else settings.SHIPROCKET_PASSWORD
        self.base_url: str = (base_url or settings.SHIPROCKET_API_BASE).rstrip("/")
        self.timeout: float = timeout if timeout is not None else settings.SHIPROCKET_TIMEOUT_SECONDS
        self.session = session or requests.Session()

    @property
    def token_cache_key(self) -> str:
        digest = hashlib.sha256(f"{self.base_url}|{self.email}".encode()).hexdigest()[:16]
        return f"shipping:shiprocket:token:{digest}"

    @guarded("carrier", failure=lambda exc: isinstance(exc, ProviderUnavailable), unavailable=_circuit_open)
    def request(
        self,
        method: str,
        path: str,
        *,
        what: str,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> Any:
        """Shiprocket's JSON answer to one authenticated call; `what` names the call in error messages."""
        response = self.send(method, path, params=params, body=body, token=self._token())
        if response.status_code == 401:  # expired or revoked: log in again, once
            _forget(self.token_cache_key)
            response = self.send(method, path, params=params, body=body, token=self._login())
        return self._json(response, what)

    def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        token: str | None = None,
    ) -> requests.Response:
        """One HTTP exchange. Timeouts and connection failures become ProviderUnavailable."""
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            return self.session.request(
                method, f"{self.base_url}{path}", params=params, json=body, headers=headers, timeout=self.timeout
            )
        except requests.Timeout:
            raise ProviderUnavailable(f"Shiprocket did not answer {method} {path} within {self.timeout} s.") from None
        except requests.RequestException as exc:
            raise ProviderUnavailable(f"Shiprocket could not be reached ({type(exc).__name__}).") from None

    @staticmethod
    def _message(response: requests.Response) -> str:
        try:
            body = response.json()
        except ValueError:
            return response.text[:200]
        if isinstance(body, dict):
            message = body.get("message") or body.get("error") or ""
            errors = body.get("errors")
            if errors:
                message = f"{message} {json.dumps(errors)[:300]}".strip()
            return str(message)[:400]
        return str(body)[:200]

    def _json(self, response: requests.Response, what: str) -> Any:
        if response.status_code >= 500 or response.status_code == 429:
            raise ProviderUnavailable(
                f"Shiprocket answered {response.status_code} to {what}.", status_code=response.status_code
            )
        if response.status_code >= 400:
            raise ShippingProviderError(
                f"Shiprocket refused {what} ({response.status_code}): {self._message(response)}",
                status_code=response.status_code,
            )
        try:
            return response.json()
        except ValueError:
            raise ProviderUnavailable(f"Shiprocket's answer to {what} is not JSON.") from None

    def _login(self) -> str:
        response = self.send("POST", "/v1/external/auth/login", body={"email": self.email, "password": self.password})
        if response.status_code in (400, 401, 403, 422):
            raise ShippingProviderError(
                "Shiprocket refused the API user's email and password.", status_code=response.status_code
            )
        answer = self._json(response, "the login")
        token = answer.get("token") if isinstance(answer, dict) else None
        if not token:
            raise ProviderUnavailable("Shiprocket's login answer has no token.")
        token = str(token)
        try:
            cache.set(self.token_cache_key, token, self.token_ttl(token))
        except CACHE_ERRORS:
            logger.warning("Shiprocket token not cached: the cache is unavailable.")
        logger.info("Logged in to Shiprocket as %s.", mask_email(self.email))
        return token

    @staticmethod
    def token_ttl(token: str) -> int:
        """Seconds to keep the token: until an hour before its `exp` claim, or 9 days (it lasts 10)."""
        try:
            payload = token.split(".")[1]
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            return max(60, int(claims["exp"] - time.time()) - 3600)
        except (IndexError, KeyError, TypeError, ValueError):
            return DEFAULT_TOKEN_SECONDS

    def _token(self) -> str:
        try:
            cached = cache.get(self.token_cache_key)
        except CACHE_ERRORS:
            cached = None
        return str(cached) if cached else self._login()

    def download(self, url: str, *, what: str) -> bytes:
        """The PDF at a URL Shiprocket answered with (a label, a manifest): over https from its file hosts (or from
        the API's own host), within the timeout, at most MAX_FILE_BYTES, and a PDF."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        own = urlsplit(self.base_url)
        same_origin = (parts.scheme, parts.netloc) == (own.scheme, own.netloc)
        if not same_origin and not (parts.scheme == "https" and host.endswith(FILE_HOST_SUFFIXES)):
            raise ShippingProviderError(f"Shiprocket's {what} URL is not on its file hosts: {url[:200]}")
        try:
            with self.session.get(url, timeout=self.timeout, stream=True) as response:
                if response.status_code >= 500 or response.status_code == 429:
                    raise ProviderUnavailable(f"{what} download answered {response.status_code}.")
                if response.status_code >= 400:
                    raise ShippingProviderError(f"{what} download answered {response.status_code}.")
                body = response.raw.read(MAX_FILE_BYTES + 1, decode_content=True)
        except requests.Timeout:
            raise ProviderUnavailable(f"{what} did not download within {self.timeout} s.") from None
        except requests.RequestException as exc:
            raise ProviderUnavailable(f"{what} could not be downloaded ({type(exc).__name__}).") from None
        if len(body) > MAX_FILE_BYTES or not body.startswith(b"%PDF-"):
            raise ShippingProviderError(f"Shiprocket's {what} is not a PDF (or larger than {MAX_FILE_BYTES} bytes).")
        return bytes(body)
