#!/usr/bin/env bash
# Marquee read benchmark: builds release, seeds a catalogue through the admin API, then
# drives load from wrk (a second process, on loopback) against /healthz, one article by
# slug, the first list page and a deep list page. Prints requests/s, p50/p99, errors and
# each target's ratio to /healthz measured in the same round; three rounds, medians.
#
#   bash bench/run.sh                 # 1000 articles, 10 s per target and round
#   ARTICLES=200 DURATION=5 bash bench/run.sh
set -euo pipefail

cd "$(dirname "$0")/.."
ARTICLES=${ARTICLES:-1000}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18300}
DEEP_PAGE=${DEEP_PAGE:-40}
BASE="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null || { echo "install wrk first" >&2; exit 1; }; }
cargo build --release --quiet

WORK=$(mktemp -d)
SERVER=""
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
EMAIL=bench@marquee.test
PASSWORD=bench-password-$RANDOM$RANDOM

# start_server CACHE: serves the bench database with the response cache on or off.
start_server() {
  [ -n "$SERVER" ] && { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; }
  DATABASE_URL="sqlite://$WORK/bench.db" MARQUEE_BIND="127.0.0.1:$PORT" MARQUEE_RATE_LIMIT=off \
    MARQUEE_RESPONSE_CACHE="$1" MARQUEE_ADMIN_EMAIL=$EMAIL MARQUEE_ADMIN_PASSWORD=$PASSWORD RUST_LOG=warn \
    ./target/release/marquee serve >>"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -fs "$BASE/readyz" >/dev/null && return; sleep 0.1; done
  echo "the server did not start" >&2; exit 1
}
start_server on

echo "seeding $ARTICLES articles (8 sections, a movie with 12 credits, 3 related each)..."
START=$(date +%s)
SEED=$(python3 bench/seed.py --port "$PORT" --email "$EMAIL" --password "$PASSWORD" --articles "$ARTICLES")
echo "seeded in $(( $(date +%s) - START )) s"
SLUG=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["article_slug"])' "$SEED")

# The cursor of page $DEEP_PAGE of the article list (20 per page).
CURSOR=""
for _ in $(seq 2 "$DEEP_PAGE"); do
  CURSOR=$(curl -fs "$BASE/api/v1/articles?limit=20${CURSOR:+&cursor=$CURSOR}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["next_cursor"] or "")')
done

declare -A URLS=(
  [healthz]="$BASE/healthz"
  [article]="$BASE/api/v1/articles/$SLUG"
  [first_page]="$BASE/api/v1/articles?limit=20"
  [deep_page]="$BASE/api/v1/articles?limit=20&cursor=$CURSOR"
)
ORDER=(healthz article first_page deep_page)
for name in "${ORDER[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "${URLS[$name]}")
  [ "$code" = 200 ] || { echo "$name answers $code" >&2; exit 1; }
done

# measure LABEL: ROUNDS rounds of every target, then the medians.
measure() {
  local results="$WORK/$1.tsv"
  for round in $(seq 1 "$ROUNDS"); do
    for name in "${ORDER[@]}"; do
      out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "${URLS[$name]}")
      rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
      p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
      p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
      non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
      sock=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$rps" "$p50" "$p99" "$(( ${non2xx:-0} + ${sock:-0} ))" >>"$results"
    done
  done
  python3 bench/report.py "$results" "$1" "$ARTICLES" "$DURATION" "$CONNECTIONS"
}

measure "response cache on"
start_server off
measure "response cache off (every request reads the database)"

# Comment submission: rate limits off, rules that approve at once (so every comment also
# changes its article's public page), distinct bodies. Afterwards every acknowledged (202)
# comment must be in the database.
TOKEN=$(curl -fs -X POST "$BASE/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
curl -fs -X PUT "$BASE/api/v1/admin/settings/moderation" -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d '{"hold":"none","max_links":2,"hold_words":[],"block_words":[],"min_interval_seconds":0}' >/dev/null
BEFORE=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from comments").fetchone()[0])' "$WORK/bench.db")
out=$(wrk -t"$THREADS" -c16 -d"${DURATION}s" --latency -s bench/comments.lua "$BASE/api/v1/articles/$SLUG/comments")
AFTER=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from comments").fetchone()[0])' "$WORK/bench.db")
python3 - "$out" "$BEFORE" "$AFTER" <<'PY'
import re, sys
out, before, after = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
total = int(re.search(r"(\d+) requests in", out).group(1))
non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
p50 = re.search(r"\s50%\s+(\S+)", out).group(1)
p99 = re.search(r"\s99%\s+(\S+)", out).group(1)
acknowledged = total - non2xx
stored = after - before
print(f"\ncomment submission (16 connections): {rps:.0f} req/s, p50 {p50}, p99 {p99}")
print(f"acknowledged {acknowledged}, refused {non2xx}, stored {stored}: "
      + ("nothing lost" if stored >= acknowledged else f"LOST {acknowledged - stored}"))
sys.exit(0 if stored >= acknowledged and non2xx == 0 else 1)
PY
