#!/usr/bin/env bash
# Marquee under a real site's load (issue 14). Builds release, writes a catalogue of 50 000
# articles (bench/catalogue.py) and imports it with `marquee import json`, then drives wrk
# (separate processes, on loopback) through the scenarios of bench/README.md:
#
#   cache off  /healthz, one article, the first and a deep list page: the cache-miss path
#   cache on   /healthz; long-tail reads (Zipf over every article) while a steady approver
#              lands comments; the same reads while junk query strings hammer real URLs
#              (RSS sampled every 200 ms); the long-tail reads again; one article, the
#              first and a deep list page
#   comments   16 connections of distinct comments; every acknowledged one must be stored
#   cold start exec to the first 200 from /readyz, median of 3
#
# Every rate is also given as a ratio to /healthz measured in the same phase and round,
# because the machine is shared and noisy; ROUNDS rounds, medians. Prints a table, writes
# bench/results/$DB.json and redraws bench/chart.svg.
#
#   bash bench/run.sh                                   # SQLite, 50 000 articles, 3 rounds of 10 s
#   DB=postgres bash bench/run.sh                       # the same on PostgreSQL
#   ARTICLES=2000 DURATION=3 ROUNDS=1 BUILD=0 bash bench/run.sh    # a quick smoke run
set -euo pipefail

cd "$(dirname "$0")/.."
DB=${DB:-sqlite}
ARTICLES=${ARTICLES:-50000}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
JUNK_CONNECTIONS=${JUNK_CONNECTIONS:-16}
JUNK_DIST=${JUNK_DIST:-uniform}
APPROVE_RATE=${APPROVE_RATE:-40}
COMMENT_CONNECTIONS=${COMMENT_CONNECTIONS:-16}
WARMUP=${WARMUP:-$DURATION}
DEEP_PAGE=${DEEP_PAGE:-40}
ARTICLE_RANK=${ARTICLE_RANK:-$(( ARTICLES / 50 > 1 ? ARTICLES / 50 : 1 ))}
COLD_STARTS=${COLD_STARTS:-3}
PORT=${PORT:-18300}
BUILD=${BUILD:-1}
MARQUEE=${MARQUEE:-./target/release/marquee}
BASE="http://127.0.0.1:$PORT"
EMAIL=bench@marquee.test
PASSWORD=bench-admin-password  # a throwaway database on loopback

case "$DB" in sqlite | postgres) ;; *) echo "DB must be sqlite or postgres, not $DB" >&2; exit 2 ;; esac
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null || { echo "install wrk first" >&2; exit 1; }; }
if [ "$BUILD" = 1 ]; then cargo build --release --quiet; fi
[ -x "$MARQUEE" ] || { echo "no server binary at $MARQUEE" >&2; exit 1; }
if curl -fs -o /dev/null "$BASE/healthz"; then echo "something already answers on port $PORT" >&2; exit 1; fi

WORK=$(mktemp -d /tmp/marquee-bench.XXXXXX)
RECORDS="$WORK/records.jsonl"
SLUGS="$WORK/slugs.txt"
SERVER="" APPROVER="" SAMPLER="" DB_NAME="" ADMIN_URL=""

