#!/usr/bin/env bash
# The storefront's end-to-end run, self-contained: starts the API with the demo catalogue on API_PORT
# (migrate + seed_demo, unless START_API=0 and one is already up), builds and starts the storefront on
# WEB_PORT, runs the Playwright tests with Debian's Chromium, and stops what it started.
# Payments: the API gets the dev gateway (DEBUG) and Razorpay test keys pointed at a local stand-in of
# Razorpay's REST API (e2e/razorpay_standin.py), so checkout.js journeys run with real signatures; and
# Stripe test keys pointed at a local stand-in of Stripe's REST API (e2e/stripe_standin.py), with a fresh
# USD rate, so the Payment Element journey runs with signed webhooks. Mail goes to files in
# $LOG_DIR/mail (E2E_MAIL_DIR), where the OTP sign-in test reads its code and the password reset test
# its link (STOREFRONT_URL is WEB_URL). The API's output goes to $LOG_DIR/api.log (E2E_API_LOG): the console
# SMS sender logs "SMS to +91<number>: <text>" there, where the mobile sign-in test reads its code.
# Used by the root `make test` (and `make e2e`); arguments go to `playwright test` (one spec: e2e/mobile.spec.ts).
# Exit status: the tests'.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$HERE/.." && pwd)
API_PORT=${API_PORT:-8000}
WEB_PORT=${WEB_PORT:-3000}
PY=${PY:-$ROOT/backend/.venv/bin/python}
export API_URL=http://127.0.0.1:$API_PORT
export WEB_URL=http://127.0.0.1:$WEB_PORT
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
LOG_DIR=${LOG_DIR:-$HERE/test-results}
mkdir -p "$LOG_DIR"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "e2e: installing Debian's chromium" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

wait_for() { # url seconds
  for _ in $(seq 1 "$2"); do curl -sf -o /dev/null "$1" && return 0; sleep 1; done
  echo "e2e: $1 did not answer in $2 s" >&2; return 1
}

export RAZORPAY_KEY_ID=${RAZORPAY_KEY_ID:-rzp_test_e2e0000000001}
export RAZORPAY_KEY_SECRET=${RAZORPAY_KEY_SECRET:-e2e-razorpay-key-secret}
export STRIPE_SECRET_KEY=${STRIPE_SECRET_KEY:-sk_test_e2e0000000000000000000001}
export STRIPE_PUBLISHABLE_KEY=${STRIPE_PUBLISHABLE_KEY:-pk_test_e2e0000000000000000000001}
export STRIPE_WEBHOOK_SECRET=${STRIPE_WEBHOOK_SECRET:-whsec_e2e0000000000000000000000001}
# A staff account for the journeys that change the catalog through the staff API (e2e/revalidate.spec.ts).
export E2E_STAFF_EMAIL=${E2E_STAFF_EMAIL:-e2e-staff@example.in} E2E_STAFF_PASSWORD=${E2E_STAFF_PASSWORD:-Staff-Lantern-2026}
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"

