"""A local HTTP server that speaks the part of MSG91's documented Flow API the store uses, so the MSG91 sender is
tested over real HTTP (MSG91's docs: control.msg91.com/apidoc/textsms/send-sms-flow.php; /work/shared/PROVIDERS.md).

POST /api/v5/flow/   headers: authkey, Content-Type: application/json
                     {"template_id": "<id>", "short_url": "0" | "1", "sender": "<DLT header>" (optional),
                      "recipients": [{"mobiles": "91XXXXXXXXXX", "<variable>": "<value>", ...}]}
                     → {"type": "success", "message": "<request id, 24 hex characters>"}
                       or {"type": "error", "message": "<why>"}

Templates are registered as in MSG91's panel: their text with ##name## where a variable goes; a recipient must
carry exactly the template's variables, and the stand-in keeps the text each recipient would read. What the docs
leave open is chosen here and kept to: an unknown or missing authkey is answered 401, any other refusal with
`error_status` (400, or 200 as some MSG91 answers are), both with {"type": "error", ...}.

Trouble on demand: `failures` lists what the next requests get instead of an answer, one item each: an HTTP status
(500, 503, 429 ...) with MSG91's error shape, or "timeout" (the answer hangs for `hang_seconds`, then 504).
"""

import re
import secrets
import threading
import time
from functools import partial

from core.testing import LocalStandIn

FLOW_PATHS = ("/api/v5/flow", "/api/v5/flow/")
MOBILE = re.compile(r"91[6-9]\d{9}")
VARIABLE = re.compile(r"##(\w+)##")


def _fill(values: dict, match: re.Match) -> str:
    return str(values[match.group(1)])


class Msg91StandIn(LocalStandIn):
    def __init__(self, auth_key: str, *, error_status: int = 400):
        self.auth_key = auth_key
        self.error_status = error_status
        self.templates: dict[str, str] = {}  # template id → its text, ##name## for each variable
        self.requests: list[dict] = []  # every request: {"path", "headers", "body", "at" (time.monotonic())}
        self.sent: list[dict] = []  # every recipient accepted: {"request_id", "template_id", "mobiles", ...}
        self.failures: list[int | str] = []
        self.hang_seconds = 2.0
        self._lock = threading.Lock()
        super().__init__()

    def register(self, template_id: str, text: str) -> None:
        self.templates[template_id] = text

    def _error(self, message: str, status: int | None = None):
        return status or self.error_status, {"type": "error", "message": message}

    def respond(self, request):
        try:
            body = request.json()
        except ValueError:
            body = None
        with self._lock:
            self.requests.append(
                {"path": request.path, "headers": dict(request.headers), "body": body, "at": time.monotonic()}
            )
            failure = self.failures.pop(0) if self.failures else None
        if failure == "timeout":
            time.sleep(self.hang_seconds)
            return 504, {"type": "error", "message": "Gateway Timeout"}
        if failure is not None:
            return failure, {"type": "error", "message": "Something went wrong, please try again."}
        if request.method != "POST" or request.path not in FLOW_PATHS:
            return self._error("Not found", 404)
        if not request.header("authkey") or request.header("authkey") != self.auth_key:
            return self._error("Authentication failure", 401)
        if not request.header("Content-Type").startswith("application/json") or not isinstance(body, dict):
            return self._error("Invalid JSON body")
        return self.flow(body)

    def flow(self, body: dict):
        template_id = body.get("template_id")
        if template_id not in self.templates:
            return self._error("Invalid template_id")
        if body.get("short_url", "0") not in ("0", "1"):
            return self._error("short_url must be 0 or 1")
        recipients = body.get("recipients")
        if not isinstance(recipients, list) or not recipients:
            return self._error("recipients is required")
        text = self.templates[template_id]
        needed = set(VARIABLE.findall(text))
        accepted = []
        for recipient in recipients:
            if not isinstance(recipient, dict) or not MOBILE.fullmatch(str(recipient.get("mobiles", ""))):
                return self._error("Invalid mobile number: international form, 91 then 10 digits")
            given = {k: v for k, v in recipient.items() if k != "mobiles"}
            if set(given) != needed:
                return self._error(f"Variables {sorted(given)} do not match the template's {sorted(needed)}")
            if not all(isinstance(v, str) and v for v in given.values()):
                return self._error("Every variable needs a value")
            rendered = VARIABLE.sub(partial(_fill, given), text)
            accepted.append({"mobiles": recipient["mobiles"], "variables": given, "text": rendered})
        request_id = secrets.token_hex(12)
        with self._lock:
            for item in accepted:
                self.sent.append(
                    {
                        "request_id": request_id,
                        "template_id": template_id,
                        "sender": body.get("sender", ""),
                        "short_url": body.get("short_url", "0"),
                        **item,
                    }
                )
        return 200, {"type": "success", "message": request_id}
