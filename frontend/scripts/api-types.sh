#!/usr/bin/env bash
# The storefront's wire types, lib/api-schema.d.ts, generated from the API's OpenAPI schema
# (drf-spectacular, dumped with backend/.venv) by openapi-typescript: the types have one source, the API.
#   frontend/scripts/api-types.sh          rewrite lib/api-schema.d.ts
#   frontend/scripts/api-types.sh --check  only compare (make test): a stale file fails, naming this command
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PY=${PY:-$ROOT/backend/.venv/bin/python}
TARGET=$HERE/lib/api-schema.d.ts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$HERE/scripts/install.sh"
# A clean environment: the schema states limits read from settings (the cart's maximum quantity, the Stripe
# currencies), so the committed types come from the defaults, whatever this shell's environment says.
if ! (cd "$ROOT/backend" && env -i PATH="$PATH" HOME="${HOME:-/tmp}" SECRET_KEY=api-types DEBUG=0 \
  "$PY" manage.py spectacular --validate --fail-on-warn --file "$tmp/schema.yaml" 2>"$tmp/spectacular.log"); then
  cat "$tmp/spectacular.log" >&2
  exit 1
fi
# --default-non-nullable false: a request field with a default may be left out.
"$HERE/node_modules/.bin/openapi-typescript" "$tmp/schema.yaml" --output "$tmp/api-schema.d.ts" --default-non-nullable false >/dev/null

if [ "${1:-}" = "--check" ]; then
  if ! cmp -s "$tmp/api-schema.d.ts" "$TARGET"; then
    diff -u "$TARGET" "$tmp/api-schema.d.ts" | head -40 >&2 || true
    echo "frontend/lib/api-schema.d.ts does not match the API's schema: run frontend/scripts/api-types.sh" >&2
    exit 1
  fi
else
  cp "$tmp/api-schema.d.ts" "$TARGET"
  echo "wrote $TARGET"
fi