if [ "${START_API:-1}" = "1" ]; then
  # Mail (order emails, sign-in codes) goes to files the tests can read (e2e/otp.spec.ts), SMS to the API's
  # log (e2e/mobile.spec.ts), started afresh for each run.
  export E2E_MAIL_DIR=$LOG_DIR/mail E2E_API_LOG=$LOG_DIR/api.log
  rm -rf "$E2E_MAIL_DIR" && mkdir -p "$E2E_MAIL_DIR"
  rm -f "$LOG_DIR/razorpay.url"
  "$PY" "$HERE/e2e/razorpay_standin.py" "$LOG_DIR/razorpay.url" >"$LOG_DIR/razorpay.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 50); do [ -s "$LOG_DIR/razorpay.url" ] && break; sleep 0.2; done
  [ -s "$LOG_DIR/razorpay.url" ] || { cat "$LOG_DIR/razorpay.log" >&2; exit 1; }
  export RAZORPAY_API_BASE=$(cat "$LOG_DIR/razorpay.url")
  rm -f "$LOG_DIR/stripe.url"
  "$PY" "$HERE/e2e/stripe_standin.py" "$LOG_DIR/stripe.url" >"$LOG_DIR/stripe.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 50); do [ -s "$LOG_DIR/stripe.url" ] && break; sleep 0.2; done
  [ -s "$LOG_DIR/stripe.url" ] || { cat "$LOG_DIR/stripe.log" >&2; exit 1; }
  export STRIPE_API_BASE=$(cat "$LOG_DIR/stripe.url")
  (
    cd "$ROOT/backend"
    export DEBUG=${DEBUG:-1} API_PORT
    export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH=$E2E_MAIL_DIR
    # Every journey registers its own shopper from one IP: more than the production 10/h.
    export RATE_LIMIT_AUTH_REGISTER_IP=${RATE_LIMIT_AUTH_REGISTER_IP:-100/h}
    # Likewise the password reset journeys (requests and confirmations share the production 10/h per IP).
    export RATE_LIMIT_AUTH_PASSWORD_RESET_IP=${RATE_LIMIT_AUTH_PASSWORD_RESET_IP:-100/h}
    # And the sign-in codes asked for by the OTP journeys (by email and by mobile number).
    export RATE_LIMIT_AUTH_OTP_REQUEST_IP=${RATE_LIMIT_AUTH_OTP_REQUEST_IP:-100/h}
    # Guest carts are limited per client IP, and every journey's guest comes through the storefront's server.
    export RATE_LIMIT_CART_WRITE_USER=${RATE_LIMIT_CART_WRITE_USER:-600/m}
    export CORS_ALLOWED_ORIGINS="$WEB_URL,http://localhost:$WEB_PORT"
    # Links in the API's emails (password reset, orders) point at this storefront (e2e/password-reset.spec.ts).
    export STOREFRONT_URL=$WEB_URL
    # Paid phones wait for staff to record their IMEIs, as in production: the journeys record them through the
    # staff API (e2e/staff.ts recordImeis) or the packing screen (e2e/staff-orders.spec.ts), not the demo's
    # generated ones (DEMO_AUTO_IMEI, on by default with DEBUG and the mock carrier).
    export DEMO_AUTO_IMEI=0
    # Catalog changes expire the storefront's cached pages (catalog/storefront.py), as in `make run`.
    export REVALIDATE_SECRET=${REVALIDATE_SECRET:-e2e} STOREFRONT_REVALIDATE_URL=$WEB_URL/api/revalidate
    "$PY" manage.py migrate --noinput
    "$PY" manage.py seed_demo
    "$PY" manage.py set_exchange_rate USD 0.0119 --source manual
    "$PY" manage.py set_exchange_rate EUR 0.0109 --source manual
    "$PY" manage.py shell -c "from accounts.models import User
User.objects.filter(email='$E2E_STAFF_EMAIL').exists() or User.objects.create_superuser('$E2E_STAFF_EMAIL', '$E2E_STAFF_PASSWORD')"
    exec "$PY" manage.py runserver --noreload "127.0.0.1:$API_PORT"
  ) >"$E2E_API_LOG" 2>&1 &
  pids+=($!)
fi
wait_for "$API_URL/api/health/" 180 || { tail -50 "$LOG_DIR/api.log" >&2; exit 1; }

(API_PORT=$API_PORT WEB_PORT=$WEB_PORT REVALIDATE_SECRET=${REVALIDATE_SECRET:-e2e} exec "$HERE/scripts/serve.sh") >"$LOG_DIR/web.log" 2>&1 &
pids+=($!)
wait_for "$WEB_URL/robots.txt" 600 || { tail -50 "$LOG_DIR/web.log" >&2; exit 1; }
grep -E "Compiled|Generating static pages .*in|Ready" "$LOG_DIR/web.log" || true

cd "$HERE"
npx playwright test "$@"
