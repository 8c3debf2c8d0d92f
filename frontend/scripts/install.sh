#!/usr/bin/env bash
# `npm ci` from package-lock.json, skipped when node_modules was installed from this very lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NEXT_TELEMETRY_DISABLED=1
if [ -d node_modules ] && cmp -s package-lock.json node_modules/.installed-lock; then
  exit 0
fi
npm ci --no-audit --no-fund
cp package-lock.json node_modules/.installed-lock
