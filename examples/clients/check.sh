#!/usr/bin/env bash
# The committed spec through standard tools, against a live server:
#   openapi-spec-validator and redocly lint on openapi/openapi.json, with no warning;
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
# The tools answer 0 when they only warn: a warning about the spec fails this check too.
no_warning() { # <tool> <log> <what its warnings look like>
  cat "$2"
  if grep -Eqi "$3" "$2"; then
    echo "$1 warned" >&2
    exit 1
  fi
}
echo "--- redocly lint"
npx --no-install redocly lint --format=stylish "$SPEC" >"$DIR/redocly.log" 2>&1 || { cat "$DIR/redocly.log" >&2; exit 1; }
# (Not its banner about the Node.js version: a problem is "line:column  warning  rule".)
no_warning "redocly lint" "$DIR/redocly.log" '^ *[0-9]+:[0-9]+ +warning|you have [0-9]+ warning'

echo "--- openapi-typescript"
npx --no-install openapi-typescript "$SPEC" -o "$DIR/schema.d.ts" >"$DIR/typescript.log" 2>&1 \
  || { cat "$DIR/typescript.log" >&2; exit 1; }
no_warning "openapi-typescript" "$DIR/typescript.log" 'warn|⚠'
if ! diff -q "$DIR/schema.d.ts" src/schema.d.ts >/dev/null; then
  echo "examples/clients/typescript/src/schema.d.ts is out of date: npm run generate, then commit it" >&2
  exit 1
fi
echo "--- tsc --strict --noEmit"
npx --no-install tsc --strict --noEmit && echo "no type errors"

echo "--- openapi-python-client"
"$VENV/bin/openapi-python-client" generate --path "$SPEC" --config "$HERE/python/config.yaml" \
  --output-path "$DIR/python" >"$DIR/python.log" 2>&1 || { cat "$DIR/python.log" >&2; exit 1; }
no_warning "openapi-python-client" "$DIR/python.log" 'warning'
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
