#!/usr/bin/env bash
# The media library's costs (issue 24), on a release build and SQLite, everything on
# loopback: the answer to a 12-megapixel upload and the time until its 15 variants are made,
# a decompression bomb refused, 8 uploads at once with the server's peak RSS (bench/media.py),
# each variant's encode time for a 24-megapixel photo (examples/encode_times.rs), then wrk
# on a 640-pixel WebP variant and on /healthz in the same round (ROUNDS rounds, medians).
# Figures go to bench/results/media.json and bench/README.md.
#
#   bash bench/media.sh                  # ~2 minutes after the build
#   BUILD=0 ROUNDS=1 DURATION=3 bash bench/media.sh
set -euo pipefail

cd "$(dirname "$0")/.."
PORT=${PORT:-18400}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
BUILD=${BUILD:-1}
MARQUEE=${MARQUEE:-./target/release/marquee}
EMAIL=bench@marquee.test
PASSWORD=bench-admin-password  # a throwaway database on loopback

command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null || { echo "install wrk first" >&2; exit 1; }; }
if [ "$BUILD" = 1 ]; then
  cargo build --release --quiet --bin marquee
  cargo build --release --quiet -p marquee-media --example fixtures --example encode_times --features fixtures
fi
WORK=$(mktemp -d)
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
./target/release/examples/fixtures "$WORK/fixtures"

DATABASE_URL="sqlite://$WORK/bench.db" MARQUEE_BIND="127.0.0.1:$PORT" MARQUEE_RATE_LIMIT=off \
  MARQUEE_ADMIN_EMAIL="$EMAIL" MARQUEE_ADMIN_PASSWORD="$PASSWORD" MARQUEE_LOG_FORMAT=json RUST_LOG=warn \
  "$MARQUEE" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -fsS -o /dev/null "$BASE/readyz" && break; sleep 0.1; done

mkdir -p bench/results
BENCH_PASSWORD="$PASSWORD" python3 bench/media.py "$BASE" "$WORK/fixtures" "$SERVER" "$WORK/media.json"
VARIANT=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["variant_path"])' "$WORK/media.json")

# Each variant's encode time, the server idle: a 24-megapixel photo at every width and format.
./target/release/examples/encode_times 3 >"$WORK/encode.jsonl"

rate() { wrk -t2 -c64 -d"${DURATION}s" "$1" | awk '/Requests\/sec/ {print $2}'; }
RATES=()
for round in $(seq 1 "$ROUNDS"); do
  health=$(rate "$BASE/healthz")
  variant=$(rate "$BASE$VARIANT")
  RATES+=("$health $variant")
  echo "round $round: /healthz $health req/s, $VARIANT $variant req/s"
done
printf '%s\n' "${RATES[@]}" | python3 -c '
import json, statistics, sys
rounds = [tuple(map(float, line.split())) for line in sys.stdin if line.strip()]
result = json.load(open(sys.argv[1]))
result["healthz_rps"] = statistics.median(h for h, _ in rounds)
result["variant_rps"] = statistics.median(v for _, v in rounds)
result["variant_ratio"] = statistics.median(v / h for h, v in rounds)
result["encode_ms_24mp"] = [json.loads(line) for line in open(sys.argv[3]) if line.strip()]
json.dump(result, open(sys.argv[2], "w"), indent=2)
print(json.dumps(result, indent=2))
' "$WORK/media.json" bench/results/media.json "$WORK/encode.jsonl"
