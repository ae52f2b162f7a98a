#!/usr/bin/env bash
# examples/nginx/marquee.conf in front of two Marquee nodes on one PostgreSQL database, with
# curl as the client: requests reach both nodes, an edit through the balancer is what the
# next read through it shows whichever node answers, the nodes see each client's own
# address (so one client's failed logins do not throttle another, and a spoofed
# X-Forwarded-For changes nothing), the live change stream passes through unbuffered, and
# reads carry on when a node stops.
#
# Usage: tests/loadbalancer/run.sh MARQUEE_BINARY POSTGRES_ADMIN_URL
set -euo pipefail

BIN=$1
ADMIN_URL=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
DB="marquee_lb_$$"
EMAIL=admin@example.com
PASSWORD=correct-horse-battery
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "load balancer: $*" >&2
  for log in "$WORK"/*.log; do echo "--- $log" >&2; tail -n 20 "$log" >&2; done
  exit 1
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
json_field() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }
until_ok() {
  for _ in $(seq 1 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done
  fail "$1 never answered"
}

LB=$(free_port) N1=$(free_port) N2=$(free_port)
psql -q "$ADMIN_URL" -c "CREATE DATABASE $DB" >/dev/null
DB_URL="${ADMIN_URL%/*}/$DB"

# The example as it is committed, with free ports in place of 8080, 8081 and 8082.
sed -e "s/listen 8080;/listen 127.0.0.1:$LB;/" -e "s/127.0.0.1:8081/127.0.0.1:$N1/" -e "s/127.0.0.1:8082/127.0.0.1:$N2/" \
  "$ROOT/examples/nginx/marquee.conf" >"$WORK/marquee.conf"
mkdir -p "$WORK/tmp"
cat >"$WORK/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx.log warn;
events {}
http {
  access_log off;
  client_body_temp_path $WORK/tmp/body;
  proxy_temp_path $WORK/tmp/proxy;
  include $WORK/marquee.conf;
}
CONF
nginx -t -q -c "$WORK/nginx.conf" -p "$WORK" || fail "nginx refuses the example"

for port in "$N1" "$N2"; do
  env -i PATH="$PATH" DATABASE_URL="$DB_URL" MARQUEE_BIND="127.0.0.1:$port" MARQUEE_TRUSTED_PROXIES=127.0.0.1 \
    MARQUEE_ADMIN_EMAIL="$EMAIL" MARQUEE_ADMIN_PASSWORD="$PASSWORD" MARQUEE_WORKERS=2 \
    "$BIN" serve >"$WORK/node-$port.log" 2>&1 &
  PIDS+=($!)
  # One after the other, so the first has migrated and made the admin.
  until_ok "http://127.0.0.1:$port/readyz"
done
nginx -c "$WORK/nginx.conf" -p "$WORK" &
PIDS+=($!)
BASE="http://127.0.0.1:$LB"
until_ok "$BASE/readyz"

# Both nodes take requests.
for _ in $(seq 1 20); do curl -sf -o /dev/null "$BASE/readyz"; done
for port in "$N1" "$N2"; do
  served=$(curl -sf "http://127.0.0.1:$port/metrics" | grep '^marquee_http_requests_total{method="GET",route="/readyz",status="200"}' | awk '{print $2}')
  [ "${served:-0}" -gt 2 ] || fail "node $port served ${served:-0} of the balanced requests"
done

# An edit through the balancer is what the next reads through it show, whichever node.
TOKEN=$(curl -sf "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | json_field '["access_token"]')
MOVIE=$(curl -sf "$BASE/api/v1/admin/movies" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"title": "The Third Man"}')
ID=$(echo "$MOVIE" | json_field '["id"]')
SLUG=$(echo "$MOVIE" | json_field '["slug"]')
curl -sN --max-time 8 "$BASE/api/v1/changes/stream" >"$WORK/stream.txt" &
STREAM=$!
sleep 0.3
for i in $(seq 1 10); do
  curl -sf -o /dev/null -X PATCH "$BASE/api/v1/admin/movies/$ID" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "{\"synopsis\": \"edit $i\"}"
  for _ in 1 2; do
    # Two reads in a row: one from each node.
    shown=""
    for _ in $(seq 1 50); do
      shown=$(curl -sf "$BASE/api/v1/movies/$SLUG" | json_field '["synopsis"]')
      [ "$shown" = "edit $i" ] && break
      sleep 0.01
    done
    [ "$shown" = "edit $i" ] || fail "edit $i was not served within half a second (saw: $shown)"
  done
done

# The stream passed the edits through as they happened, not when it closed.
for _ in $(seq 1 50); do
  [ "$(grep -c "\"id\":$ID," "$WORK/stream.txt" || true)" -ge 10 ] && break
  sleep 0.1
done
[ "$(grep -c "\"id\":$ID," "$WORK/stream.txt" || true)" -ge 10 ] || fail "the change stream did not carry the edits"
kill "$STREAM" 2>/dev/null || true

# The nodes see each client's own address: one client's failures do not throttle another,
# and a forged X-Forwarded-For does not make a new client.
login_as() { # source address, password, extra curl arguments
  curl -s -o /dev/null -w '%{http_code}' --interface "$1" "$BASE/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$2\"}" "${@:3}"
}
for i in 1 2 3 4 5; do
  [ "$(login_as 127.0.0.70 wrong-password-$i)" = 401 ] || fail "failed login $i was not 401"
done
[ "$(login_as 127.0.0.70 "$PASSWORD")" = 429 ] || fail "the sixth try from one client was not refused"
[ "$(login_as 127.0.0.70 "$PASSWORD" -H "X-Forwarded-For: 203.0.113.$((RANDOM % 250))")" = 429 ] \
  || fail "a forged X-Forwarded-For made a new client"
[ "$(login_as 127.0.0.71 "$PASSWORD")" = 200 ] || fail "another client was throttled with the first"

# A node stops: the balancer sends every read to the other.
kill -TERM "${PIDS[0]}"
for i in $(seq 1 20); do
  status=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/movies/$SLUG")
  [ "$status" = 200 ] || fail "read $i with one node stopped answered $status"
done

echo "load balancer: two nodes behind examples/nginx/marquee.conf: balanced, coherent, streaming, client addresses kept, failover: ok"
