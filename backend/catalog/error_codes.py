"""What the catalog refuses with, and the refusal of a phone variant that is no longer sold, which the cart
and checkout share (both depend on the catalog)."""

from core.errors import ErrorCode


class CatalogErrorCode(ErrorCode):
    ALREADY_REVIEWED = "already_reviewed", 409  # one review per shopper per phone
    VARIANT_UNAVAILABLE = "variant_unavailable", 409  # the variant or its phone is no longer sold
