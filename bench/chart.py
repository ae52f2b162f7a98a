#!/usr/bin/env python3
"""Draws bench/chart.svg from bench/results/sqlite.json and, when present, postgres.json.

Two panels, one row per scenario, SQLite and PostgreSQL side by side in each row:
requests/s (each bar over a pale bar: the /healthz of the same phase, with the ratio
written beside it) and p99 latency. Both axes are logarithmic, because an uncached read and
a cached one differ fiftyfold. Hand-written SVG, standard library only.

    python3 bench/chart.py [--results bench/results] [--out bench/chart.svg]
"""

import argparse
import json
import math
import os
from xml.sax.saxutils import escape

DATABASES = [("sqlite", "SQLite", "#2f6db5", "#c9daf0"), ("postgres", "PostgreSQL", "#d2691e", "#f4d9c4")]
PHASES = {"cache_on": "Response cache on", "cache_off": "Response cache off", "comments": "Comment submission"}

WIDTH = 1220
LEFT = 250            # scenario labels
PANEL = 420           # width of each panel's plot area
GAP = 70              # between the panels
BAR = 11              # one bar's height
TOP = 124


def log_axis(values):
    """The ends of a log axis: 1, 2 or 5 times a power of ten, around every value."""
    values = [v for v in values if v and v > 0]
    if not values:
        return 1.0, 10.0
    steps = [m * 10.0 ** e for e in range(-3, 8) for m in (1, 2, 5)]
    return max(x for x in steps if x <= min(values)), min(x for x in steps if x >= max(values) * 1.15)


def ticks(lo, hi):
    """Gridlines: the powers of ten within the axis, and its two ends."""
    marks = {lo, hi}
    decade = 10.0 ** math.ceil(math.log10(lo) - 1e-9)
    while decade <= hi * 1.0001:
        marks.add(decade)
        decade *= 10
    return sorted(marks)


