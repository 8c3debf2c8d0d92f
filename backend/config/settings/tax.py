"""GST invoicing: the seller's identity printed on every tax invoice and the document number prefixes
(tax app; its system checks refuse a wrong GSTIN, state code or prefix). README config rows "INVOICING_ENABLED"
to "CREDIT_NOTE_PREFIX"."""

from config.env import env_bool, env_str
from tax.seller import DEMO_SELLER_GSTIN

INVOICING_ENABLED = env_bool("INVOICING_ENABLED", True)
SELLER_LEGAL_NAME = env_str("SELLER_LEGAL_NAME", "PhoneStore Retail Private Limited")
SELLER_TRADE_NAME = env_str("SELLER_TRADE_NAME", "PhoneStore")
# Unset: a made-up, checksum-valid Karnataka GSTIN for the demo (`check --deploy` warns: tax.W001).
# The seller's PAN is characters 3 to 12 of it (tax.seller.Seller.pan), never a setting of its own.
SELLER_GSTIN = env_str("SELLER_GSTIN", DEMO_SELLER_GSTIN)
SELLER_ADDRESS = env_str("SELLER_ADDRESS", "No. 42, 2nd Floor, Residency Road, Bengaluru, Karnataka 560025")
SELLER_STATE_CODE = env_str("SELLER_STATE_CODE", "29")
SELLER_EMAIL = env_str("SELLER_EMAIL", "support@phonestore.local")
SELLER_PHONE = env_str("SELLER_PHONE")
INVOICE_PREFIX = env_str("INVOICE_PREFIX", "PS")
CREDIT_NOTE_PREFIX = env_str("CREDIT_NOTE_PREFIX", "CN")

# Contributions gathered in config/settings/__init__.py (lowercase: not settings themselves).
beat_schedule = {
    # Invoices whose task was lost with the broker, or that waited for IMEIs (docs/operations.md).
    "invoicing-issue-missed": {"task": "invoicing.tasks.issue_missed_invoices", "schedule": 10 * 60},
}