# Whatever is still running when the script ends (finished, failed or interrupted) is
# stopped by its process id: the server, the approver, the RSS sampler, any wrk.
cleanup() {
  local status=$?
  local pid
  for pid in $SERVER $APPROVER $SAMPLER $(jobs -p); do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then
    echo "kept $WORK${DB_NAME:+ and the database $DB_NAME}" >&2
  else
    rm -rf "$WORK"
    if [ -n "${DB_NAME:-}" ]; then
      PGOPTIONS="-c client_min_messages=warning" psql "$ADMIN_URL" -q -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" || true
    fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# elapsed START: seconds since START (a `date +%s.%N`), one decimal.
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# --- the database -----------------------------------------------------------------------
if [ "$DB" = sqlite ]; then
  DATABASE_URL="sqlite://$WORK/bench.db"
else
  # PostgreSQL: the cluster started if it is down, the CI role made if it is missing (as
  # .ci/run does), and the bench database dropped and made again.
  DATABASE_URL=${BENCH_DATABASE_URL:-postgres://marquee_ci:marquee_ci@127.0.0.1:5432/marquee_bench}
  ADMIN_URL="${DATABASE_URL%/*}/postgres"
  DB_NAME=${DATABASE_URL##*/}
  DB_NAME=${DB_NAME%%\?*}
  if ! pg_isready -q -d "$ADMIN_URL"; then
    read -r PG_VERSION PG_CLUSTER _ < <(pg_lsclusters -h | head -n 1)
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
    for _ in $(seq 1 50); do pg_isready -q -d "$ADMIN_URL" && break; sleep 0.2; done
  fi
  if [ -z "${BENCH_DATABASE_URL:-}" ] && ! psql "$ADMIN_URL" -tAc 'SELECT 1' >/dev/null 2>&1; then
    su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'marquee_ci') THEN
    CREATE ROLE marquee_ci LOGIN CREATEDB PASSWORD 'marquee_ci';
  END IF;
END $$;
SQL
  fi
  PGOPTIONS="-c client_min_messages=warning" psql "$ADMIN_URL" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" \
    -c "CREATE DATABASE \"$DB_NAME\"" >/dev/null
fi
SERVER_ENV=(DATABASE_URL="$DATABASE_URL" MARQUEE_BIND="127.0.0.1:$PORT" MARQUEE_RATE_LIMIT=off RUST_LOG=warn)

# --- seeding: a generated catalogue through `marquee import json` -------------------------
echo "writing a catalogue of $ARTICLES articles..."
START=$(date +%s.%N)
python3 bench/catalogue.py --articles "$ARTICLES" --out "$WORK/catalogue.json" --slugs "$SLUGS" --admin-email "$EMAIL"
GENERATE_S=$(elapsed "$START")
CATALOGUE_MIB=$(( $(stat -c %s "$WORK/catalogue.json") / 1048576 ))
echo "written in $GENERATE_S s ($CATALOGUE_MIB MiB); importing into $DB..."
START=$(date +%s.%N)
env "${SERVER_ENV[@]}" "$MARQUEE" import json "$WORK/catalogue.json" >"$WORK/import.log"
IMPORT_S=$(elapsed "$START")
echo "imported in $IMPORT_S s"
[ "${KEEP:-0}" = 1 ] || rm -f "$WORK/catalogue.json"
# Imported accounts have no password; the admin gets one so the bench site can be inspected.
env "${SERVER_ENV[@]}" MARQUEE_PASSWORD="$PASSWORD" "$MARQUEE" users password --email "$EMAIL" >/dev/null
printf '{"generate_s": %s, "import_s": %s, "catalogue_mib": %s}\n' "$GENERATE_S" "$IMPORT_S" "$CATALOGUE_MIB" >"$WORK/seed.json"

TOP_SLUG=$(head -n 1 "$SLUGS")
ARTICLE_SLUG=$(sed -n "${ARTICLE_RANK}p" "$SLUGS")

# --- the server ---------------------------------------------------------------------------
# start_server CACHE: serves the bench database with the response cache on or off.
start_server() {
  stop_server
  env "${SERVER_ENV[@]}" MARQUEE_RESPONSE_CACHE="$1" "$MARQUEE" serve >>"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 300); do
    curl -fs -o /dev/null "$BASE/readyz" && return
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.1
  done
  echo "the server did not start; the end of its log:" >&2
  tail -n 20 "$WORK/server.log" >&2
  exit 1
}
stop_server() {
  if [ -n "$SERVER" ]; then
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    SERVER=""
  fi
}

# The steady approver (bench/approver.py) beside the long-tail readers; its summary goes
# into the record of the run it accompanied.
start_approver() {
  python3 bench/approver.py --port "$PORT" --slugs "$SLUGS" --rate "$APPROVE_RATE" --seed "$1" \
    --out "$WORK/approver.json" >/dev/null &
  APPROVER=$!
}
stop_approver() {
  kill -TERM "$APPROVER"
  wait "$APPROVER" || true
  APPROVER=""
}

# --- measuring ----------------------------------------------------------------------------
# The wrk command lines: 64 connections on 2 threads unless told otherwise.
WRK=(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency)
READERS=("${WRK[@]}" -s bench/zipf.lua "$BASE" -- "$SLUGS" zipf 1.1)
JUNK=(wrk -t1 -c"$JUNK_CONNECTIONS" -d"${DURATION}s" --latency -s bench/junk.lua "$BASE" -- "$SLUGS" "$JUNK_DIST" 1.1)

# run_wrk NAME WRK...: one wrk run into $WORK/NAME.txt, the cache counters before and after
# it into NAME.before and NAME.after.
run_wrk() {
  local name=$1
  shift
  python3 bench/tools.py metrics "$BASE" >"$WORK/$name.before"
  "$@" >"$WORK/$name.txt"
  python3 bench/tools.py metrics "$BASE" >"$WORK/$name.after"
}

# record PHASE ROUND SCENARIO NAME [EXTRA]: adds run NAME to the records (EXTRA: a JSON
# object of more fields).
record() {
  python3 bench/tools.py record --file "$RECORDS" --phase "$1" --round "$2" --scenario "$3" \
    --wrk "$WORK/$4.txt" --before "$(cat "$WORK/$4.before")" --after "$(cat "$WORK/$4.after")" ${5:+--extra "$5"}
}

# measure PHASE ROUND SCENARIO WRK...: run_wrk and record in one.
measure() {
  local name="$1.$3.$2"
  run_wrk "$name" "${@:4}"
  record "$1" "$2" "$3" "$name"
}

# simple_targets PHASE ROUND: /healthz, one article, the first and the deep list page.
simple_targets() {
  measure "$1" "$2" healthz "${WRK[@]}" "$BASE/healthz"
  measure "$1" "$2" article "${WRK[@]}" "$BASE/api/v1/articles/$ARTICLE_SLUG"
  measure "$1" "$2" first_page "${WRK[@]}" "$BASE/api/v1/articles?limit=20"
  measure "$1" "$2" deep_page "${WRK[@]}" "$BASE/api/v1/articles?limit=20&cursor=$CURSOR"
}

check() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "$1")
  [ "$code" = 200 ] || { echo "$1 answers $code" >&2; exit 1; }
}

