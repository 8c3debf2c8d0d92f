"""Who may read which tax document: a shopper their own orders', staff with the view permission any order's.

One answer (None) for an order that is not yours, one that does not exist and one without the document, so a
caller cannot tell the three apart (order ids cannot be probed)."""

from typing import TYPE_CHECKING

from invoicing.models import DocumentKind, TaxDocument

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

# Given to the staff and admin roles (staff/roles.py); also what the admin's read-only list asks for.
VIEW_ANY = "invoicing.view_taxdocument"


def sees_every_order(user: "User | AnonymousUser") -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.has_perm(VIEW_ANY))


def document_for(
    user: "User | AnonymousUser", order_id: int, kind: str, document_id: int | None = None
) -> TaxDocument | None:
    """The order's invoice (kind invoice) or one of its credit notes (kind credit_note, `document_id`), if
    `user` may read it."""
    documents = TaxDocument.objects.filter(order_id=order_id, kind=kind)
    if not sees_every_order(user):
        if user.pk is None:
            return None
        documents = documents.filter(order__user_id=user.pk)
    if document_id is not None:
        documents = documents.filter(pk=document_id)
    elif kind == DocumentKind.CREDIT_NOTE:
        return None
    return documents.select_related("order").first()
