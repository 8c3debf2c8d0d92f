"""A local HTTP server that speaks the part of Razorpay's documented API we use, so the official
client can be pointed at it (razorpay.Client(..., base_url=server.url)).

POST /v1/orders (Basic auth; amount integer paise ≥ 100, currency, receipt ≤ 40 chars, notes)
GET  /v1/orders/{id}
GET  /v1/payments/{id}
POST /v1/payments/{id}/refund
Errors are Razorpay's shape: {"error": {"code": "BAD_REQUEST_ERROR", "description": ...}}.
"""

import base64
import hashlib
import hmac
import secrets
import threading
import time
from typing import Any

from core.testing import LocalStandIn


def _id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(7)}"


def sign(message: str | bytes, secret: str) -> str:
    """Razorpay's signature: hex HMAC-SHA256 keyed with the secret."""
    if isinstance(message, str):
        message = message.encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class FakeRazorpay(LocalStandIn):
    def __init__(self, key_id: str, key_secret: str):
        self.key_id, self.key_secret = key_id, key_secret
        self.orders: dict[str, dict] = {}
        self.payments: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.requests: list[tuple[str, str, dict | None]] = []
        self.refund_status = "processed"
        self.down = False
        self._lock = threading.Lock()
        super().__init__()

    def respond(self, request):
        path, body = request.path.rstrip("/"), request.json()
        with self._lock:
            self.requests.append((request.method, path, body))
        if self.down:
            return 503, {"error": {"code": "SERVER_ERROR", "description": "Service unavailable"}}
        expected = "Basic " + base64.b64encode(f"{self.key_id}:{self.key_secret}".encode()).decode()
        if request.header("Authorization") != expected:
            return 401, {"error": {"code": "BAD_REQUEST_ERROR", "description": "Authentication failed"}}
        return self.route(request.method, path, body)

    @staticmethod
    def _bad(description):
        return 400, {"error": {"code": "BAD_REQUEST_ERROR", "description": description}}

    def route(self, method, path, body):
        parts = path.strip("/").split("/")  # v1, resource, id, action
        if parts[:2] == ["v1", "orders"] and method == "POST" and len(parts) == 2:
            return self._create_order(body or {})
        if parts[:2] == ["v1", "orders"] and method == "GET" and len(parts) == 3:
            order = self.orders.get(parts[2])
            return (200, order) if order else self._bad("The id provided does not exist")
        if parts[:2] == ["v1", "payments"] and method == "GET" and len(parts) == 3:
            payment = self.payments.get(parts[2])
            return (200, payment) if payment else self._bad("The id provided does not exist")
        if parts[:2] == ["v1", "payments"] and method == "POST" and len(parts) == 4 and parts[3] == "refund":
            return self._refund(parts[2], body or {})
        return 404, {"error": {"code": "BAD_REQUEST_ERROR", "description": "The requested URL was not found"}}

    def _create_order(self, body):
        amount, currency, receipt = body.get("amount"), body.get("currency"), body.get("receipt", "")
        if not isinstance(amount, int) or amount < 100:
            return self._bad("The amount must be atleast INR 1.00")
        if currency != "INR":
            return self._bad("Currency is not supported")
        if receipt and len(receipt) > 40:
            return self._bad("receipt: the receipt may not be greater than 40 characters.")
        order = {
            "id": _id("order"),
            "entity": "order",
            "amount": amount,
            "amount_paid": 0,
            "amount_due": amount,
            "currency": currency,
            "receipt": receipt,
            "offer_id": None,
            "status": "created",
            "attempts": 0,
            "notes": body.get("notes", {}),
            "created_at": int(time.time()),
        }
        self.orders[order["id"]] = order
        return 200, order

    def _refund(self, payment_id, body):
        payment = self.payments.get(payment_id)
        if payment is None:
            return self._bad("The id provided does not exist")
        if payment["status"] not in ("captured", "refunded"):
            return self._bad("Only captured payments can be refunded")
        amount = body.get("amount", payment["amount"] - payment["amount_refunded"])
        if payment["amount_refunded"] + amount > payment["amount"]:
            return self._bad("The payment has been fully refunded already")
        refund = {
            "id": _id("rfnd"),
            "entity": "refund",
            "amount": amount,
            "currency": payment["currency"],
            "payment_id": payment_id,
            "notes": body.get("notes", {}),
            "receipt": body.get("receipt"),
            "acquirer_data": {"arn": None},
            "created_at": int(time.time()),
            "batch_id": None,
            "status": self.refund_status,
            "speed_processed": "normal",
            "speed_requested": body.get("speed"),
        }
        self.refunds[refund["id"]] = refund
        if self.refund_status == "processed":
            payment["amount_refunded"] += amount
            payment["refund_status"] = "full" if payment["amount_refunded"] >= payment["amount"] else "partial"
            payment["status"] = "refunded" if payment["refund_status"] == "full" else payment["status"]
        return 200, refund

    # --- what checkout.js and the customer do, for the tests

    def pay(
        self, order_id: str, *, amount: int | None = None, currency: str | None = None, status: str = "captured"
    ) -> tuple[str, str]:
        """The customer pays in the Razorpay form. Returns (payment_id, checkout signature)."""
        order = self.orders[order_id]
        payment_id = _id("pay")
        payment: dict[str, Any] = {
            "id": payment_id,
            "entity": "payment",
            "amount": order["amount"] if amount is None else amount,
            "currency": currency or order["currency"],
            "status": status,
            "order_id": order_id,
            "invoice_id": None,
            "international": False,
            "method": "upi",
            "amount_refunded": 0,
            "refund_status": None,
            "captured": status == "captured",
            "description": None,
            "email": "shopper@example.in",
            "contact": "+919876543210",
            "vpa": "shopper@okbank",
            "error_code": "BAD_REQUEST_ERROR" if status == "failed" else None,
            "error_description": "Payment failed" if status == "failed" else None,
            "created_at": int(time.time()),
        }
        self.payments[payment_id] = payment
        order["attempts"] += 1
        if status == "captured":
            order.update(status="paid", amount_paid=order["amount"], amount_due=0)
        return payment_id, sign(f"{order_id}|{payment_id}", self.key_secret)

    def event(self, kind: str, payment_id: str, **overrides) -> dict:
        """A webhook body as Razorpay sends it."""
        payment = {**self.payments[payment_id], **overrides}
        if kind == "payment.captured":
            payment["status"] = "captured"
        elif kind == "payment.failed":
            payment["status"] = "failed"
        body: dict[str, Any] = {
            "entity": "event",
            "account_id": "acc_test",
            "event": kind,
            "contains": ["payment"],
            "payload": {"payment": {"entity": payment}},
            "created_at": int(time.time()),
        }
        if kind == "order.paid":
            body["contains"] = ["payment", "order"]
            body["payload"]["order"] = {"entity": self.orders[payment["order_id"]]}
        return body

    def refund_event(self, refund_id: str) -> dict:
        refund = {**self.refunds[refund_id], "status": "processed"}
        return {
            "entity": "event",
            "account_id": "acc_test",
            "event": "refund.processed",
            "contains": ["refund", "payment"],
            "payload": {"refund": {"entity": refund}, "payment": {"entity": self.payments[refund["payment_id"]]}},
            "created_at": int(time.time()),
        }

    def calls(self, method: str, prefix: str) -> list:
        return [r for r in self.requests if r[0] == method and r[1].startswith(prefix)]
