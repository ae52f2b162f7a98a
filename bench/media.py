"""The media library's costs against a running server (driven by bench/media.sh).

    python3 bench/media.py BASE FIXTURES PID OUT.json

Logs in as the bench admin, then measures, each a median of ROUNDS:
  upload_ms    the answer to a 12-megapixel JPEG upload (variants are made after it)
  ready_ms     from that answer to status `ready` (15 variants in 3 formats)
  bomb_ms      a PNG whose header claims 30 000 x 30 000 pixels: refused, and the most
               the server's RSS grew meanwhile
  ready_24mp_ms  a 24-megapixel JPEG's variants, from the upload's answer to `ready`, with
                 the server's CPU seconds and peak RSS meanwhile
and once: 8 different 12-megapixel photos uploaded at the same moment until all are ready,
with the server's peak RSS (VmHWM) while they are processed. Writes the key of a ready item to
OUT.json for the serving phase.
"""

import json
import os
import statistics
import sys
import threading
import time
import urllib.request

ROUNDS = int(os.environ.get("ROUNDS", "5"))


def call(base, method, path, token=None, body=None, content_type=None):
    request = urllib.request.Request(base + path, data=body, method=method)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def login(base):
    body = json.dumps({"email": "bench@marquee.test", "password": os.environ.get("BENCH_PASSWORD", "bench-admin-password")}).encode()
    status, text = call(base, "POST", "/api/v1/auth/login", body=body, content_type="application/json")
    assert status == 200, text
    return json.loads(text)["access_token"]


def upload(base, token, data, name):
    started = time.perf_counter()
    status, text = call(base, "POST", "/api/v1/admin/media?filename=" + name, token, data, "image/jpeg")
    elapsed = (time.perf_counter() - started) * 1000
    assert status == 201, (status, text)
    return json.loads(text), elapsed


def wait_ready(base, token, item_id):
    while True:
        status, text = call(base, "GET", "/api/v1/admin/media/%d" % item_id, token)
        item = json.loads(text)
        if item["status"] == "ready":
            return item
        assert item["status"] == "processing", item
        time.sleep(0.02)


def delete(base, token, item_id):
    status, _ = call(base, "DELETE", "/api/v1/admin/media/%d" % item_id, token)
    assert status == 204, status


def reset_peak(pid):
    """Starts the process's peak RSS (VmHWM) again from its current RSS."""
    with open("/proc/%d/clear_refs" % pid, "w") as f:
        f.write("5")


def cpu_seconds(pid):
    """User and system CPU time the process has used."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def peak_rss_kib(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main():
    base, fixtures, pid, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    token = login(base)
    read = lambda name: open(os.path.join(fixtures, name), "rb").read()
    photo, bomb = read("photo-12mp.jpg"), read("bomb.png")

    uploads, readies, bombs = [], [], []
    for _ in range(ROUNDS):
        item, answered = upload(base, token, photo, "photo-12mp.jpg")
        started = time.perf_counter()
        ready = wait_ready(base, token, item["id"])
        readies.append((time.perf_counter() - started) * 1000)
        uploads.append(answered)
        assert len(ready["variants"]) == 15, ready
        # Deleted, so the next round's upload is new bytes to the library, not a reuse.
        delete(base, token, item["id"])
        time.sleep(0.5)
    time.sleep(1)
    rss_before_bombs = rss_kib(pid)
    reset_peak(pid)
    for _ in range(ROUNDS):
        started = time.perf_counter()
        status, _ = call(base, "POST", "/api/v1/admin/media?filename=bomb.png", token, bomb, "image/png")
        bombs.append((time.perf_counter() - started) * 1000)
        assert status == 422, status
    bomb_extra_mib = (peak_rss_kib(pid) - rss_before_bombs) / 1024

    readies_24, cpu_24 = [], []
    reset_peak(pid)
    for _ in range(ROUNDS):
        before = cpu_seconds(pid)
        item, _ = upload(base, token, read("photo-24mp.jpg"), "photo-24mp.jpg")
        started = time.perf_counter()
        wait_ready(base, token, item["id"])
        readies_24.append((time.perf_counter() - started) * 1000)
        cpu_24.append(cpu_seconds(pid) - before)
        delete(base, token, item["id"])
        time.sleep(0.5)

    peak_24 = peak_rss_kib(pid) / 1024

    photos = [read("photo-12mp-%d.jpg" % n) for n in range(8)]
    reset_peak(pid)
    barrier = threading.Barrier(len(photos))
    done = []

    def one(n):
        barrier.wait()
        item, _ = upload(base, token, photos[n], "photo-12mp-%d.jpg" % n)
        done.append(wait_ready(base, token, item["id"]))

    started = time.perf_counter()
    threads = [threading.Thread(target=one, args=(n,)) for n in range(len(photos))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    together_s = time.perf_counter() - started
    assert len(done) == len(photos)

    result = {
        "photo_bytes": len(photo),
        "upload_ms": statistics.median(uploads),
        "ready_ms": statistics.median(readies),
        "bomb_ms": statistics.median(bombs),
        "bomb_bytes": len(bomb),
        "bomb_extra_rss_mib": bomb_extra_mib,
        "ready_24mp_ms": statistics.median(readies_24),
        "cpu_24mp_s": statistics.median(cpu_24),
        "peak_rss_24mp_mib": peak_24,
        "eight_at_once_s": together_s,
        "peak_rss_mib": peak_rss_kib(pid) / 1024,
        "variant_path": next(v["url"] for v in done[0]["variants"] if v["width"] == 640 and v["format"] == "webp"),
    }
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
