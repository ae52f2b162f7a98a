#!/usr/bin/env bash
# schemathesis with every check against a fresh server on SQLite, testing the committed
# spec. Usage: tests/schemathesis/run.sh <marquee binary> <schemathesis executable>
# Extra arguments go to `schemathesis run`.
set -euo pipefail

BIN=$(realpath "$1")
ST=$(realpath "$2")
shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PORT=${ST_PORT:-18181}
DIR=$(mktemp -d)
ADMIN_EMAIL=ci-admin@marquee.test
ADMIN_PASSWORD=ci-admin-password-$RANDOM$RANDOM

# shellcheck source=../lib/serve.sh
. "$ROOT/tests/lib/serve.sh"
trap 'kill ${SERVER_PID:-} 2>/dev/null || true; rm -rf "$DIR"' EXIT
serve_marquee "$BIN" "$PORT" "$DIR/server.log" DATABASE_URL="sqlite://$DIR/marquee.db" MARQUEE_RATE_LIMIT=off \
  MARQUEE_ADMIN_EMAIL=$ADMIN_EMAIL MARQUEE_ADMIN_PASSWORD=$ADMIN_PASSWORD
DB="sqlite://$DIR/marquee.db"
# Some real rows, so that generated ids sometimes name one.
DATABASE_URL=$DB RUST_LOG=warn "$BIN" demo >/dev/null
# An admin API token rather than a login: schemathesis may change the admin's password,
# which ends login sessions but not API tokens.
TOKEN=$(DATABASE_URL=$DB RUST_LOG=warn "$BIN" tokens create --email "$ADMIN_EMAIL" --name schemathesis)
# What the user and token operations that can lock schemathesis out (disable, delete,
# demote, revoke) are pointed at instead of its own admin and token.
for who in Target Doomed; do
  DATABASE_URL=$DB MARQUEE_PASSWORD=target-password-$RANDOM$RANDOM RUST_LOG=warn \
    "$BIN" users create --email "$who@marquee.test" --role editor --display-name "$who" >/dev/null
done
DATABASE_URL=$DB RUST_LOG=warn "$BIN" tokens create --email Target@marquee.test --name target >/dev/null
id_of() {
  curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/admin/$1?limit=100" |
    python3 -c "import json, sys; print(next(x['id'] for x in json.load(sys.stdin)['data'] if x['$2'] == '$3'))"
}
export MARQUEE_ST_TOKEN=$TOKEN
MARQUEE_ST_USER=$(id_of users display_name Target)
MARQUEE_ST_DOOMED_USER=$(id_of users display_name Doomed)
MARQUEE_ST_SPARE_TOKEN=$(id_of tokens name target)
export MARQUEE_ST_USER MARQUEE_ST_DOOMED_USER MARQUEE_ST_SPARE_TOKEN
cd "$DIR"
"$ST" --config-file "$HERE/schemathesis.toml" run "$ROOT/openapi/openapi.json" \
  --url "http://127.0.0.1:$PORT" "$@"
