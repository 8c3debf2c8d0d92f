"""The dev gateway ("Test payment, no money moves"): the demo's and the tests' way to pay an order,
through the same capture as the real gateways. A system check refuses it when DEBUG is off."""

from django.db import transaction

from accounts.models import User
from core.errors import ApplicationError, CommonErrorCode
from core.money import to_minor_units
from orders import services as order_services
from payments import services
from payments.gateways.dev import DevGateway
from payments.models import CHARGED_STATUSES, Payment

GATEWAY = DevGateway.code


def dev_confirm(*, user: User, order_id: int) -> Payment:
    """Pay an order with no money moving (demo and tests), through the same capture as Razorpay."""
    gateway = DevGateway.enabled()
    with transaction.atomic():
        order = order_services.lock_order(order_id, user=user)
        if order is None:
            raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such order.")
        done = Payment.objects.filter(order=order, gateway=GATEWAY, status__in=CHARGED_STATUSES).first()
        if done is not None:
            return done  # confirming twice pays once
        services.payable(order, GATEWAY)
        amount_minor = to_minor_units(order.total, order.currency)
        opened = gateway.create(order=order, amount_minor=amount_minor)
        payment = Payment.objects.create(
            order=order,
            gateway=GATEWAY,
            amount=order.total,
            currency=order.currency,
            gateway_order_id=opened["id"],
            metadata={"amount_minor": amount_minor},
        )
        reported = gateway.verify(
            gateway_order_id=payment.gateway_order_id, data={"amount_minor": amount_minor, "currency": order.currency}
        )
        # The payment is this transaction's own row and the order is locked: captured as record_capture would.
        return services.capture_locked(order, payment, reported, gateway=GATEWAY, source="confirm")
