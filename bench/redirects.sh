#!/usr/bin/env bash
# /redirects/resolve on a site with 50 000 redirects (issue 25): the front door of every
# front-end's 404 handler. Release build, SQLite, the response cache off so each request is
# the indexed lookup itself; wrk on /healthz, on resolve of random redirected paths (each
# answer also counted as a hit, as in production), and on resolve of paths nothing knows (an
# article-pattern lookup, then 404), in the same round (ROUNDS rounds, medians). Figures go to
# bench/results/redirects.json and bench/README.md.
#
#   bash bench/redirects.sh                  # ~2 minutes after the build
#   BUILD=0 ROUNDS=1 DURATION=3 bash bench/redirects.sh
set -euo pipefail

cd "$(dirname "$0")/.."
PORT=${PORT:-18410}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
BUILD=${BUILD:-1}
REDIRECTS=${REDIRECTS:-50000}
MARQUEE=${MARQUEE:-./target/release/marquee}

command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null || { echo "install wrk first" >&2; exit 1; }; }
[ "$BUILD" = 1 ] && cargo build --release --quiet --bin marquee
WORK=$(mktemp -d)
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT

DB="$WORK/bench.db"
DATABASE_URL="sqlite://$DB" RUST_LOG=warn "$MARQUEE" migrate >/dev/null
# Seeded directly: 50 000 editors' redirects, as an import of an old site leaves them.
python3 - "$DB" "$REDIRECTS" <<'PY'
import sqlite3, sys
db, n = sys.argv[1], int(sys.argv[2])
conn = sqlite3.connect(db)
now = "2026-12-07 00:00:00"
conn.executemany(
    "INSERT INTO redirects (from_path, to_url, status, origin, created_at, updated_at) VALUES (?, ?, 301, 'manual', ?, ?)",
    ((f"/{2010 + i % 15}/{1 + i % 12:02d}/{1 + i % 28:02d}/old-post-{i}", f"/post-{i}", now, now) for i in range(n)),
)
conn.commit()
PY
DATABASE_URL="sqlite://$DB" MARQUEE_BIND="127.0.0.1:$PORT" MARQUEE_RATE_LIMIT=off MARQUEE_RESPONSE_CACHE=off \
  MARQUEE_LOG_FORMAT=json RUST_LOG=warn "$MARQUEE" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -fsS -o /dev/null "$BASE/readyz" 2>/dev/null && break; sleep 0.1; done
curl -fsS "$BASE/api/v1/redirects/resolve?path=/2011/02/02/old-post-1/" | grep -q '"to":"/post-1"'

cat >"$WORK/hit.lua" <<LUA
math.randomseed(os.time())
request = function()
  local i = math.random(0, $REDIRECTS - 1)
  local path = string.format("/%d/%02d/%02d/old-post-%d", 2010 + i % 15, 1 + i % 12, 1 + i % 28, i)
  return wrk.format("GET", "/api/v1/redirects/resolve?path=" .. path)
end
LUA
cat >"$WORK/miss.lua" <<'LUA'
math.randomseed(os.time() + 1)
request = function()
  return wrk.format("GET", "/api/v1/redirects/resolve?path=/never-was-" .. math.random(1, 1000000000))
end
LUA

rate() { wrk -t2 -c64 -d"${DURATION}s" "$@" | awk '/Requests\/sec/ {print $2}'; }
RATES=()
for round in $(seq 1 "$ROUNDS"); do
  health=$(rate "$BASE/healthz")
  hit=$(rate -s "$WORK/hit.lua" "$BASE")
  miss=$(rate -s "$WORK/miss.lua" "$BASE")
  RATES+=("$health $hit $miss")
  echo "round $round: /healthz $health req/s, resolve (redirected) $hit req/s, resolve (404) $miss req/s"
done
RSS=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER/status")
mkdir -p bench/results
printf '%s\n' "${RATES[@]}" | python3 -c '
import json, statistics, sys
rounds = [tuple(map(float, line.split())) for line in sys.stdin if line.strip()]
result = {
    "redirects": int(sys.argv[1]),
    "cache": "off",
    "healthz_rps": statistics.median(r[0] for r in rounds),
    "resolve_hit_rps": statistics.median(r[1] for r in rounds),
    "resolve_miss_rps": statistics.median(r[2] for r in rounds),
    "resolve_hit_ratio": statistics.median(r[1] / r[0] for r in rounds),
    "resolve_miss_ratio": statistics.median(r[2] / r[0] for r in rounds),
    "peak_rss_mib": round(int(sys.argv[2]) / 1024, 1),
    "rounds": len(rounds),
}
json.dump(result, open("bench/results/redirects.json", "w"), indent=2)
print(json.dumps(result, indent=2))
' "$REDIRECTS" "$RSS"
