"""Text messages (the sms app): which sender, MSG91's account and templates, and how a message is retried.
README "SMS" config rows; docs/operations.md "Text messages (SMS)".

Commercial SMS in India go out only through a sender id and templates registered on the DLT platform (TRAI):
every kind of message has its own template, registered on DLT and mapped in MSG91's panel, whose MSG91 template
id is one setting below (sms/messages.py holds each template's text and variables)."""

from config.env import env_bool, env_int, env_str
from config.settings.base import DEBUG

# MSG91's Flow API (POST <MSG91_API_BASE>/api/v5/flow/, header `authkey`).
MSG91_AUTH_KEY = env_str("MSG91_AUTH_KEY")
MSG91_SENDER_ID = env_str("MSG91_SENDER_ID")  # the DLT header; empty: the one set on each MSG91 template
MSG91_API_BASE = env_str("MSG91_API_BASE", "https://control.msg91.com").rstrip("/")
MSG91_TIMEOUT_SECONDS = env_int("MSG91_TIMEOUT_SECONDS", 5)
MSG91_SHORT_URL = env_bool("MSG91_SHORT_URL", False)  # MSG91 shortens the links in a message

# Who sends: MSG91 once its auth key is set, else the console (the message is logged: `make run`, tests).
# Empty: no SMS at all (the cash-on-delivery code then goes by email).
SMS_SENDER = env_str(
    "SMS_SENDER",
    "sms.providers.msg91.Msg91SmsSender" if MSG91_AUTH_KEY else "sms.providers.console.ConsoleSmsSender",
)
# The console sender logs the number and the whole text (a sign-in code) only when this is on (development, the
# tests that sign in with the logged code); off, only a masked number and the length reach the log.
SMS_CONSOLE_SHOW_TEXT = env_bool("SMS_CONSOLE_SHOW_TEXT", DEBUG)

# One template id per kind of message (sms.constants.SmsKind).
SMS_TEMPLATE_SIGN_IN_CODE = env_str("SMS_TEMPLATE_SIGN_IN_CODE")
SMS_TEMPLATE_COD_CODE = env_str("SMS_TEMPLATE_COD_CODE")
SMS_TEMPLATE_ORDER_PLACED = env_str("SMS_TEMPLATE_ORDER_PLACED")
SMS_TEMPLATE_SHIPPED = env_str("SMS_TEMPLATE_SHIPPED")
SMS_TEMPLATE_OUT_FOR_DELIVERY = env_str("SMS_TEMPLATE_OUT_FOR_DELIVERY")
SMS_TEMPLATE_DELIVERED = env_str("SMS_TEMPLATE_DELIVERED")
SMS_TEMPLATE_CANCELLED = env_str("SMS_TEMPLATE_CANCELLED")
SMS_TEMPLATE_REFUNDED = env_str("SMS_TEMPLATE_REFUNDED")
SMS_TEMPLATE_ALERT = env_str("SMS_TEMPLATE_ALERT")  # a price or stock alert the shopper asked for (wishlist)
# An account without email (signed up by mobile): the code that confirms its deletion, and the acknowledgement of
# a personal data request (privacy).
SMS_TEMPLATE_ERASURE_CODE = env_str("SMS_TEMPLATE_ERASURE_CODE")
SMS_TEMPLATE_DATA_REQUEST = env_str("SMS_TEMPLATE_DATA_REQUEST")

# A message the provider could not take (timeout, 5xx, breaker open) is tried again after
# SMS_RETRY_BACKOFF_SECONDS, doubling each time up to SMS_RETRY_BACKOFF_MAX_SECONDS, and given up (logged)
# after SMS_MAX_ATTEMPTS attempts. A refusal (4xx: a bad number or template) is never retried.
SMS_MAX_ATTEMPTS = env_int("SMS_MAX_ATTEMPTS", 5)
SMS_RETRY_BACKOFF_SECONDS = env_int("SMS_RETRY_BACKOFF_SECONDS", 30)
SMS_RETRY_BACKOFF_MAX_SECONDS = env_int("SMS_RETRY_BACKOFF_MAX_SECONDS", 900)

# Contributions gathered in config/settings/__init__.py (lowercase: not settings themselves).
beat_schedule = {
    # Messages whose retry is due and whose task is not coming (sent in-process, or lost with the broker).
    "sms-send-due": {"task": "sms.tasks.send_due_messages", "schedule": 60},
}
