"""The catalog's and auth's admin pages, with audit rows for price, stock and role changes.

catalog knows nothing of the audit log: its ModelAdmins are re-registered here with AuditedAdminMixin
(admin autodiscovery imports catalog.admin before this module)."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.db.models import Model

from audit.admin import AuditedAdminMixin
from catalog.admin import ProductAdmin, ProductVariantAdmin
from catalog.models import Product, ProductVariant


def _reregister(model: type[Model], admin_class: type[admin.ModelAdmin]) -> None:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    audited = type(f"Audited{admin_class.__name__}", (AuditedAdminMixin, admin_class), {"__module__": __name__})
    admin.site.register(model, audited)


_reregister(ProductVariant, ProductVariantAdmin)  # price, MRP, stock edited on the variant page
_reregister(Product, ProductAdmin)  # ... and in the product page's variant inline
_reregister(Group, GroupAdmin)  # a role's permissions