warm_up() {
  [ "$WARMUP" -gt 0 ] && wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/zipf.lua "$BASE" -- "$SLUGS" zipf 1.1 >/dev/null
  return 0
}

# --- cache off: the database path of every miss -----------------------------------------
start_server off
CURSOR=$(python3 bench/tools.py cursor "$BASE" "$DEEP_PAGE")
for url in "$BASE/healthz" "$BASE/api/v1/articles/$ARTICLE_SLUG" "$BASE/api/v1/articles/$TOP_SLUG" \
  "$BASE/api/v1/articles?limit=20" "$BASE/api/v1/articles?limit=20&cursor=$CURSOR"; do
  check "$url"
done
JUNK_CODE=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/articles/$TOP_SLUG?utm_source=check&fbclid=check")
[ "$JUNK_CODE" = 200 ] || echo "note: an article URL with junk parameters answers $JUNK_CODE (wrk counts it as an error)" >&2
echo "cache off: $ROUNDS round(s) of 4 targets, $DURATION s each (after a ${WARMUP} s warm-up)..."
warm_up
for round in $(seq 1 "$ROUNDS"); do
  simple_targets cache_off "$round"
done
RSS_OFF=$(python3 bench/tools.py rss-now "$SERVER")

# --- cache on: the long tail, junk, and the same targets ---------------------------------
start_server on
echo "cache on: $ROUNDS round(s) of 7 runs, $DURATION s each (after a ${WARMUP} s warm-up)..."
warm_up
for round in $(seq 1 "$ROUNDS"); do
  measure cache_on "$round" healthz "${WRK[@]}" "$BASE/healthz"

  # Long-tail readers over every article while comments land and purge popular pages.
  start_approver "$round"1
  run_wrk "longtail.$round" "${READERS[@]}"
  stop_approver
  record cache_on "$round" longtail "longtail.$round" "{\"approver\": $(cat "$WORK/approver.json")}"

  # The same readers while junk query strings hammer real article URLs (a second wrk
  # process at the same time), the server's RSS sampled every 200 ms. The cache counters
  # cover both processes.
  start_approver "$round"2
  python3 bench/tools.py rss "$SERVER" "$WORK/rss.json" &
  SAMPLER=$!
  python3 bench/tools.py metrics "$BASE" >"$WORK/junk_readers.$round.before"
  "${READERS[@]}" >"$WORK/junk_readers.$round.txt" &
  readers=$!
  "${JUNK[@]}" >"$WORK/junk.$round.txt" &
  junk=$!
  wait "$readers"
  wait "$junk"
  python3 bench/tools.py metrics "$BASE" >"$WORK/junk_readers.$round.after"
  kill -TERM "$SAMPLER"
  wait "$SAMPLER"
  SAMPLER=""
  stop_approver
  echo '{}' >"$WORK/junk.$round.before"
  echo '{}' >"$WORK/junk.$round.after"
  record cache_on "$round" junk_readers "junk_readers.$round" \
    "{\"rss\": $(cat "$WORK/rss.json"), \"approver\": $(cat "$WORK/approver.json")}"
  record cache_on "$round" junk "junk.$round"

  # Honest readers again at once: has the junk cost them their cache?
  start_approver "$round"3
  run_wrk "longtail_after.$round" "${READERS[@]}"
  stop_approver
  record cache_on "$round" longtail_after "longtail_after.$round" "{\"approver\": $(cat "$WORK/approver.json")}"

  simple_targets cache_on "$round"
