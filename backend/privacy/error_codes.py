"""What the personal-data endpoints refuse with: consents, downloads, account deletion."""

from core.errors import ErrorCode


class PrivacyErrorCode(ErrorCode):
    CONSENT_TEXT_CHANGED = "consent_text_changed", 409  # the wording changed since it was shown: show it again
    STAFF_ACCOUNT = "staff_account", 403  # staff and admin accounts are closed by an administrator, not deleted here
    ORDERS_IN_PROGRESS = "orders_in_progress", 409  # an order on its way or a return open: deletion waits for them
    ERASURE_NOT_CONFIRMED = "erasure_not_confirmed", 400  # no, or a wrong, password or code to confirm a deletion
