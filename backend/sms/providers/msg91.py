"""MSG91's Flow API (docs: control.msg91.com/apidoc/textsms/send-sms-flow.php, /work/shared/PROVIDERS.md):

    POST <MSG91_API_BASE>/api/v5/flow/
    authkey: <MSG91_AUTH_KEY>            Content-Type: application/json
    {"template_id": "...", "short_url": "0" | "1", "sender": "<DLT header, optional>",
     "recipients": [{"mobiles": "91XXXXXXXXXX", "<variable>": "<value>", ...}]}
    → {"type": "success", "message": "<request id>"}  or  {"type": "error", "message": "<why>"}

Mobile numbers go in international form without "+" (91, then the 10 digits). Each template variable is a key
of the recipient, named exactly as in the template (##name##). The HTTP status of an error answer is not
documented: any 4xx, or an answer with "type": "error", is a refusal (not retried); a timeout, a connection
failure, a 5xx or 429, or an answer that is not MSG91's JSON is the provider unavailable (retried).

Every call goes through the `sms` circuit breaker (core.breakers): after BREAKER_FAIL_MAX failures in a row
MSG91 is not called for BREAKER_RESET_SECONDS and each message waits for its next attempt instead.
"""

from collections.abc import Mapping
from typing import Any

import requests
from django.conf import settings

from core.breakers import CircuitOpen, guarded
from sms.errors import SmsRejected, SmsUnavailable
from sms.providers.base import OutgoingSms, SmsSender

FLOW_PATH = "/api/v5/flow/"
COUNTRY_CODE = "91"


def _circuit_open(exc: CircuitOpen) -> SmsUnavailable:
    return SmsUnavailable(f"MSG91 is not called for now: {exc}")


class Msg91Client:
    def __init__(
        self,
        *,
        auth_key: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.auth_key: str = auth_key if auth_key is not None else settings.MSG91_AUTH_KEY
        self.base_url: str = (base_url or settings.MSG91_API_BASE).rstrip("/")
        self.timeout: float = timeout if timeout is not None else settings.MSG91_TIMEOUT_SECONDS
        self.session = session or requests.Session()

    @guarded("sms", failure=lambda exc: isinstance(exc, SmsUnavailable), unavailable=_circuit_open)
    def send_flow(
        self,
        template_id: str,
        mobile: str,
        variables: Mapping[str, str],
        *,
        sender: str = "",
        short_url: bool = False,
    ) -> str:
        """Send one templated message to one mobile (10 digits); MSG91's request id."""
        body: dict[str, Any] = {
            "template_id": template_id,
            "short_url": "1" if short_url else "0",
            "recipients": [{**variables, "mobiles": COUNTRY_CODE + mobile}],
        }
        if sender:
            body["sender"] = sender
        headers = {"authkey": self.auth_key, "Accept": "application/json", "Content-Type": "application/json"}
        try:
            response = self.session.post(
                f"{self.base_url}{FLOW_PATH}", json=body, headers=headers, timeout=self.timeout
            )
        except requests.Timeout:
            raise SmsUnavailable(f"MSG91 did not answer within {self.timeout} s.") from None
        except requests.RequestException as exc:
            raise SmsUnavailable(f"MSG91 could not be reached ({type(exc).__name__}).") from None
        return self._request_id(response)

    @staticmethod
    def _request_id(response: requests.Response) -> str:
        status = response.status_code
        try:
            answer = response.json()
        except ValueError:
            answer = None
        message = str(answer.get("message") or "")[:250] if isinstance(answer, dict) else response.text[:250]
        if status >= 500 or status == 429:
            raise SmsUnavailable(f"MSG91 answered {status}: {message}", status_code=status)
        if status >= 400:
            raise SmsRejected(f"MSG91 refused the message ({status}): {message}", status_code=status)
        if not isinstance(answer, dict) or answer.get("type") not in ("success", "error"):
            raise SmsUnavailable(f"MSG91's answer ({status}) is not its JSON: {message}", status_code=status)
        if answer["type"] == "error":
            raise SmsRejected(f"MSG91 refused the message: {message}", status_code=status)
        return message


class Msg91SmsSender(SmsSender):
    name = "msg91"

    def __init__(self, client: Msg91Client | None = None) -> None:
        self.client = client or Msg91Client()

    def send(self, sms: OutgoingSms) -> str:
        if not sms.template_id:
            raise SmsRejected(f"No MSG91 template id is set for {sms.kind} messages (SMS_TEMPLATE_*).")
        return self.client.send_flow(
            sms.template_id,
            sms.phone,
            sms.variables,
            sender=settings.MSG91_SENDER_ID,
            short_url=settings.MSG91_SHORT_URL,
        )