def number(v):
    if v >= 1_000_000:
        return f"{v / 1_000_000:.0f}M"
    if v >= 10_000:
        return f"{v / 1000:.0f}k"
    if v >= 1000:
        return f"{v / 1000:.1f}k"
    return f"{v:.0f}" if v >= 10 else f"{v:.2g}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--results", default=os.path.join(os.path.dirname(__file__), "results"))
    p.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "chart.svg"))
    args = p.parse_args()

    runs = {}
    for key, *_ in DATABASES:
        path = os.path.join(args.results, f"{key}.json")
        if os.path.exists(path):
            with open(path) as f:
                runs[key] = json.load(f)
    if not runs:
        raise SystemExit(f"no results in {args.results}")
    dbs = [d for d in DATABASES if d[0] in runs]

    # Rows: every scenario in the runs' order, /healthz first in each phase.
    rows, seen = [], set()
    for key, *_ in dbs:
        for s in runs[key]["scenarios"]:
            if s["id"] not in seen:
                seen.add(s["id"])
                rows.append((s["id"], s["phase"], s["label"]))
    by = {key: {s["id"]: s for s in runs[key]["scenarios"]} for key, *_ in dbs}

    rps_lo, rps_hi = log_axis([s.get(f) for r in by.values() for s in r.values() for f in ("rps", "healthz_rps")])
    p99_lo, p99_hi = log_axis([s.get("p99_ms") for r in by.values() for s in r.values()])
    row_h = len(dbs) * (BAR + 3) + 12
    heading_h = 26

    # Layout: y of each phase heading and each row.
    y, layout, phase = TOP, [], None
    for sid, ph, label in rows:
        if ph != phase:
            phase = ph
            layout.append(("heading", ph, y))
            y += heading_h
        layout.append(("row", (sid, label), y))
        y += row_h
    height = y + 50

    out = []
    add = out.append
    add(f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        'font-family="Helvetica, Arial, sans-serif" font-size="12">')
    add(f'<rect width="{WIDTH}" height="{height}" fill="white"/>')
    first = next(iter(runs.values()))
    add(f'<text x="20" y="30" font-size="18" font-weight="bold">Marquee under a real site\'s load '
        f'({first.get("articles")} articles)</text>')
    add(f'<text x="20" y="50" fill="#555">wrk {first.get("threads")} threads × {first.get("connections")} connections on '
        f'loopback, {first.get("cores")} cores shared with the server; medians of {first.get("rounds")} '
        f'round{"s" if first.get("rounds") != 1 else ""} of {first.get("duration")} s; ' + escape(", ".join(f"{n} {runs[k].get('date', '')[:10]}" for k, n, *_ in dbs))
        + '</text>')

    panels = [("requests/s (log scale) · ratio to /healthz", LEFT, rps_lo, rps_hi),
              ("p99 latency, ms (log scale)", LEFT + PANEL + GAP, p99_lo, p99_hi)]

    def xpos(x0, lo, hi, v):
        v = min(max(v, lo), hi)
        return x0 + PANEL * (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))

    for title, x0, lo, hi in panels:
        add(f'<text x="{x0}" y="{TOP - 22}" font-weight="bold">{escape(title)}</text>')
        for mark in ticks(lo, hi):
            x = xpos(x0, lo, hi, mark)
            add(f'<line x1="{x:.1f}" y1="{TOP - 10}" x2="{x:.1f}" y2="{height - 40}" stroke="#ddd"/>')
            add(f'<text x="{x:.1f}" y="{height - 26}" text-anchor="middle" fill="#555">{number(mark)}</text>')

    for kind, what, y0 in layout:
        if kind == "heading":
            add(f'<text x="20" y="{y0 + 17}" font-weight="bold" fill="#333">{escape(PHASES.get(what, what))}</text>')
            add(f'<line x1="20" y1="{y0 + 22}" x2="{WIDTH - 20}" y2="{y0 + 22}" stroke="#999"/>')
            continue
        sid, label = what
        add(f'<text x="{LEFT - 10}" y="{y0 + row_h / 2 + 2}" text-anchor="end">{escape(label)}</text>')
        for i, (key, name, colour, pale) in enumerate(dbs):
            s = by[key].get(sid)
            yb = y0 + 4 + i * (BAR + 3)
            if not s:
                continue
            x0, lo, hi = LEFT, rps_lo, rps_hi
            if s.get("healthz_rps") and s["scenario"] != "healthz":
                add(f'<rect x="{x0}" y="{yb}" width="{xpos(x0, lo, hi, s["healthz_rps"]) - x0:.1f}" height="{BAR}" fill="{pale}"/>')
            xe = xpos(x0, lo, hi, s["rps"])
            add(f'<rect x="{x0}" y="{yb}" width="{xe - x0:.1f}" height="{BAR}" fill="{colour}">'
                f'<title>{escape(name)}: {s["rps"]:.0f} req/s</title></rect>')
            ratio = ""
            if s.get("ratio") is not None and s["scenario"] != "healthz":
                ratio = f' · {s["ratio"]:.2f}×' if s["ratio"] >= 0.1 else f' · {s["ratio"]:.3f}×'
            add(f'<text x="{xe + 4:.1f}" y="{yb + BAR - 1}" font-size="10" fill="#222">{number(s["rps"])}{ratio}</text>')
            x0, lo, hi = LEFT + PANEL + GAP, p99_lo, p99_hi
            xe = xpos(x0, lo, hi, s["p99_ms"])
            add(f'<rect x="{x0}" y="{yb}" width="{xe - x0:.1f}" height="{BAR}" fill="{colour}">'
                f'<title>{escape(name)}: p99 {s["p99_ms"]:.2f} ms</title></rect>')
            add(f'<text x="{xe + 4:.1f}" y="{yb + BAR - 1}" font-size="10" fill="#222">{s["p99_ms"]:.3g} ms</text>')

    # Legend.
    for i, (key, name, colour, pale) in enumerate(dbs):
        lx = 20 + i * 260
        add(f'<rect x="{lx}" y="64" width="14" height="11" fill="{colour}"/>')
        add(f'<text x="{lx + 20}" y="74">{escape(name)}</text>')
        add(f'<rect x="{lx + 110}" y="64" width="14" height="11" fill="{pale}"/>')
        add(f'<text x="{lx + 130}" y="74" fill="#555">its /healthz</text>')
    add('</svg>')
    with open(args.out, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
