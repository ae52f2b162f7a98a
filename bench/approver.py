#!/usr/bin/env python3
"""The steady comment approver: posts comments at a fixed rate on Zipf-popular articles.

Runs beside the long-tail readers. The catalogue's moderation rules approve every comment at
once, so each one changes its article's public page (its comment_count) and purges that
page from the response cache: the next reader of a popular page misses, as on a live site.

A few keep-alive connections (http.client, one thread each), paced against the clock:
comment n leaves at start + n / rate, so a slow answer delays only its own connection's
next comments (with four connections, answers may take up to 100 ms at 40/s). The
articles are drawn like the readers' (Zipf, s = 1.1, over every slug, rank 1 first).
Every body is distinct, so the duplicate rule never refuses one.

Runs until SIGTERM or SIGINT, then writes a JSON summary to --out (and stdout):
{"sent": n, "approved": n, "statuses": {"202": n, ...}, "errors": n, "seconds": s, "rate": r}.
Standard library only.

    python3 bench/approver.py --port 18300 --slugs slugs.txt --rate 40 --out approver.json
"""

import argparse
import bisect
import http.client
import json
import random
import signal
import sys
import threading
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--slugs", required=True)
    p.add_argument("--rate", type=float, default=40.0, help="comments per second")
    p.add_argument("--connections", type=int, default=4,
                   help="keep-alive connections, so one slow answer does not hold up the schedule")
    p.add_argument("--s", type=float, default=1.1, help="the Zipf exponent")
    p.add_argument("--seed", type=int, default=40)
    p.add_argument("--out", required=True)
    args = p.parse_args()

    slugs = [line.strip() for line in open(args.slugs, encoding="utf-8") if line.strip()]
    cdf, total = [], 0.0
    for k in range(1, len(slugs) + 1):
        total += k ** -args.s
        cdf.append(total)

    stop = threading.Event()
    lock = threading.Lock()
    tally = {"sent": 0, "approved": 0, "errors": 0, "statuses": {}}
    start = time.monotonic()

    def post(worker):
        """Comments worker, worker + C, worker + 2C, ...: each leaves at start + n / rate."""
        rng = random.Random(args.seed * 1000 + worker)
        conn = None
        n = worker
        while True:
            wait = start + n / args.rate - time.monotonic()
            if stop.wait(max(wait, 0)):
                break
            slug = slugs[min(bisect.bisect_left(cdf, rng.random() * total), len(slugs) - 1)]
            body = json.dumps({"author_name": f"Approver {n}", "author_email": f"approver{n}@bench.example",
                               "body": f"Comment {n} from the steady approver ({args.seed}): the ending made sense."})
            status, approved = None, False
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(args.host, args.port, timeout=10)
                conn.request("POST", f"/api/v1/articles/{slug}/comments", body=body,
                             headers={"content-type": "application/json"})
                response = conn.getresponse()
                payload = response.read()
                status = str(response.status)
                approved = response.status == 202 and json.loads(payload).get("status") == "approved"
            except (OSError, http.client.HTTPException, ValueError):
                if conn is not None:
                    conn.close()
                conn = None
            with lock:
                tally["sent"] += 1
                tally["approved"] += approved
                if status is None:
                    tally["errors"] += 1
                else:
                    tally["statuses"][status] = tally["statuses"].get(status, 0) + 1
            n += args.connections

    workers = [threading.Thread(target=post, args=(i,), daemon=True) for i in range(args.connections)]
    for t in workers:
        t.start()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.is_set():
        stop.wait(0.5)
    seconds = time.monotonic() - start
    for t in workers:
        t.join(timeout=15)
    with lock:
        summary = {**tally, "seconds": round(seconds, 2),
                   "rate": round(tally["sent"] / seconds, 1) if seconds else 0.0}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(summary, f)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
