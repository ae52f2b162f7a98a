#!/usr/bin/env bash
# The committed spec through standard tools, against a live server:
#   openapi-spec-validator and redocly lint on openapi/openapi.json;
#   openapi-typescript regenerates src/schema.d.ts (it must equal the committed one),
#   tsc --strict type-checks the flow, and the flow runs against the server;
#   openapi-python-client generates a client with no warning and read.py reads through it.
# Usage: examples/clients/check.sh <marquee binary> <python venv with the tools>
set -euo pipefail

BIN=$(realpath "$1")
VENV=$(realpath "$2")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SPEC="$ROOT/openapi/openapi.json"
PORT=${CLIENTS_PORT:-18484}
DIR=$(mktemp -d)
# shellcheck source=../../tests/lib/serve.sh
. "$ROOT/tests/lib/serve.sh"

echo "--- openapi-spec-validator"
"$VENV/bin/openapi-spec-validator" "$SPEC"

cd "$HERE/typescript"
[ -d node_modules ] && npm ls --silent >/dev/null 2>&1 || npm ci --silent --no-audit --no-fund
echo "--- redocly lint"
npx --no-install redocly lint --format=stylish "$SPEC"

echo "--- openapi-typescript"
npx --no-install openapi-typescript "$SPEC" -o "$DIR/schema.d.ts" 2>&1 | tail -n 1
if ! diff -q "$DIR/schema.d.ts" src/schema.d.ts >/dev/null; then
  echo "examples/clients/typescript/src/schema.d.ts is out of date: npm run generate, then commit it" >&2
  exit 1
fi
echo "--- tsc --strict --noEmit"
npx --no-install tsc --strict --noEmit && echo "no type errors"

echo "--- openapi-python-client"
"$VENV/bin/openapi-python-client" generate --path "$SPEC" --config "$HERE/python/config.yaml" \
  --output-path "$DIR/python" >"$DIR/python.log" 2>&1 || { cat "$DIR/python.log" >&2; exit 1; }
if grep -qi "warning" "$DIR/python.log"; then
  cat "$DIR/python.log" >&2
  echo "openapi-python-client warned" >&2
  exit 1
fi
echo "$(ls "$DIR/python/marquee_client/models" | grep -c '\.py$') model modules, no warning"

echo "--- the flow against a live server"
EMAIL=clients@marquee.test
PASSWORD=clients-password-$RANDOM$RANDOM
trap 'kill ${SERVER_PID:-} 2>/dev/null || true; rm -rf "$DIR"' EXIT
serve_marquee "$BIN" "$PORT" "$DIR/server.log" DATABASE_URL="sqlite://$DIR/marquee.db" \
  MARQUEE_ADMIN_EMAIL=$EMAIL MARQUEE_ADMIN_PASSWORD=$PASSWORD
URL="http://127.0.0.1:$PORT"
MARQUEE_URL=$URL MARQUEE_EMAIL=$EMAIL MARQUEE_PASSWORD=$PASSWORD npx --no-install tsx src/flow.ts
MARQUEE_URL=$URL PYTHONPATH="$DIR/python" "$VENV/bin/python" "$HERE/python/read.py"
