"""A local stand-in for Razorpay's REST API for the end-to-end run, reusing the backend's test double
(backend/payments/tests/fake_razorpay.py: POST /v1/orders, GET /v1/orders/{id}, GET /v1/payments/{id},
refunds; Basic auth with the key id and secret; Razorpay's error shape).

One addition plays the part of the customer paying inside Razorpay's modal:
  POST /v1/standin/orders/{order_id}/pay  {"status": "captured" | "failed"}  -> {"razorpay_payment_id", ...}
The browser never calls it: the Playwright test does, from its checkout.js stand-in, and signs the
result itself with the test key secret.

Usage: python e2e/razorpay_standin.py URL_FILE   (key id/secret from RAZORPAY_KEY_ID / RAZORPAY_KEY_SECRET)
Writes the server's base URL to URL_FILE once it listens, then serves until killed.
"""
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backend"))

from payments.tests.fake_razorpay import FakeRazorpay  # noqa: E402


def main() -> None:
    fake = FakeRazorpay(os.environ["RAZORPAY_KEY_ID"], os.environ["RAZORPAY_KEY_SECRET"])
    route = fake.route

    def standin_route(method, path, body):
        parts = path.strip("/").split("/")
        if method == "POST" and len(parts) == 5 and parts[:3] == ["v1", "standin", "orders"] and parts[4] == "pay":
            if parts[3] not in fake.orders:
                return fake._bad("The id provided does not exist")
            payment_id, _signature = fake.pay(parts[3], status=(body or {}).get("status", "captured"))
            return 200, {"razorpay_payment_id": payment_id, "razorpay_order_id": parts[3]}
        return route(method, path, body)

    fake.route = standin_route
    fake.start()
    Path(sys.argv[1]).write_text(fake.url)
    print(f"razorpay stand-in on {fake.url}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        signal.pause()
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
