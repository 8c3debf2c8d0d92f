"""A local HTTP server that speaks the part of Stripe's documented API we use, so the official client
can be pointed at it (StripeClient(key, base_addresses={"api": server.url})).

POST /v1/payment_intents            form-encoded; amount a positive integer in minor units, ≤ 8 digits
GET  /v1/payment_intents/{id}
POST /v1/payment_intents/{id}/cancel
POST /v1/refunds                    {payment_intent, amount?, metadata, reason}
Authorization: Bearer <secret key>. Idempotency-Key honoured on POSTs: the same key with the same
parameters replays the first answer (Idempotent-Replayed: true); with other parameters it is a 400
idempotency_error. Errors are Stripe's shape: {"error": {"type", "code", "message", "param"}}.
Webhook signatures: sign_header() builds `t=<unix>,v1=<hex HMAC-SHA256 of "t.payload">`.
"""

import hashlib
import hmac
import json
import secrets
import threading
import time
from urllib.parse import parse_qsl

from core.testing import LocalStandIn

ZERO_DECIMAL = {
    "bif",
    "clp",
    "djf",
    "gnf",
    "jpy",
    "kmf",
    "krw",
    "mga",
    "pyg",
    "rwf",
    "ugx",
    "vnd",
    "vuv",
    "xaf",
    "xof",
    "xpf",
}


