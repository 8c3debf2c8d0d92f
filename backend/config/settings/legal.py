"""The pages the law asks for, complaints to the grievance officer and personal data (legal, support and privacy
apps). README config rows "GRIEVANCE_OFFICER_NAME"
to "DATA_REQUEST_ACK_MAX_ATTEMPTS".

Only what no other concern already knows lives here: the seller is tax's (SELLER_*), the return window returns'
(RETURN_WINDOW_DAYS), shipping and cash on delivery their own; the legal pages read those through their apps."""

from config.env import env_int, env_str
from legal.defaults import DEMO_GRIEVANCE_OFFICER as _DEMO

# The grievance officer the Consumer Protection (E-Commerce) Rules, 2020 (rule 4(4)) require a seller to name with
# their contact details. Unset: a made-up officer for the demo (`check --deploy` warns: legal.W001).
GRIEVANCE_OFFICER_NAME = env_str("GRIEVANCE_OFFICER_NAME", _DEMO["GRIEVANCE_OFFICER_NAME"])
GRIEVANCE_OFFICER_DESIGNATION = env_str("GRIEVANCE_OFFICER_DESIGNATION", _DEMO["GRIEVANCE_OFFICER_DESIGNATION"])
GRIEVANCE_OFFICER_EMAIL = env_str("GRIEVANCE_OFFICER_EMAIL", _DEMO["GRIEVANCE_OFFICER_EMAIL"])
GRIEVANCE_OFFICER_PHONE = env_str("GRIEVANCE_OFFICER_PHONE", _DEMO["GRIEVANCE_OFFICER_PHONE"])
# Working days a bank or card network takes to credit a refund once the gateway has it (the refunds page says so).
REFUND_CREDIT_DAYS = env_int("REFUND_CREDIT_DAYS", 7)
# The courts the terms of use name for disputes.
LEGAL_JURISDICTION = env_str("LEGAL_JURISDICTION", "Bengaluru, Karnataka")
# Deleting an account: the one-time code mailed to confirm it is valid this long.
ERASURE_CODE_MINUTES = env_int("ERASURE_CODE_MINUTES", 15)
# Acknowledgement emails of data requests (download, deletion): tries before the catch-up gives up.
DATA_REQUEST_ACK_MAX_ATTEMPTS = env_int("DATA_REQUEST_ACK_MAX_ATTEMPTS", 5)

# Contributions gathered in config/settings/__init__.py (lowercase: not settings themselves).
# Email or SMS: a consent's channel and an account's sign-in code channel are the one choice set.
enum_name_overrides = {
    "MessageChannelEnum": "privacy.models.Channel",
    "ComplaintCategoryEnum": "support.models.Category",
}
beat_schedule = {
    # Acknowledgements of data requests whose task was lost with the broker, or whose mail failed.
    "privacy-acknowledge-missed": {"task": "privacy.tasks.acknowledge_missed", "schedule": 10 * 60},
    # Complaint emails (to the grievance officer, to the shopper) that did not go out.
    "support-send-missed": {"task": "support.tasks.send_missed_complaint_emails", "schedule": 10 * 60},
}
