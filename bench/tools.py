#!/usr/bin/env python3
"""Small measuring tools for bench/run.sh, one subcommand each (standard library only):

  metrics URL                    the response cache counters from URL/metrics, as JSON
  cursor URL PAGE                the keyset cursor of list page PAGE (20 a page), following
                                 next_cursor from the first page
  rss PID OUT                    samples PID's VmRSS every 200 ms until SIGTERM (or PID ends),
                                 then writes {"max_kib", "first_kib", "last_kib", "samples"} to OUT
  rss-now PID                    PID's VmRSS in KiB
  count DATABASE_URL             the number of comment rows (sqlite3 module, or psql)
  coldstart --url U --runs N --out F -- CMD...
                                 starts CMD N times, each time timing exec to the first 200
                                 from U (/readyz), then stops it with SIGTERM
  record --file F --phase P --round R --scenario S --wrk OUT [--before J --after J] [--extra J]
                                 parses a wrk --latency output and appends it to F as one
                                 JSON line, with the cache hit rate between two `metrics`
                                 snapshots and any extra fields
"""

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

CACHE_METRICS = {"hits": "marquee_cache_hits_total", "misses": "marquee_cache_misses_total",
                 "evictions": "marquee_cache_evictions_total", "entries": "marquee_cache_entries",
                 "bytes": "marquee_cache_bytes"}


def metrics(url):
    """The cache counters (None for one the server does not export)."""
    text = urllib.request.urlopen(url.rstrip("/") + "/metrics", timeout=10).read().decode()
    values = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            values[name.split("{")[0]] = values.get(name.split("{")[0], 0.0) + float(value)
    return {key: values.get(name) for key, name in CACHE_METRICS.items()}


def cursor(url, page):
    """The cursor that fetches list page `page`; "" for the first."""
    value = ""
    for _ in range(page - 1):
        query = "limit=20" + (f"&cursor={urllib.parse.quote(value)}" if value else "")
        body = json.load(urllib.request.urlopen(f"{url.rstrip('/')}/api/v1/articles?{query}", timeout=30))
        value = body.get("next_cursor") or ""
        if not value:
            raise SystemExit(f"the list ends before page {page}")
    return value


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def sample_rss(pid, out):
    samples = []
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    while not stop:
        try:
            samples.append(rss_kib(pid))
        except OSError:
            break  # the process ended
        time.sleep(0.2)
    result = {"max_kib": max(samples, default=0), "first_kib": samples[0] if samples else 0,
              "last_kib": samples[-1] if samples else 0, "samples": len(samples)}
    with open(out, "w") as f:
        json.dump(result, f)


def count_comments(database_url):
    if database_url.startswith("sqlite://"):
        import sqlite3
        path = database_url[len("sqlite://"):]
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as db:
            return db.execute("SELECT count(*) FROM comments").fetchone()[0]
    out = subprocess.run(["psql", database_url, "-tAc", "SELECT count(*) FROM comments"],
                         check=True, capture_output=True, text=True).stdout
    return int(out.strip())


def ready_once(url, deadline):
    """Polls `url` until it answers 200; returns the seconds taken, or None after `deadline`."""
    parts = urllib.parse.urlsplit(url)
    start = time.monotonic()
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
        try:
            conn.request("GET", parts.path)
            if conn.getresponse().status == 200:
                return time.monotonic() - start
        except (OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()
        time.sleep(0.001)
    return None


def coldstart(url, runs, out, command):
    """Exec to the first 200 from `url`, `runs` times; each server is stopped after."""
    # SIGTERM (run.sh's trap) unwinds through the finally below, so no server is left behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    times, rss = [], []
    for _ in range(runs):
        start = time.monotonic()
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if ready_once(url, start + 60) is None:
                raise SystemExit(f"the server did not answer 200 on {url} within 60 s")
            times.append(round((time.monotonic() - start) * 1000, 1))
            rss.append(rss_kib(server.pid))
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    result = {"runs_ms": times, "median_ms": statistics.median(times), "rss_at_ready_kib": rss}
    with open(out, "w") as f:
        json.dump(result, f)
    print(json.dumps(result))


def ms(value):
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60000.0)):
        if value.endswith(unit):
            return float(value[: -len(unit)]) * factor
    return float(value)


def parse_wrk(text):
    def find(pattern, default=None):
        m = re.search(pattern, text)
        return m.group(1) if m else default

    if find(r"Requests/sec:\s+([\d.]+)") is None:
        raise SystemExit("not a wrk output:\n" + text)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    socket_errors = sum(int(x) for x in sockets.groups()) if sockets else 0
    non2xx = int(find(r"Non-2xx or 3xx responses: (\d+)", "0"))
    return {"rps": float(find(r"Requests/sec:\s+([\d.]+)")), "requests": int(find(r"(\d+) requests in")),
            "p50_ms": ms(find(r"\s50%\s+(\S+)")), "p99_ms": ms(find(r"\s99%\s+(\S+)")),
            "non2xx": non2xx, "socket_errors": socket_errors, "errors": non2xx + socket_errors}


def record(args):
    with open(args.wrk) as f:
        row = {"phase": args.phase, "round": args.round, "scenario": args.scenario, **parse_wrk(f.read())}
    if args.before and args.after:
        before, after = json.loads(args.before), json.loads(args.after)
        if before.get("hits") is not None and after.get("hits") is not None:
            hits, misses = after["hits"] - before["hits"], after["misses"] - before["misses"]
            row["cache"] = {"hits": hits, "misses": misses,
                            "hit_rate": round(hits / (hits + misses), 4) if hits + misses else None,
                            "evictions": (after["evictions"] or 0) - (before["evictions"] or 0),
                            "entries": after["entries"], "bytes": after["bytes"]}
    if args.extra:
        row.update(json.loads(args.extra))
    with open(args.file, "a") as f:
        f.write(json.dumps(row) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("metrics"); s.add_argument("url")
    s = sub.add_parser("cursor"); s.add_argument("url"); s.add_argument("page", type=int)
    s = sub.add_parser("rss"); s.add_argument("pid", type=int); s.add_argument("out")
    s = sub.add_parser("rss-now"); s.add_argument("pid", type=int)
    s = sub.add_parser("count"); s.add_argument("database_url")
    s = sub.add_parser("coldstart")
    s.add_argument("--url", required=True); s.add_argument("--runs", type=int, default=3)
    s.add_argument("--out", required=True); s.add_argument("cmd", nargs=argparse.REMAINDER)
    s = sub.add_parser("record")
    for name in ("--file", "--phase", "--scenario", "--wrk"):
        s.add_argument(name, required=True)
    s.add_argument("--round", type=int, required=True)
    s.add_argument("--before"); s.add_argument("--after"); s.add_argument("--extra")
    args = p.parse_args()

    if args.command == "metrics":
        print(json.dumps(metrics(args.url)))
    elif args.command == "cursor":
        print(cursor(args.url, args.page))
    elif args.command == "rss":
        sample_rss(args.pid, args.out)
    elif args.command == "rss-now":
        print(rss_kib(args.pid))
    elif args.command == "count":
        print(count_comments(args.database_url))
    elif args.command == "coldstart":
        command = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
        coldstart(args.url, args.runs, args.out, command)
    elif args.command == "record":
        record(args)


if __name__ == "__main__":
    main()
