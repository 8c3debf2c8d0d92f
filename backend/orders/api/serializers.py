from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.serializers import StateCodeField, StateInputMixin, state_name_field
from accounts.validators import mobile_validator, pincode_validator
from cart.pricing import free_shipping_threshold, shipping_fee
from core.openapi import SchemaConstraints
from core.serializers import StrictCharField, StrictInputMixin
from orders import lifecycle, payment_methods
from orders.models import Order, OrderItem, OrderStatus, OrderTransition
from orders.services import ADDRESS_FIELDS, reservation_minutes


class AddressInputSerializer(StateInputMixin, StrictInputMixin, serializers.Serializer):
    """An address given at checkout: the state as state_code or a name (as a saved address takes it)."""

    full_name = StrictCharField(max_length=150)
    phone = StrictCharField(max_length=10, validators=[mobile_validator])
    line1 = StrictCharField(max_length=200)
    line2 = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    landmark = StrictCharField(max_length=120, required=False, allow_blank=True, default="")
    city = StrictCharField(max_length=100)
    state_code = StateCodeField()
    state = state_name_field()
    pincode = StrictCharField(max_length=6, validators=[pincode_validator])
    country = serializers.ChoiceField(choices=["IN"], default="IN")


class GstinField(SchemaConstraints, StrictCharField):
    """A GSTIN as typed: 15 characters, any case (stored uppercased). Its check character and its state are
    checked by checkout (orders.services), which names this field when they are wrong."""

    def __init__(self, **kwargs):
        super().__init__(max_length=15, **kwargs)

    def openapi_constraints(self):
        return {"pattern": r"^$|^[0-9]{2}[A-Za-z]{5}[0-9]{4}[A-Za-z][1-9A-Za-z][Zz][0-9A-Za-z]$"}


class CheckoutOptionsQuerySerializer(serializers.Serializer):
    pincode = StrictCharField(
        max_length=6,
        required=False,
        allow_blank=True,
        help_text="The delivery pincode: whether cash on delivery is offered there (for the signed-in shopper's cart).",
    )


class CheckoutSerializer(SchemaConstraints, StrictInputMixin, serializers.Serializer):
    """The cart becomes an order paid by payment_method, delivered to a saved address (address_id) or to
    one given inline (address): exactly one of the two."""

    address_id = serializers.IntegerField(required=False, min_value=1, help_text="A saved address of yours.")
    address = AddressInputSerializer(required=False, help_text="Or an address given inline.")
    payment_method = StrictCharField(max_length=20, help_text="One of GET /api/checkout/options/ payment_methods.")
    buyer_gstin = GstinField(
        required=False,
        allow_blank=True,
        default="",
        help_text="A business buyer's GSTIN, for input tax credit: printed on the tax invoice. Its state (the first "
        "two digits) must be the delivery address's state, which is also the billing address.",
    )

    ADDRESS_SOURCES = ("address_id", "address")  # exactly one of them

    def validate(self, attrs):
        if sum(name in attrs for name in self.ADDRESS_SOURCES) != 1:
            raise serializers.ValidationError(
                {"address_id": ["Give either address_id or address, not both or neither."]}
            )
        return attrs

    def openapi_constraints(self):
        return {"oneOf": [{"required": [name]} for name in self.ADDRESS_SOURCES]}


class OrderItemSerializer(serializers.ModelSerializer):
    imeis = serializers.SerializerMethodField(
        help_text="The IMEIs of the units sent to you (for warranty claims), once recorded at packing; "
        "empty for accessories and until then."
    )

    class Meta:
        model = OrderItem
        fields = [
            "id",
            "variant",
            "product_title",
            "sku",
            "variant_label",
            "quantity",
            "unit_price",
            "unit_mrp",
            "line_total",
            "gst_rate",
            "tax_amount",
            "imeis",
            "discount",
        ]

    def get_imeis(self, item) -> list[str]:
        """From the prefetched units (orders.selectors.units_prefetch); a returned unit is no longer yours."""
        return [imei.number for unit in item.units.all() if unit.returned_at is None for imei in unit.imeis.all()]


class OrderTransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderTransition
        fields = ["from_status", "to_status", "source", "note", "created_at"]


class NextStepSerializer(serializers.Serializer):
    """A move the requesting actor may make now (orders.lifecycle decides)."""

    to_status = serializers.ChoiceField(choices=OrderStatus.choices)
    label = serializers.CharField()  # type: ignore[assignment]
    action = serializers.CharField(help_text="What to call it: `cancel` for a move to CANCELLED, else `move`.")


