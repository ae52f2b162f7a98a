# Shell helpers for the CI scripts that need a live server; source this file.

# wait_for URL [LOG]: returns once URL answers 2xx, or fails after 15 s showing LOG's tail.
wait_for() {
  for _ in $(seq 1 150); do
    curl -fsS "$1" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "not answering: $1" >&2
  [ -n "${2:-}" ] && tail -n 20 "$2" >&2
  return 1
}

# serve_marquee BIN PORT LOG [VAR=value...]: starts `BIN serve` on 127.0.0.1:PORT with the
# variables given (RUST_LOG=warn unless set), sets SERVER_PID, and returns once it is ready.
serve_marquee() {
  local bin=$1 port=$2 log=$3
  shift 3
  env RUST_LOG=warn "$@" MARQUEE_BIND="127.0.0.1:$port" "$bin" serve >"$log" 2>&1 &
  SERVER_PID=$!
  wait_for "http://127.0.0.1:$port/readyz" "$log"
}
