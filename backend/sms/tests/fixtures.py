"""The MSG91 stand-in, with every template registered and the store configured to send through it: registered for
every app's tests by backend/conftest.py (accounts, payments and notifications send SMS too)."""

import pytest

from sms import messages
from sms.constants import SmsKind
from sms.tests.msg91_standin import Msg91StandIn

AUTH_KEY = "412345AbCdEfGh6789ijKL01"
SENDER_ID = "PHNSTR"


def template_id_for(kind: str) -> str:
    """A made-up MSG91 template id per kind (MSG91's are 24 hexadecimal characters)."""
    return f"6650a1b2c3d4e5f6{list(SmsKind).index(SmsKind(kind)):08x}"


def registered_text(kind: str) -> str:
    """The kind's text as registered in MSG91's panel: ##name## for each variable."""
    return messages.TEXTS[kind].replace("{", "##").replace("}", "##")


@pytest.fixture
def msg91(settings, monkeypatch):
    """The store sends SMS through MSG91's Flow API, at a local stand-in that knows every template."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    server = Msg91StandIn(AUTH_KEY).start()
    for kind in SmsKind:
        server.register(template_id_for(kind), registered_text(kind))
        setattr(settings, messages.template_setting(kind), template_id_for(kind))
    settings.SMS_SENDER = "sms.providers.msg91.Msg91SmsSender"
    settings.MSG91_AUTH_KEY = AUTH_KEY
    settings.MSG91_SENDER_ID = SENDER_ID
    settings.MSG91_API_BASE = server.url
    settings.MSG91_TIMEOUT_SECONDS = 1
    settings.MSG91_SHORT_URL = False
    settings.SMS_MAX_ATTEMPTS = 4
    settings.SMS_RETRY_BACKOFF_SECONDS = 30
    settings.SMS_RETRY_BACKOFF_MAX_SECONDS = 900
    yield server
    server.stop()
