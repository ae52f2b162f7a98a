#!/usr/bin/env bash
# The browser tests: starts the debug binary on a fresh SQLite database, then drives Debian's
# Chromium through playwright-core against it. Run by .ci/run; by hand:
#   cargo build && bash tests/browser/run.sh
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
BIN="${MARQUEE_BIN:-$ROOT/target/debug/marquee}"
PORT="${BROWSER_TEST_PORT:-18282}"
WORK=$(mktemp -d)
export SCREENSHOT_DIR="${SCREENSHOT_DIR:-$WORK/screenshots}"

[ -d node_modules/playwright-core ] || npm ci --silent --no-audit --no-fund

DATABASE_URL="sqlite://$WORK/marquee.db" MARQUEE_BIND="127.0.0.1:$PORT" RUST_LOG=warn \
  MARQUEE_ADMIN_EMAIL=admin@browser.test MARQUEE_ADMIN_PASSWORD=browser-test-password \
  "$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

node docs.mjs "http://127.0.0.1:$PORT"
echo "screenshots in $SCREENSHOT_DIR"
