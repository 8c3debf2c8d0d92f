#!/usr/bin/env bash
# Installs, builds and serves the storefront on WEB_PORT against the API on API_PORT (which must be up:
# the build prerenders the home page and the sitemap from it). Used by the root `make run`.
#   API_PORT (8000)  WEB_PORT (3000)  API_URL / NEXT_PUBLIC_API_URL / NEXT_PUBLIC_SITE_URL override the derived URLs.
set -euo pipefail
cd "$(dirname "$0")/.."

API_PORT=${API_PORT:-8000}
WEB_PORT=${WEB_PORT:-3000}
export API_URL=${API_URL:-http://127.0.0.1:$API_PORT}
export NEXT_PUBLIC_API_URL=${NEXT_PUBLIC_API_URL:-$API_URL}
export NEXT_PUBLIC_SITE_URL=${NEXT_PUBLIC_SITE_URL:-http://127.0.0.1:$WEB_PORT}
export NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

for _ in $(seq 1 120); do
  curl -sf "$API_URL/api/health/" >/dev/null && break
  sleep 1
done
curl -sf "$API_URL/api/health/" >/dev/null || { echo "serve.sh: the API at $API_URL is not answering" >&2; exit 1; }

scripts/install.sh
# A new build starts from the API as it is now, not from data cached by an earlier run.
rm -rf .next/cache/fetch-cache
npm run build
exec node node_modules/next/dist/bin/next start -H 127.0.0.1 -p "$WEB_PORT"
