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
# Change streams last a second here: schemathesis reads a response to its end, and then
# checks every event of it against the spec.
serve_marquee "$BIN" "$PORT" "$DIR/server.log" DATABASE_URL="sqlite://$DIR/marquee.db" MARQUEE_RATE_LIMIT=off \
  MARQUEE_ADMIN_EMAIL=$ADMIN_EMAIL MARQUEE_ADMIN_PASSWORD=$ADMIN_PASSWORD MARQUEE_ACCESS_TOKEN_TTL=7200 \
  MARQUEE_STREAM_MAX_SECONDS=1
DB="sqlite://$DIR/marquee.db"
# Some real rows, so that generated ids sometimes name one.
DATABASE_URL=$DB RUST_LOG=warn "$BIN" demo >/dev/null
# A login rather than an API token: schemathesis revokes API tokens by id, and the token
# it runs with would be among them. Nothing it can reach ends an admin's login session:
# the user operations that could are pointed at users of their own (below).
TOKEN=$(curl -fsS -H 'content-type: application/json' \
  -d "{\"email\": \"$ADMIN_EMAIL\", \"password\": \"$ADMIN_PASSWORD\"}" \
  "http://127.0.0.1:$PORT/api/v1/auth/login" | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
# The user that user edits are pointed at instead of schemathesis's own admin, who could
# otherwise be disabled or demoted once schemathesis has made another admin.
DATABASE_URL=$DB MARQUEE_PASSWORD=target-password-$RANDOM$RANDOM RUST_LOG=warn \
  "$BIN" users create --email target@marquee.test --role editor --display-name Target >/dev/null
MARQUEE_ST_USER=$(curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/admin/users?limit=100" |
  python3 -c "import json, sys; print(next(u['id'] for u in json.load(sys.stdin)['data'] if u['display_name'] == 'Target'))")
# A cursor after the demo's first change-feed entry: a stream resumed from it has the rest
# of the demo's entries to send, so its events are there to be checked.
MARQUEE_ST_CURSOR=$(curl -fsS "http://127.0.0.1:$PORT/api/v1/changes?limit=1" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["next_cursor"])')
EVENTS=$(curl -sS --max-time 3 "http://127.0.0.1:$PORT/api/v1/changes/stream?since=$MARQUEE_ST_CURSOR" | grep -c '^data: ' || true)
[ "$EVENTS" -ge 5 ] || { echo "the stream schemathesis reads has $EVENTS events" >&2; exit 1; }
# A library image with its files made, so that the file operation reads a real one.
python3 - "$DIR/still.png" <<'PY'
import struct, sys, zlib
width, height = 400, 300
rows = b"".join(b"\0" + bytes(v for x in range(width) for v in (x % 256, y % 256, 90)) for y in range(height))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
MEDIA=$(curl -fsS -H "Authorization: Bearer $TOKEN" -H 'content-type: image/png' --data-binary "@$DIR/still.png" \
  "http://127.0.0.1:$PORT/api/v1/admin/media?alt=A+still" | python3 -c 'import json, sys; m = json.load(sys.stdin); print(m["id"], m["key"])')
read -r MEDIA_ID MARQUEE_ST_MEDIA_KEY <<<"$MEDIA"
for _ in $(seq 100); do
  curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/admin/media/$MEDIA_ID" | grep -q '"status":"ready"' && break
  sleep 0.1
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/media/$MARQUEE_ST_MEDIA_KEY/320.webp"
export MARQUEE_ST_TOKEN=$TOKEN MARQUEE_ST_USER MARQUEE_ST_CURSOR MARQUEE_ST_MEDIA_KEY
cd "$DIR"
"$ST" --config-file "$HERE/schemathesis.toml" run "$ROOT/openapi/openapi.json" \
  --url "http://127.0.0.1:$PORT" "$@"
