"""The dev gateway: "Test payment, no money moves". For the demo and tests only; a system check
refuses it when DEBUG is off."""

import uuid
from collections.abc import Mapping

from django.conf import settings

from orders.models import Order
from payments.gateways.base import GatewayPayment, GatewayRefund, JsonObject, PaymentGateway, WebhookEvent


class DevGateway(PaymentGateway):
    code = "dev"
    label = "Test payment"
    description = "Test payment, no money moves."

    @classmethod
    def is_enabled(cls) -> bool:
        return bool(settings.PAYMENTS_DEV_GATEWAY)

    def create(self, *, order: Order, amount_minor: int) -> JsonObject:
        return {"id": f"dev_order_{uuid.uuid4().hex[:16]}", "amount": amount_minor, "currency": order.currency}

    def verify(self, *, gateway_order_id: str, data: JsonObject) -> GatewayPayment:
        return GatewayPayment(
            gateway_order_id=gateway_order_id,
            gateway_payment_id=f"dev_pay_{uuid.uuid4().hex[:16]}",
            amount_minor=data["amount_minor"],
            currency=data["currency"],
            status="captured",
        )

    def parse_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        raise NotImplementedError("The dev gateway sends no webhooks.")

    def refund(
        self, *, gateway_payment_id: str, amount_minor: int, currency: str, notes: dict[str, str]
    ) -> GatewayRefund:
        return GatewayRefund(
            refund_id=f"dev_rfnd_{uuid.uuid4().hex[:16]}",
            gateway_payment_id=gateway_payment_id,
            amount_minor=amount_minor,
            currency=currency,
            status="processed",
        )
