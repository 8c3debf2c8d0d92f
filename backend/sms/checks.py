from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from sms import messages
from sms.constants import SmsKind
from sms.providers.base import configured_sender
from sms.providers.console import ConsoleSmsSender
from sms.providers.msg91 import Msg91SmsSender


@register()
def sms_settings(app_configs, **kwargs):
    try:
        sender = configured_sender()
    except (ImportError, TypeError) as exc:  # a wrong class would fail every message, not just the first
        return [Error(f"SMS_SENDER cannot be used: {exc}", hint="A dotted path to an SmsSender class.", id="sms.E001")]
    found = []
    if isinstance(sender, Msg91SmsSender):
        if not settings.MSG91_AUTH_KEY:
            found.append(Warning("MSG91 sends SMS but MSG91_AUTH_KEY is not set: it refuses them all.", id="sms.W001"))
        missing = [messages.template_setting(kind) for kind in SmsKind if not messages.template_id(kind)]
        if missing:
            found.append(
                Warning(
                    f"No MSG91 template id for {', '.join(missing)}: those messages are not sent (logged).",
                    hint="Register each template on DLT, map it in MSG91's panel, and set its id.",
                    id="sms.W002",
                )
            )
    return found


@register(Tags.security, deploy=True)
def sms_reach_shoppers(app_configs, **kwargs):
    try:
        console = isinstance(configured_sender(), ConsoleSmsSender)
    except (ImportError, TypeError):
        return []  # sms.E001 says so
    if console and not settings.DEBUG:
        return [
            Warning(
                "SMS go to the console while DEBUG is off: no shopper receives a sign-in code or order update by SMS.",
                hint="Set MSG91_AUTH_KEY (and the SMS_TEMPLATE_* ids), or SMS_SENDER= (empty) to send no SMS.",
                id="sms.W003",
            )
        ]
    return []