done

# --- comment submission -----------------------------------------------------------------
# Distinct comments on the most popular article, approved at once (so each also purges
# its page); afterwards every acknowledged (202) comment must be in the database.
echo "comments: $COMMENT_CONNECTIONS connections for $DURATION s..."
measure comments 1 healthz "${WRK[@]}" "$BASE/healthz"
BEFORE=$(python3 bench/tools.py count "$DATABASE_URL")
run_wrk comments wrk -t"$THREADS" -c"$COMMENT_CONNECTIONS" -d"${DURATION}s" --latency -s bench/comments.lua \
  "$BASE/api/v1/articles/$TOP_SLUG/comments"
AFTER=$(python3 bench/tools.py count "$DATABASE_URL")
record comments 1 comments comments
printf '{"before": %s, "after": %s}\n' "$BEFORE" "$AFTER" >"$WORK/comments.json"

# RSS of the server that took all the cache-on load, and of the cache-off one.
printf '{"cache_off": %s, "cache_on": %s}\n' "$RSS_OFF" "$(python3 bench/tools.py rss-now "$SERVER")" >"$WORK/rss_end.json"
stop_server

# --- cold start ---------------------------------------------------------------------------
echo "cold start: $COLD_STARTS starts on the full catalogue..."
env "${SERVER_ENV[@]}" MARQUEE_RESPONSE_CACHE=on python3 bench/tools.py coldstart --url "$BASE/readyz" \
  --runs "$COLD_STARTS" --out "$WORK/coldstart.json" -- "$MARQUEE" serve >/dev/null

# --- the report ---------------------------------------------------------------------------
# RUST_LOG=warn: any line in the server's log is a warning or an error worth a look.
if [ -s "$WORK/server.log" ]; then
  echo "the server logged $(wc -l <"$WORK/server.log") lines (warnings or errors); the first ones:" >&2
  head -n 5 "$WORK/server.log" >&2
fi
META=$(python3 - "$ARTICLES" "$DURATION" "$ROUNDS" "$CONNECTIONS" "$THREADS" "$JUNK_CONNECTIONS" "$JUNK_DIST" \
  "$APPROVE_RATE" "$WARMUP" "$DEEP_PAGE" "$ARTICLE_RANK" "$COMMENT_CONNECTIONS" "$MARQUEE" <<'PY'
import datetime, json, os, sys
keys = ["articles", "duration", "rounds", "connections", "threads", "junk_connections", "junk_dist",
        "approve_rate", "warmup", "deep_page", "article_rank", "comment_connections"]
meta = {k: (v if k == "junk_dist" else float(v) if "." in v else int(v)) for k, v in zip(keys, sys.argv[1:])}
binary = sys.argv[-1]
meta["binary_built"] = datetime.datetime.fromtimestamp(os.stat(binary).st_mtime, datetime.timezone.utc).isoformat(timespec="seconds")
meta["date"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
meta["cores"] = os.cpu_count()
with open("/proc/meminfo") as f:
    meta["memory_gib"] = round(int(f.readline().split()[1]) / 1048576)
print(json.dumps(meta))
PY
)
python3 bench/report.py --work "$WORK" --db "$DB" --out "bench/results/$DB.json" --meta "$META"
python3 bench/chart.py