def _id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def sign_header(
    payload: bytes | str, secret: str, timestamp: int | None = None, *, extra_v1: tuple[str, ...] = ()
) -> str:
    """Stripe's webhook signature scheme: v1 = hex HMAC-SHA256(secret, f"{t}.{payload}")."""
    if isinstance(payload, bytes):
        payload = payload.decode()
    t = int(time.time()) if timestamp is None else int(timestamp)
    v1 = hmac.new(secret.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
    return ",".join([f"t={t}", *[f"v1={s}" for s in extra_v1], f"v1={v1}"])


def _nest(pairs) -> dict:
    """Stripe's form encoding back into a dict: metadata[order_id]=1 → {"metadata": {"order_id": "1"}}."""
    out: dict = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


class FakeStripe(LocalStandIn):
    def __init__(self, secret_key: str):
        self.secret_key = secret_key
        self.intents: dict[str, dict] = {}
        self.charges: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.idempotency: dict[str, tuple] = {}
        self.requests: list[dict] = []  # {"method", "path", "params", "headers"}
        self.refund_status = "succeeded"
        self.down = False
        self._lock = threading.Lock()
        super().__init__()

    @staticmethod
    def _reply(status, body, replayed=False):
        """Stripe's own headers on every answer."""
        headers = {"Request-Id": _id("req")}
        if replayed:
            headers["Idempotent-Replayed"] = "true"
        if status >= 500:
            headers["Stripe-Should-Retry"] = "false"
        return status, body, headers

    def respond(self, request):
        method, path, raw = request.method, request.path.rstrip("/"), request.raw.decode()
        pairs = parse_qsl(raw if method == "POST" else request.query, keep_blank_values=True)
        if (
            method == "POST"
            and raw
            and request.header("Content-Type").split(";")[0] != "application/x-www-form-urlencoded"
        ):
            return self._reply(
                400, {"error": {"type": "invalid_request_error", "message": "Requests must be form-encoded."}}
            )
        key = request.header("Idempotency-Key")
        with self._lock:
            self.requests.append({"method": method, "path": path, "params": _nest(pairs), "headers": request.headers})
            if self.down:
                return self._reply(500, {"error": {"type": "api_error", "message": "An unknown error occurred."}})
            if request.header("Authorization") != f"Bearer {self.secret_key}":
                return self._reply(
                    401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided."}}
                )
            if method == "POST" and key:
                signature = (method, path, sorted(pairs))
                if key in self.idempotency:
                    first, status, answer = self.idempotency[key]
                    if first != signature:
                        return self._reply(
                            400,
                            {
                                "error": {
                                    "type": "idempotency_error",
                                    "message": "Keys for idempotent requests can only be used with the same "
                                    "parameters they were first used with. Try using a key other than "
                                    f"'{key}' if you meant to execute a different request.",
                                }
                            },
                        )
                    return self._reply(status, answer, replayed=True)
            status, answer = self.route(method, path, _nest(pairs))
            if method == "POST" and key and status == 200:  # a refused request saves no result
                self.idempotency[key] = (signature, status, answer)
        return self._reply(status, answer)

    @staticmethod
    def _bad(message, code=None, param=None, status=400):
        error = {"type": "invalid_request_error", "message": message}
        if code:
            error["code"] = code
        if param:
            error["param"] = param
        return status, {"error": error}

    def route(self, method, path, params):
        parts = path.strip("/").split("/")  # v1, resource, id, action
        if parts == ["v1", "payment_intents"] and method == "POST":
            return self._create_intent(params)
        if parts[:2] == ["v1", "payment_intents"] and len(parts) == 3 and method == "GET":
            intent = self.intents.get(parts[2])
            return (
                (200, intent)
                if intent
                else self._bad(f"No such payment_intent: '{parts[2]}'", "resource_missing", "intent", 404)
            )
        if parts[:2] == ["v1", "payment_intents"] and len(parts) == 4 and parts[3] == "cancel" and method == "POST":
            return self._cancel(parts[2], params)
        if parts == ["v1", "refunds"] and method == "POST":
            return self._refund(params)
        return self._bad(f"Unrecognized request URL ({method}: {path}).", status=404)

    def _create_intent(self, params):
        try:
            amount = int(params.get("amount", ""))
        except ValueError:
            return self._bad("Invalid integer: amount", "parameter_invalid_integer", "amount")
        currency = params.get("currency", "")
        if currency != currency.lower() or len(currency) != 3:
            return self._bad(f"Invalid currency: {currency}.", "parameter_invalid_string", "currency")
        if amount < 1:
            return self._bad("This value must be greater than or equal to 1.", "parameter_invalid_integer", "amount")
        if amount > 99_999_999:
            return self._bad("Amount must be no more than 999,999.99", "amount_too_large", "amount")
        if currency in ("usd", "eur", "sgd") and amount < 50:
            return self._bad("Amount must be at least $0.50 usd", "amount_too_small", "amount")
        intent_id = _id("pi")
        apm = params.get("automatic_payment_methods") or {}
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_capturable": 0,
            "amount_received": 0,
            "currency": currency,
            "status": "requires_payment_method",
            "client_secret": f"{intent_id}_secret_{secrets.token_hex(12)}",
            "automatic_payment_methods": {"enabled": apm.get("enabled") == "true", "allow_redirects": "always"}
            if apm
            else None,
            "capture_method": "automatic",
            "confirmation_method": "automatic",
            "description": params.get("description"),
            "metadata": params.get("metadata") or {},
            "latest_charge": None,
            "last_payment_error": None,
            "livemode": False,
            "payment_method": None,
            "payment_method_types": ["card"],
            "canceled_at": None,
            "cancellation_reason": None,
            "created": int(time.time()),
        }
        self.intents[intent_id] = intent
        return 200, intent

    def _cancel(self, intent_id, params):
        intent = self.intents.get(intent_id)
        if intent is None:
            return self._bad(f"No such payment_intent: '{intent_id}'", "resource_missing", "intent", 404)
        if intent["status"] not in (
            "requires_payment_method",
            "requires_capture",
            "requires_confirmation",
            "requires_action",
        ):
            return self._bad(
                f"You cannot cancel this PaymentIntent because it has a status of {intent['status']}.",
                "payment_intent_unexpected_state",
            )
        intent.update(
            status="canceled", canceled_at=int(time.time()), cancellation_reason=params.get("cancellation_reason")
        )
        return 200, intent

    def _refund(self, params):
        intent = self.intents.get(params.get("payment_intent", ""))
        if intent is None:
            return self._bad("No such payment_intent", "resource_missing", "payment_intent", 404)
        if intent["status"] != "succeeded":
            return self._bad("This PaymentIntent does not have a successful charge to refund.", "charge_not_refundable")
        charge = self.charges[intent["latest_charge"]]
        remaining = charge["amount"] - charge["amount_refunded"]
        if remaining <= 0:
            return self._bad(f"Charge {charge['id']} has already been refunded.", "charge_already_refunded")
        amount = int(params.get("amount", remaining))
        if amount > remaining:
            return self._bad("Refund amount is greater than unrefunded amount on charge", "amount_too_large")
        refund = {
            "id": _id("re"),
            "object": "refund",
            "amount": amount,
            "charge": charge["id"],
            "currency": charge["currency"],
            "payment_intent": intent["id"],
            "reason": params.get("reason"),
            "metadata": params.get("metadata") or {},
            "status": self.refund_status,
            "created": int(time.time()),
        }
        self.refunds[refund["id"]] = refund
        if self.refund_status in ("succeeded", "pending"):
            charge["amount_refunded"] += amount
            charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
        return 200, refund

    # --- what Stripe.js, the shopper and Stripe's webhooks do, for the tests

    def pay(self, intent_id: str, *, amount_received: int | None = None, currency: str | None = None) -> dict:
        """The shopper confirms the Payment Element and the card is charged."""
        intent = self.intents[intent_id]
        amount = intent["amount"] if amount_received is None else amount_received
        charge = {
            "id": _id("ch"),
            "object": "charge",
            "amount": amount,
            "amount_captured": amount,
            "amount_refunded": 0,
            "currency": currency or intent["currency"],
            "captured": True,
            "paid": True,
            "refunded": False,
            "payment_intent": intent_id,
            "status": "succeeded",
            "metadata": intent["metadata"],
            "created": int(time.time()),
        }
        self.charges[charge["id"]] = charge
        intent.update(
            status="succeeded",
            amount_received=amount,
            latest_charge=charge["id"],
            last_payment_error=None,
            currency=currency or intent["currency"],
        )
        return intent

    def decline(self, intent_id: str) -> dict:
        intent = self.intents[intent_id]
        intent.update(
            status="requires_payment_method",
            last_payment_error={
                "type": "card_error",
                "code": "card_declined",
                "decline_code": "generic_decline",
                "message": "Your card was declined.",
            },
        )
        return intent

    def event(self, kind: str, obj: dict, *, event_id: str | None = None) -> dict:
        """An Event as Stripe delivers it to a webhook endpoint (snapshot payload)."""
        return {
            "id": event_id or _id("evt"),
            "object": "event",
            "api_version": "2026-10-28.endive",
            "created": int(time.time()),
            "data": {"object": json.loads(json.dumps(obj))},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": _id("req"), "idempotency_key": None},
            "type": kind,
        }

    def intent_event(self, kind: str, intent_id: str, **overrides) -> dict:
        return self.event(kind, {**self.intents[intent_id], **overrides})

    def refunded_event(self, intent_id: str) -> dict:
        charge = self.charges[self.intents[intent_id]["latest_charge"]]
        return self.event("charge.refunded", {**charge, "refunded": True, "amount_refunded": charge["amount"]})

    def calls(self, method: str, path: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == method and r["path"] == path]
