#!/usr/bin/env bash
# The browser tests: loads the demo into a fresh SQLite database, starts the debug binary on it
# and the example reader site (examples/reader) beside it, then drives Debian's Chromium through
# playwright-core against both. Run by .ci/run; by hand:
#   cargo build && bash tests/browser/run.sh
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
BIN="${MARQUEE_BIN:-$ROOT/target/debug/marquee}"
PORT="${BROWSER_TEST_PORT:-18282}"
SITE_PORT="${READER_SITE_PORT:-18283}"
ADMIN_EMAIL=admin@browser.test
ADMIN_PASSWORD=browser-test-password
WORK=$(mktemp -d)
export SCREENSHOT_DIR="${SCREENSHOT_DIR:-$WORK/screenshots}"
export DATABASE_URL="sqlite://$WORK/marquee.db" MARQUEE_ADMIN_EMAIL="$ADMIN_EMAIL" MARQUEE_ADMIN_PASSWORD="$ADMIN_PASSWORD"

[ -d node_modules/playwright-core ] || npm ci --silent --no-audit --no-fund

# The demo creates the admin (from MARQUEE_ADMIN_*) and the published explainer the reader test reads.
RUST_LOG=warn "$BIN" demo >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log"; exit 1; }

# The reader site is another origin, so the API answers it through CORS; the test posts comments
# and logs in more often than the limits allow.
# shellcheck source=../lib/serve.sh
. "$ROOT/tests/lib/serve.sh"
trap 'kill ${SERVER_PID:-} ${SITE:-} 2>/dev/null || true' EXIT
serve_marquee "$BIN" "$PORT" "$WORK/server.log" MARQUEE_CORS_ORIGINS='*' MARQUEE_RATE_LIMIT=off
node ../../examples/reader/serve.mjs "$SITE_PORT" >"$WORK/site.log" 2>&1 &
SITE=$!
wait_for "http://127.0.0.1:$SITE_PORT/index.html" "$WORK/site.log"

node embed.test.mjs
node docs.mjs "http://127.0.0.1:$PORT"
node stream.mjs "http://127.0.0.1:$PORT" "$ADMIN_EMAIL" "$ADMIN_PASSWORD"
node admin.mjs "http://127.0.0.1:$PORT" "$ADMIN_EMAIL" "$ADMIN_PASSWORD"
node editors.mjs "http://127.0.0.1:$PORT" "$ADMIN_EMAIL" "$ADMIN_PASSWORD"
node media.mjs "http://127.0.0.1:$PORT" "$ADMIN_EMAIL" "$ADMIN_PASSWORD"
node redirects.mjs "http://127.0.0.1:$PORT" "$ADMIN_EMAIL" "$ADMIN_PASSWORD"
node reader.mjs "http://127.0.0.1:$PORT" "http://127.0.0.1:$SITE_PORT" "$ADMIN_EMAIL" "$ADMIN_PASSWORD"
echo "screenshots in $SCREENSHOT_DIR"
