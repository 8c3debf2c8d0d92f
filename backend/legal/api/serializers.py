"""The legal pages' answers. The facts are spelt out group by group so the schema (and the storefront's generated
types) name every one; legal/tests/test_api.py holds them equal to legal.facts."""

from rest_framework import serializers

from legal.models import PageSlug

Text, Number = serializers.CharField, serializers.IntegerField


def money(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, help_text=help_text)


def words(help_text: str, *, required: bool = True) -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(), help_text=help_text, required=required)


class StoreFactsSerializer(serializers.Serializer):
    name = Text(help_text="STORE_NAME")
    website = Text(help_text="STOREFRONT_URL")


class SellerFactsSerializer(serializers.Serializer):
    legal_name = Text(help_text="SELLER_LEGAL_NAME")
    trade_name = Text(help_text="SELLER_TRADE_NAME")
    gstin = Text(help_text="SELLER_GSTIN (empty when it is not a valid GSTIN)")
    pan = Text(help_text="Characters 3 to 12 of the GSTIN")
    address = Text(help_text="SELLER_ADDRESS")
    state = Text(help_text="The state of SELLER_STATE_CODE")
    email = Text(help_text="SELLER_EMAIL")
    phone = Text(help_text="SELLER_PHONE")


class GrievanceFactsSerializer(serializers.Serializer):
    name = Text(help_text="GRIEVANCE_OFFICER_NAME")
    designation = Text(help_text="GRIEVANCE_OFFICER_DESIGNATION")
    email = Text(help_text="GRIEVANCE_OFFICER_EMAIL")
    phone = Text(help_text="GRIEVANCE_OFFICER_PHONE")
    acknowledge_hours = Number(help_text="A complaint is acknowledged within this many hours (E-Commerce Rules, 4(5))")
    resolve_within = Text(help_text="and resolved within this (rule 4(5))")


class ReturnsFactsSerializer(serializers.Serializer):
    window_days = Number(help_text="RETURN_WINDOW_DAYS: days after delivery a unit may be asked back")
    reasons = words("The reasons a return may give")
    max_photos = Number(help_text="Photos a return may carry")


class RefundsFactsSerializer(serializers.Serializer):
    credit_days = Number(help_text="REFUND_CREDIT_DAYS: working days a bank takes to credit a refund")


class CancellationFactsSerializer(serializers.Serializer):
    statuses = words("Order statuses in which the shopper may cancel (orders.lifecycle)")
    not_from = Text(help_text="The first status in which the shopper can no longer cancel")
    unpaid_minutes = Number(help_text="ORDER_RESERVATION_MINUTES: an unpaid order is cancelled after this")
    cod_confirm_minutes = Number(help_text="COD_CONFIRM_MINUTES: an unconfirmed cash on delivery order, after this")


class ShippingFactsSerializer(serializers.Serializer):
    fee = money("SHIPPING_FEE")
    free_from = money("FREE_SHIPPING_THRESHOLD: goods worth this much ship free")


class CodFactsSerializer(serializers.Serializer):
    offered = serializers.BooleanField(help_text="COD_ENABLED")
    fee = money("COD_FEE")
    max_order_value = money("COD_MAX_ORDER_VALUE")
    confirm_minutes = Number(help_text="COD_CONFIRM_MINUTES")


class PrivacyFactsSerializer(serializers.Serializer):
    retention_months = Number(help_text="Months tax records are kept (CGST Act, section 36)")
    named_on_invoice_from = money("Taxable value from which a consumer's invoice names them (CGST rule 46(f))")
    erased = words("What deleting an account erases")
    kept = words("What deleting an account keeps, and why")


class TermsFactsSerializer(serializers.Serializer):
    jurisdiction = Text(help_text="LEGAL_JURISDICTION")


class LegalFactsSerializer(serializers.Serializer):
    store = StoreFactsSerializer()
    seller = SellerFactsSerializer()
    grievance = GrievanceFactsSerializer()
    returns = ReturnsFactsSerializer()
    refunds = RefundsFactsSerializer()
    cancellation = CancellationFactsSerializer()
    shipping = ShippingFactsSerializer()
    cod = CodFactsSerializer()
    privacy = PrivacyFactsSerializer()
    terms = TermsFactsSerializer()


class LegalPageSummarySerializer(serializers.Serializer):
    slug = serializers.ChoiceField(choices=PageSlug.choices)
    title = Text()
    description = Text(help_text="The page's meta description")
    version = Number(help_text="1 for the first published text, then 2, 3, ...")
    updated_at = serializers.DateTimeField(help_text="When this version was published: the page's 'last updated'")


class LegalIndexSerializer(serializers.Serializer):
    pages = LegalPageSummarySerializer(many=True)
    facts = LegalFactsSerializer()


class LegalBlockSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["heading", "paragraph", "list"])
    text = Text(required=False, help_text="A heading's or a paragraph's text")
    items = words("A list's items", required=False)


class LegalPageSerializer(LegalPageSummarySerializer):
    body = Text(help_text="The text with its facts filled in: plain lines (blocks is the same, drawn)")
    blocks = LegalBlockSerializer(many=True)
    facts = LegalFactsSerializer()
