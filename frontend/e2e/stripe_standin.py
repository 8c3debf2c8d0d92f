"""A local stand-in for Stripe's REST API for the end-to-end run, reusing the backend's test double
(backend/payments/tests/fake_stripe.py: PaymentIntents create/retrieve/cancel, refunds; Bearer secret
key; Idempotency-Key; Stripe's error shape).

One addition plays the part of Stripe.js confirming the Payment Element and the card being charged:
  POST /v1/standin/payment_intents/{id}/pay   -> the PaymentIntent, now `succeeded`
The browser never calls it: the Playwright test does (from its route on api.stripe.com), then signs a
`payment_intent.succeeded` event with the webhook secret and posts it to the API.

Usage: python e2e/stripe_standin.py URL_FILE   (secret key from STRIPE_SECRET_KEY)
Writes the server's base URL to URL_FILE once it listens, then serves until killed.
"""
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backend"))

from payments.tests.fake_stripe import FakeStripe  # noqa: E402


def main() -> None:
    fake = FakeStripe(os.environ["STRIPE_SECRET_KEY"])
    route = fake.route

    def standin_route(method, path, params):
        parts = path.strip("/").split("/")
        if method == "POST" and len(parts) == 5 and parts[:3] == ["v1", "standin", "payment_intents"] \
                and parts[4] == "pay":
            intent = fake.intents.get(parts[3])
            if intent is None:
                return fake._bad(f"No such payment_intent: '{parts[3]}'", "resource_missing", "intent", 404)
            if intent["status"] == "canceled":
                return fake._bad("This PaymentIntent was canceled.", "payment_intent_unexpected_state")
            return 200, fake.pay(parts[3])
        return route(method, path, params)

    fake.route = standin_route
    fake.start()
    Path(sys.argv[1]).write_text(fake.url)
    print(f"stripe stand-in on {fake.url}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        signal.pause()
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