class TimelineStepSerializer(serializers.Serializer):
    """One step of the order's timeline, as the lifecycle draws it: the happy path while the order is on it; once
    cancelled or refunded, the steps it reached and where it ended."""

    status = serializers.ChoiceField(choices=OrderStatus.choices)
    label = serializers.CharField()  # type: ignore[assignment]
    state = serializers.ChoiceField(choices=["done", "current", "upcoming"])
    at = serializers.DateTimeField(allow_null=True, help_text="When the order first reached it; null until then.")


class ChargeSerializer(serializers.Serializer):
    """What the shopper's card or account was charged: in a Stripe currency this differs from the order's INR."""

    gateway = serializers.CharField()
    status = serializers.CharField()
    currency = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    exchange_rate = serializers.DecimalField(
        max_digits=20,
        decimal_places=10,
        allow_null=True,
        help_text="Units of `currency` per 1 INR, markup included; null for INR.",
    )
    created_at = serializers.DateTimeField()


class TaxDocumentLinkSerializer(serializers.Serializer):
    """A tax invoice or credit note of the order: its PDF is at `url` (the API path; signed in as the order's
    shopper or staff)."""

    id = serializers.IntegerField()
    number = serializers.CharField(help_text="PS/2627/000123 (invoice) or CN/2627/000001 (credit note).")
    issued_at = serializers.DateTimeField()
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    url = serializers.CharField(help_text="GET it for the PDF: /api/orders/{id}/invoice/ or .../credit-notes/{id}/.")


def _document_link(document) -> dict:
    if document.kind == "invoice":
        url = reverse("order-invoice", kwargs={"pk": document.order_id})
    else:
        url = reverse("order-credit-note", kwargs={"pk": document.order_id, "note_id": document.pk})
    return TaxDocumentLinkSerializer(
        {
            "id": document.pk,
            "number": document.number,
            "issued_at": document.issued_at,
            "total": document.total,
            "url": url,
        }
    ).data


class ShippingAddressSerializer(serializers.Serializer):
    """The address an order ships to, as it was at checkout (orders.services.ADDRESS_FIELDS, all strings;
    state_code is blank on orders placed before addresses had codes)."""

    def get_fields(self):
        return {name: serializers.CharField() for name in ADDRESS_FIELDS}


@extend_schema_field(ShippingAddressSerializer)
class ShippingAddressField(serializers.JSONField):
    """The snapshot as stored (a JSON object), with its shape in the schema: a field an older snapshot does
    not have (state_code) is answered blank."""

    def to_representation(self, value):
        value = super().to_representation(value)
        if isinstance(value, dict):
            return {**dict.fromkeys(ADDRESS_FIELDS, ""), **value}
        return value


class OrderSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    shipping_address = ShippingAddressField(read_only=True, help_text="Snapshot of the address at checkout.")
    items = OrderItemSerializer(many=True, read_only=True)
    history = OrderTransitionSerializer(source="transitions", many=True, read_only=True)
    status_label = serializers.SerializerMethodField(help_text="The status as a shopper reads it.")
    can_cancel = serializers.SerializerMethodField(help_text="`cancel` is one of next_steps.")
    next_steps = serializers.SerializerMethodField(help_text="The moves you may make now.")
    timeline = serializers.SerializerMethodField(help_text="The steps to draw, in order.")
    charge = serializers.SerializerMethodField()
    invoice = serializers.SerializerMethodField()
    credit_notes = serializers.SerializerMethodField()

    actor = lifecycle.Actor.SHOPPER  # whose next steps: the staff serializer says staff

    class Meta:
        model = Order
        fields = [
            "id",
            "number",
            "status",
            "status_label",
            "payment_method",
            "currency",
            "subtotal",
            "mrp_total",
            "savings",
            "shipping_fee",
            "cod_fee",
            "tax_total",
            "total",
            "shipping_address",
            "place_of_supply",
            "buyer_gstin",
            "reserved_until",
            "created_at",
            "paid_at",
            "cancelled_at",
            "can_cancel",
            "next_steps",
            "timeline",
            "charge",
            "invoice",
            "credit_notes",
            "items",
            "history",
            "discount_total",
            "coupon_code",
        ]

    def get_status_label(self, order) -> str:
        return lifecycle.label(order.status)

    @extend_schema_field(NextStepSerializer(many=True))
    def get_next_steps(self, order) -> list[dict]:
        return [
            {
                "to_status": to,
                "label": lifecycle.label(to),
                "action": "cancel" if to == OrderStatus.CANCELLED else "move",
            }
            for to in lifecycle.targets(order.status, self.actor)
        ]

    def get_can_cancel(self, order) -> bool:
        return any(step["action"] == "cancel" for step in self.get_next_steps(order))

    @extend_schema_field(TimelineStepSerializer(many=True))
    def get_timeline(self, order) -> list[dict]:
        """From the prefetched history (order.transitions): the first time each status was reached."""
        reached: dict[str, object] = {}
        for move in sorted(order.transitions.all(), key=lambda t: (t.created_at, t.pk)):
            reached.setdefault(move.to_status, move.created_at)
        return [
            {"status": status, "label": lifecycle.label(status), "state": state, "at": reached.get(status)}
            for status, state in lifecycle.timeline(order.status, reached, payment_method=order.payment_method)
        ]

    @extend_schema_field(ChargeSerializer(allow_null=True))
    def get_charge(self, order) -> dict | None:
        """The payment that took the money (the newest, should a shopper have paid twice), else null: the payments
        app answers (orders.payment_methods.charge_of), orders does not read its tables."""
        charge = payment_methods.charge_of(order)
        return None if charge is None else ChargeSerializer(charge).data

    def _documents(self, order) -> list:
        """The order's tax documents, oldest first, from the list's prefetch (tax_documents) when there is one.
        An order awaiting payment has none and is not asked (checkout's answer stays at its query count)."""
        if order.status == OrderStatus.PENDING_PAYMENT:
            return []
        return list(order.tax_documents.all())

    @extend_schema_field(TaxDocumentLinkSerializer(allow_null=True))
    def get_invoice(self, order) -> dict | None:
        """The order's tax invoice (issued once paid and every phone's IMEI is recorded), else null."""
        invoice = next((d for d in self._documents(order) if d.kind == "invoice"), None)
        return _document_link(invoice) if invoice is not None else None

    @extend_schema_field(TaxDocumentLinkSerializer(many=True))
    def get_credit_notes(self, order) -> list[dict]:
        """Credit notes against the invoice (refunds, returns), oldest first."""
        return [_document_link(d) for d in self._documents(order) if d.kind == "credit_note"]


class PaymentMethodReasonSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Why the method is not offered: a stable code (payments.cod_services).")
    message = serializers.CharField()


class PaymentMethodSerializer(serializers.Serializer):
    code = serializers.CharField()
    # The stubs see Field.label; DRF's metaclass moves declared fields off the class, so nothing clashes.
    label = serializers.CharField()  # type: ignore[assignment]
    description = serializers.CharField(required=False)
    key_id = serializers.CharField(required=False, help_text="Razorpay only: the public key id for checkout.js.")
    publishable_key = serializers.CharField(required=False, help_text="Stripe only: the publishable key for Stripe.js.")
    currencies = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Stripe only: the currencies that can be charged now (a fresh rate).",
    )
    exchange_rates = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text="Stripe only: units of each currency per 1 INR, markup included.",
    )
    fee = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, help_text="Cash on delivery only: its fee (COD_FEE)."
    )
    offered = serializers.BooleanField(
        required=False,
        help_text="Cash on delivery only: offered for this shopper's cart and ?pincode= (else see reasons).",
    )
    reasons = PaymentMethodReasonSerializer(
        many=True, required=False, help_text="Cash on delivery only: every reason it is not offered."
    )


class CheckoutOptionsSerializer(serializers.Serializer):
    payment_methods = PaymentMethodSerializer(many=True)
    currency = serializers.CharField()
    shipping_fee = serializers.DecimalField(max_digits=12, decimal_places=2)
    free_shipping_threshold = serializers.DecimalField(max_digits=12, decimal_places=2)
    reservation_minutes = serializers.IntegerField()
    max_quantity_per_item = serializers.IntegerField()


def checkout_options(methods) -> dict:
    return {
        "payment_methods": methods,
        "currency": settings.STORE_CURRENCY,
        "shipping_fee": shipping_fee(),
        "free_shipping_threshold": free_shipping_threshold(),
        "reservation_minutes": reservation_minutes(),
        "max_quantity_per_item": settings.CART_MAX_QUANTITY_PER_ITEM,
    }
