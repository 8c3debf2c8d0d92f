"""System checks: an SMS_SENDER that cannot send is refused at start-up; MSG91 without its key or a template
warned about."""

from sms.checks import sms_settings


def ids(settings):
    return [message.id for message in sms_settings(None)]


def test_the_console_and_no_sms_at_all_pass(settings):
    assert ids(settings) == []
    settings.SMS_SENDER = ""
    assert ids(settings) == []


def test_a_sender_that_is_not_one_is_refused(settings):
    settings.SMS_SENDER = "accounts.models.User"
    assert ids(settings) == ["sms.E001"]
    settings.SMS_SENDER = "sms.providers.nowhere.Sender"
    assert ids(settings) == ["sms.E001"]


def test_msg91_without_its_key_or_a_template_is_warned_about(msg91, settings):
    assert ids(settings) == []
    settings.MSG91_AUTH_KEY = ""
    settings.SMS_TEMPLATE_REFUNDED = ""
    [key, templates] = sms_settings(None)
    assert key.id == "sms.W001" and templates.id == "sms.W002" and "SMS_TEMPLATE_REFUNDED" in templates.msg
