"""The MSG91 sender over real HTTP, against a stand-in speaking MSG91's documented Flow API: the request it makes
(auth key header, template id, mobile with the country code, variables) and what each answer means."""

import logging

import pytest
import requests

from core import breakers
from sms import messages
from sms.errors import SmsRejected, SmsUnavailable
from sms.providers.base import OutgoingSms, configured_sender
from sms.providers.console import ConsoleSmsSender
from sms.providers.msg91 import Msg91Client, Msg91SmsSender
from sms.tests.fixtures import AUTH_KEY, template_id_for

SHIPPED = {"order": "PS-2026-000042", "link": "https://track.example.in/awb/1234567890"}


def outgoing(kind="shipped", variables=None, phone="9876543210", template_id=None):
    variables = SHIPPED if variables is None else variables
    return OutgoingSms(
        phone=phone,
        kind=kind,
        template_id=template_id_for(kind) if template_id is None else template_id,
        variables=variables,
        text=messages.render(kind, variables),
    )


def test_the_request_is_msg91s_flow_call(msg91):
    request_id = Msg91SmsSender().send(outgoing())

    [request] = msg91.requests
    assert request["path"] == "/api/v5/flow/"
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["authkey"] == AUTH_KEY and headers["content-type"] == "application/json"
    assert request["body"] == {
        "template_id": template_id_for("shipped"),
        "short_url": "0",
        "sender": "PHNSTR",
        "recipients": [{"mobiles": "919876543210", **SHIPPED}],
    }
    [sent] = msg91.sent
    assert sent["request_id"] == request_id and len(request_id) == 24
    assert sent["text"] == messages.render("shipped", SHIPPED)  # MSG91 fills its template as the console does


def test_without_a_sender_id_msg91_uses_the_templates_and_short_urls_follow_the_setting(msg91, settings):
    settings.MSG91_SENDER_ID = ""
    settings.MSG91_SHORT_URL = True
    Msg91SmsSender().send(outgoing())
    body = msg91.requests[0]["body"]
    assert "sender" not in body and body["short_url"] == "1"


def test_the_sender_is_chosen_by_the_settings(settings):
    assert isinstance(configured_sender(), ConsoleSmsSender)  # the tests' default (no MSG91_AUTH_KEY)
    settings.SMS_SENDER = "sms.providers.msg91.Msg91SmsSender"
    assert isinstance(configured_sender(), Msg91SmsSender)
    settings.SMS_SENDER = ""
    assert configured_sender() is None
    settings.SMS_SENDER = "accounts.models.User"
    with pytest.raises(TypeError):
        configured_sender()


@pytest.mark.parametrize(
    "change,why",
    [
        ({"auth_key": "wrong-key"}, r"\(401\): Authentication failure"),
        ({"template_id": "0000000000000000deadbeef"}, "Invalid template_id"),
    ],
)
def test_a_refusal_is_not_retryable(msg91, change, why):
    sender = Msg91SmsSender(Msg91Client(auth_key=change.get("auth_key", AUTH_KEY)))
    with pytest.raises(SmsRejected, match=why) as refused:
        sender.send(outgoing(template_id=change.get("template_id")))
    assert not refused.value.retryable and not msg91.sent


def test_an_error_answer_with_a_200_is_a_refusal_too(msg91):
    msg91.error_status = 200
    with pytest.raises(SmsRejected, match="Invalid template_id"):
        Msg91SmsSender().send(outgoing(template_id="0000000000000000deadbeef"))


def test_variables_that_are_not_the_templates_are_refused_by_msg91(msg91):
    # The stand-in holds MSG91 to its registered template: a missing variable is not sent with a hole in it.
    with pytest.raises(SmsRejected, match="do not match"):
        Msg91Client().send_flow(template_id_for("shipped"), "9876543210", {"order": "PS-1"})


def test_no_template_id_is_refused_before_calling_msg91(msg91):
    with pytest.raises(SmsRejected, match="No MSG91 template id"):
        Msg91SmsSender().send(outgoing(template_id=""))
    assert not msg91.requests


@pytest.mark.parametrize("failure", [500, 503, 429])
def test_5xx_and_429_are_retryable(msg91, failure):
    msg91.failures = [failure]
    with pytest.raises(SmsUnavailable) as unavailable:
        Msg91SmsSender().send(outgoing())
    assert unavailable.value.retryable and unavailable.value.status_code == failure


def test_a_timeout_is_retryable(msg91, settings):
    settings.MSG91_TIMEOUT_SECONDS = 0.3
    msg91.failures, msg91.hang_seconds = ["timeout"], 1
    with pytest.raises(SmsUnavailable, match=r"did not answer within 0\.3 s"):
        Msg91SmsSender().send(outgoing())


def test_an_unreachable_msg91_is_retryable(settings):
    settings.MSG91_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    with pytest.raises(SmsUnavailable, match="could not be reached"):
        Msg91SmsSender().send(outgoing())


def test_an_answer_that_is_not_msg91s_is_retryable(msg91):
    session = requests.Session()
    session.post = lambda *args, **kwargs: _response(200, b"<html>captive portal</html>")
    with pytest.raises(SmsUnavailable, match="not its JSON"):
        Msg91Client(session=session).send_flow(template_id_for("shipped"), "9876543210", SHIPPED)


def _response(status, content):
    response = requests.Response()
    response.status_code, response._content = status, content
    return response


def test_the_breaker_stops_calling_a_failing_msg91(msg91, settings, caplog):
    settings.BREAKER_OVERRIDES = {"sms": {"fail_max": 2, "reset_seconds": 60}}
    msg91.failures = [503, 503, 503]
    for _ in range(2):
        with pytest.raises(SmsUnavailable, match="answered 503"):
            Msg91SmsSender().send(outgoing())
    with caplog.at_level(logging.INFO), pytest.raises(SmsUnavailable, match="not called for now"):
        Msg91SmsSender().send(outgoing())
    assert len(msg91.requests) == 2 and breakers.breaker("sms").current_state == "open"


def test_a_refusal_does_not_open_the_breaker(msg91, settings):
    settings.BREAKER_OVERRIDES = {"sms": {"fail_max": 1, "reset_seconds": 60}}
    with pytest.raises(SmsRejected):
        Msg91SmsSender().send(outgoing(template_id="0000000000000000deadbeef"))
    assert breakers.breaker("sms").current_state == "closed"
    Msg91SmsSender().send(outgoing())
    assert len(msg91.sent) == 1


def test_the_console_logs_the_message_as_the_e2e_tests_read_it(caplog, settings):
    settings.SMS_CONSOLE_SHOW_TEXT = True  # development and the end-to-end stack (DEBUG)
    with caplog.at_level(logging.WARNING, logger="sms.providers.console"):
        assert ConsoleSmsSender().send(outgoing()) == ""
    assert [r.getMessage() for r in caplog.records] == [f"SMS to +919876543210: {messages.render('shipped', SHIPPED)}"]


def test_the_console_keeps_the_number_and_the_text_out_of_a_production_log(caplog, settings):
    settings.SMS_CONSOLE_SHOW_TEXT = False  # its default with DEBUG off
    with caplog.at_level(logging.WARNING, logger="sms.providers.console"):
        ConsoleSmsSender().send(outgoing())
    [line] = [r.getMessage() for r in caplog.records]
    assert "9876543210" not in line and "shipped" not in line.lower() and "******3210" in line
