"""Roles are Django groups with a fixed set of permissions, defined here and nowhere else.

- customer: a shopper. No model permissions: shoppers reach only their own data, through views that
  filter by owner.
- staff: runs the shop. Reads the catalog and changes variants (price, MRP, stock); reads orders and moves
  them through their states, recording the IMEIs of the units sold (orders.change_order); creates
  shipments; reads tax invoices and credit notes; reads and closes complaints to the grievance officer. No
  users, roles, audit log or GST returns.
- admin: everything, including users, roles and the audit log.

Migration staff.0001 creates them; `manage.py sync_roles` repairs them (and picks up the permissions of
apps added later). Permissions of apps that are not installed yet are skipped.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS

# The role names and who holds which are the accounts app's (the account's own answer says the role).
from accounts.roles import ADMIN, CUSTOMER, STAFF

ALL_PERMISSIONS = "__all__"

ROLES: dict[str, list[str] | str] = {
    CUSTOMER: [],
    STAFF: [
        "catalog.view_brand",
        "catalog.view_category",
        "catalog.view_product",
        "catalog.view_productimage",
        "catalog.view_productvariant",
        "catalog.change_productvariant",
        "catalog.view_review",
        "orders.view_order",
        "orders.change_order",
        "orders.view_orderitem",
        "orders.view_ordertransition",
        "orders.view_orderunit",
        "orders.view_imei",
        "payments.view_payment",
        "payments.change_payment",
        "payments.view_codstanding",
        "payments.change_codstanding",
        "payments.view_codremittance",
        "payments.view_codremittanceline",
        "payments.add_codremittance",
        "payments.view_codconfirmation",
        "shipping.view_shipment",
        "shipping.add_shipment",
        "shipping.change_shipment",
        "coupons.view_coupon",
        "invoicing.view_taxdocument",
        "invoicing.view_taxdocumentline",
        "returns.view_returnrequest",
        "returns.view_returnunit",
        "returns.view_returntransition",
        "support.view_complaint",
        "support.change_complaint",
        "shipping.view_manifest",
        "shipping.add_manifest",
    ],
    ADMIN: ALL_PERMISSIONS,
}

# What the staff API asks for.
CHANGE_VARIANT = "catalog.change_productvariant"
VIEW_VARIANT = "catalog.view_productvariant"
VIEW_ORDER = "orders.view_order"
CHANGE_ORDER = "orders.change_order"
REFUND_ORDER = "payments.change_payment"
ADD_SHIPMENT = "shipping.add_shipment"
VIEW_AUDIT = "audit.view_auditlog"
EXPORT_GST_RETURNS = "invoicing.export_gst_returns"  # GSTR-1: the admin role's, not the staff role's
MANAGE_ROLES = "accounts.change_user"
VIEW_COD_STANDING = "payments.view_codstanding"
LIFT_COD_BLOCK = "payments.change_codstanding"  # offer cash on delivery again to a shopper blocked after RTOs
VIEW_COD_REMITTANCE = "payments.view_codremittance"  # what the carrier owes, what it remitted
RECORD_COD_REMITTANCE = "payments.add_codremittance"
VIEW_COUPON = "coupons.view_coupon"  # staff and admin read coupons
CHANGE_COUPON = "coupons.change_coupon"  # creating and changing them (discounts are money): the admin role's
VIEW_SHIPMENT = "shipping.view_shipment"  # a parcel's label
VIEW_MANIFEST = "shipping.view_manifest"
ADD_MANIFEST = "shipping.add_manifest"  # the day's pickup manifest, made with the carrier
# The console's Today (staff.reports.dashboard): orders, returns and stock figures, for staff and admin.
VIEW_DASHBOARD = [VIEW_ORDER, VIEW_VARIANT]


def _ensure_permissions(apps: Apps, using: str) -> None:
    """Create every model's default permissions now (Django otherwise does it after all migrations)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        if apps is global_apps:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
        else:  # historical app registry of a migration: create_permissions only asks whether this is set
            app_config.models_module = True  # type: ignore[assignment]
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
            app_config.models_module = None


def sync_roles(apps: Apps = global_apps, using: str = DEFAULT_DB_ALIAS) -> list[dict[str, Any]]:
    """Make the three groups hold exactly their permissions. Returns what changed, one dict per role
    that changed: {"role", "added", "removed", "created", "missing"}."""
    _ensure_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    every = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.using(using).select_related("content_type")
    }
    changes: list[dict[str, Any]] = []
    for role, wanted in ROLES.items():
        names = set(every) if wanted == ALL_PERMISSIONS else set(wanted)
        present = {name for name in names if name in every}
        group, created = Group.objects.using(using).get_or_create(name=role)
        current = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        added, removed = sorted(present - current), sorted(current - present)
        if added:
            group.permissions.add(*(every[n] for n in added))
        if removed:
            group.permissions.remove(*(every[n] for n in removed))
        if created or added or removed:
            changes.append(
                {
                    "role": role,
                    "group_id": group.pk,
                    "created": created,
                    "added": added,
                    "removed": removed,
                    "missing": sorted(names - present),
                }
            )
    return changes
