"""The dev gateway: "Test payment, no money moves". For the demo and tests only; a system check
refuses it when DEBUG is off."""

import uuid

from django.conf import settings

from payments.gateways.base import GatewayPayment, GatewayRefund, PaymentGateway


class DevGateway(PaymentGateway):
    code = "dev"
    label = "Test payment"
    description = "Test payment, no money moves."

    @classmethod
    def is_enabled(cls) -> bool:
        return bool(settings.PAYMENTS_DEV_GATEWAY)

    def create(self, *, order, amount_minor: int) -> dict:
        return {"id": f"dev_order_{uuid.uuid4().hex[:16]}", "amount": amount_minor, "currency": order.currency}

    def verify(self, *, gateway_order_id: str, data: dict) -> GatewayPayment:
        return GatewayPayment(
            gateway_order_id=gateway_order_id,
            gateway_payment_id=f"dev_pay_{uuid.uuid4().hex[:16]}",
            amount_minor=data["amount_minor"],
            currency=data["currency"],
            status="captured",
        )

    def parse_webhook(self, *, body: bytes, headers):
        raise NotImplementedError("The dev gateway sends no webhooks.")

    def refund(self, *, gateway_payment_id: str, amount_minor: int, currency: str, notes: dict) -> GatewayRefund:
        return GatewayRefund(
            refund_id=f"dev_rfnd_{uuid.uuid4().hex[:16]}",
            gateway_payment_id=gateway_payment_id,
            amount_minor=amount_minor,
            currency=currency,
            status="processed",
        )
