#!/usr/bin/env python3
"""Summarises a bench/run.sh run: medians over the rounds, each scenario's ratio to the
/healthz measured in the same phase and round, the cache, RSS, comment and start-up
figures, and the issue's targets. Prints a table and writes the results as JSON.

    python3 bench/report.py --work DIR --db sqlite --out bench/results/sqlite.json
    python3 bench/report.py --markdown bench/results/sqlite.json    # tables for README.md

DIR holds what run.sh collected: records.jsonl (one line per wrk run, from `tools.py
record`), seed.json, comments.json, coldstart.json and rss_end.json.
"""

import argparse
import json
import os
import statistics
import sys

# (phase, scenario, label), in table order.
ROWS = [
    ("cache_on", "healthz", "/healthz"),
    ("cache_on", "longtail", "long-tail reads, comments landing"),
    ("cache_on", "junk_readers", "long-tail reads during junk"),
    ("cache_on", "junk", "junk query strings (16 conn.)"),
    ("cache_on", "longtail_after", "long-tail reads after junk"),
    ("cache_on", "article", "one article by slug"),
    ("cache_on", "first_page", "first list page"),
    ("cache_on", "deep_page", "deep list page"),
    ("cache_off", "healthz", "/healthz"),
    ("cache_off", "article", "one article by slug"),
    ("cache_off", "first_page", "first list page"),
    ("cache_off", "deep_page", "deep list page"),
    ("comments", "healthz", "/healthz"),
    ("comments", "comments", "comment submission (16 conn.)"),
]
PHASES = {"cache_on": "response cache on", "cache_off": "response cache off (every read runs its queries)",
          "comments": "comment submission"}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def load(path, default=None):
    if not os.path.exists(path):
        return default
    with open(path) as f:
        return json.load(f)


def summarise(records):
    """One entry per (phase, scenario): medians, summed errors, per-round detail."""
    by = {}
    for r in records:
        by.setdefault((r["phase"], r["scenario"]), {})[r["round"]] = r
    out = []
    for phase, scenario, label in ROWS:
        rounds = by.get((phase, scenario))
        if not rounds:
            continue
        health = by.get((phase, "healthz"), {})
        detail = []
        for n, r in sorted(rounds.items()):
            ratio = r["rps"] / health[n]["rps"] if n in health and health[n]["rps"] else None
            detail.append({**{k: v for k, v in r.items() if k not in ("phase", "scenario")},
                           "ratio": round(ratio, 4) if ratio is not None else None})
        entry = {"id": f"{phase}.{scenario}", "phase": phase, "scenario": scenario, "label": label,
                 "rps": median(d["rps"] for d in detail), "p50_ms": median(d["p50_ms"] for d in detail),
                 "p99_ms": median(d["p99_ms"] for d in detail), "errors": sum(d["errors"] for d in detail),
                 "ratio": median(d["ratio"] for d in detail),
                 "healthz_rps": median(h["rps"] for h in health.values()), "rounds": detail}
        hit_rates = [d["cache"]["hit_rate"] for d in detail if d.get("cache")]
        if hit_rates:
            entry["cache_hit_rate"] = median(hit_rates)
        if any("approver" in d for d in detail):
            entry["approver_sent"] = median(d["approver"]["sent"] for d in detail if "approver" in d)
            entry["approver_approved"] = median(d["approver"]["approved"] for d in detail if "approver" in d)
            entry["approver_rate"] = median(d["approver"]["rate"] for d in detail if "approver" in d)
        out.append(entry)
    return out


def per_round_ratio(records, phase, top, bottom, field):
    """Median over rounds of top/bottom for one field (e.g. after-junk rps / before-junk rps)."""
    rows = {(r["scenario"], r["round"]): r for r in records if r["phase"] == phase}
    ratios = [rows[(top, n)][field] / rows[(bottom, n)][field]
              for (s, n) in rows if s == top and (bottom, n) in rows and rows[(bottom, n)][field]]
    return round(median(ratios), 3) if ratios else None


def fmt(value, spec):
    return "-" if value is None else format(value, spec)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--work")
    p.add_argument("--db")
    p.add_argument("--out")
    p.add_argument("--meta", default="{}", help="run settings as JSON (articles, duration, ...)")
    p.add_argument("--markdown", metavar="RESULTS", help="print a results file as markdown tables, and stop")
    args = p.parse_args()
    if args.markdown:
        with open(args.markdown) as f:
            return print_markdown(json.load(f))
    if not (args.work and args.db and args.out):
        p.error("--work, --db and --out are needed")

    with open(os.path.join(args.work, "records.jsonl")) as f:
        records = [json.loads(line) for line in f if line.strip()]
    meta = json.loads(args.meta)
    scenarios = summarise(records)
    find = {s["id"]: s for s in scenarios}
    seed = load(os.path.join(args.work, "seed.json"), {})
    comments = load(os.path.join(args.work, "comments.json"))
    coldstart = load(os.path.join(args.work, "coldstart.json"))
    rss_end = load(os.path.join(args.work, "rss_end.json"), {})

    junk_rss = [r["rss"] for r in records if r["scenario"] == "junk_readers" and "rss" in r]
    junk = {
        "max_rss_mib": round(max(r["max_kib"] for r in junk_rss) / 1024, 1) if junk_rss else None,
        "rss_before_mib": round(junk_rss[0]["first_kib"] / 1024, 1) if junk_rss else None,
        "after_vs_before": per_round_ratio(records, "cache_on", "longtail_after", "longtail", "rps"),
        "distribution": meta.get("junk_dist"),
        "connections": {"readers": meta.get("connections"), "junk": meta.get("junk_connections")},
    }
    deep = {phase: per_round_ratio(records, phase, "deep_page", "first_page", "p50_ms")
            for phase in ("cache_on", "cache_off")}
    if comments:
        c = find.get("comments.comments")
        acknowledged = sum(r["requests"] - r["non2xx"] for r in c["rounds"]) if c else 0
        comments.update({"acknowledged": acknowledged, "refused": c["errors"] if c else 0,
                         "stored": comments["after"] - comments["before"]})
        comments["lost"] = max(acknowledged - comments["stored"], 0)

    results = {"db": args.db, **meta, "seed": seed, "scenarios": scenarios, "junk": junk,
               "deep_vs_first_p50": deep, "comments": comments, "cold_start": coldstart,
               "rss_end_mib": {k: round(v / 1024, 1) for k, v in rss_end.items()}}
    results["targets"] = targets(args.db, find, junk, deep, comments, coldstart, results["rss_end_mib"])
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=1)
        f.write("\n")
    print_table(results, scenarios)
    print(f"\nwrote {args.out}")


def targets(db, find, junk, deep, comments, coldstart, rss_end):
    """The issue's targets with what was measured: (what, target, measured, met)."""
    def get(key, field):
        return find.get(key, {}).get(field)

    longtail = "cache_on.longtail"
    rows = []
    if db == "sqlite":
        rows += [
            ("long-tail reads vs /healthz", ">= 0.5", get(longtail, "ratio"), lambda v: v >= 0.5),
            ("long-tail reads p99 ms", "< 10", get(longtail, "p99_ms"), lambda v: v < 10),
            ("long-tail reads errors", "0", get(longtail, "errors"), lambda v: v == 0),
            ("max RSS during junk, MiB", "<= 128", junk["max_rss_mib"], lambda v: v <= 128),
            ("reads after junk / before", ">= 0.8", junk["after_vs_before"], lambda v: v >= 0.8),
            ("uncached article vs /healthz", ">= 0.1", get("cache_off.article", "ratio"), lambda v: v >= 0.1),
            ("uncached list page vs /healthz", ">= 0.15", get("cache_off.first_page", "ratio"), lambda v: v >= 0.15),
            ("comments/s (16 conn.)", ">= 3000", get("comments.comments", "rps"), lambda v: v >= 3000),
            ("comments p99 ms", "< 50", get("comments.comments", "p99_ms"), lambda v: v < 50),
            ("start to ready, ms", "< 200", (coldstart or {}).get("median_ms"), lambda v: v < 200),
            ("deep / first page p50, cache off", "<= 1.5", deep.get("cache_off"), lambda v: v <= 1.5),
            ("deep / first page p50, cache on", "<= 1.5", deep.get("cache_on"), lambda v: v <= 1.5),
            ("RSS after the whole run, MiB", "< 128", rss_end.get("cache_on"), lambda v: v < 128),
        ]
    else:
        rows += [
            ("long-tail reads vs /healthz", ">= 0.3", get(longtail, "ratio"), lambda v: v >= 0.3),
            ("uncached article vs /healthz", ">= 0.05", get("cache_off.article", "ratio"), lambda v: v >= 0.05),
        ]
    rows.append(("acknowledged comments lost", "0", (comments or {}).get("lost"), lambda v: v == 0))
    return [{"what": what, "target": target, "measured": value, "met": None if value is None else bool(test(value))}
            for what, target, value, test in rows]


def print_markdown(r):
    """The scenario table and the other figures of one results file, for bench/README.md."""
    name = {"sqlite": "SQLite", "postgres": "PostgreSQL"}.get(r["db"], r["db"])
    print(f"{name}, {r.get('articles')} articles, {r.get('rounds')} round(s) of {r.get('duration')} s, "
          f"{r.get('date', '')[:10]}:")
    phase = None
    for s in r["scenarios"]:
        if s["phase"] != phase:
            phase = s["phase"]
            print(f"\n| {PHASES[phase]} | req/s | p50 ms | p99 ms | errors | vs /healthz | cache hits |")
            print("|---|---:|---:|---:|---:|---:|---:|")
        hits = s.get("cache_hit_rate")
        label = "`/healthz`" if s["scenario"] == "healthz" else s["label"]
        rps = f"{s['rps']:,.0f}".replace(",", " ")
        print(f"| {label} | {rps} | {s['p50_ms']:.2f} | {s['p99_ms']:.2f} | {s['errors']} | "
              f"{fmt(s['ratio'], '.2f')} | {'-' if hits is None else format(hits * 100, '.1f') + ' %'} |")
    print()
    for t in r["targets"]:
        mark = "n/a" if t["met"] is None else ("met" if t["met"] else "**missed**")
        measured = t["measured"]
        measured = f"{measured:.3f}".rstrip("0").rstrip(".") if isinstance(measured, float) else measured
        print(f"- {t['what']}: {measured} (target {t['target']}): {mark}")
    j, c, cs = r["junk"], r.get("comments") or {}, r.get("cold_start") or {}
    print(f"- junk: max RSS {j['max_rss_mib']} MiB (from {j['rss_before_mib']}); after / before {j['after_vs_before']}")
    if c:
        print(f"- comments: {c['acknowledged']} acknowledged, {c['stored']} stored, {c['lost']} lost")
    if cs:
        print(f"- start to ready: {cs['median_ms']} ms (runs {', '.join(str(x) for x in cs['runs_ms'])})")
    print(f"- seeding: generated in {r['seed'].get('generate_s')} s, imported in {r['seed'].get('import_s')} s; "
          f"RSS at the end {r['rss_end_mib'].get('cache_on')} MiB")


def print_table(results, scenarios):
    r = results
    print(f"\n{r['db']}: {r.get('articles')} articles, wrk {r.get('threads')} threads x {r.get('connections')} "
          f"connections, {r.get('duration')} s per run, {r.get('rounds')} round(s), medians "
          "(ratios to the /healthz of the same phase and round)")
    header = f"{'scenario':<36}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'vs healthz':>12}{'cache hits':>12}"
    phase = None
    for s in scenarios:
        if s["phase"] != phase:
            phase = s["phase"]
            print(f"\n{PHASES[phase]}\n{header}")
        hits = s.get("cache_hit_rate")
        print(f"{s['label']:<36}{s['rps']:>10.0f}{s['p50_ms']:>9.2f}{s['p99_ms']:>9.2f}{s['errors']:>8}"
              f"{fmt(s['ratio'], '.3f'):>12}{fmt(hits * 100 if hits is not None else None, '.1f') + ('%' if hits is not None else ''):>12}")
    print()
    seed = r["seed"]
    if seed:
        print(f"seeding: catalogue generated in {seed.get('generate_s')} s ({seed.get('catalogue_mib')} MiB), "
              f"imported in {seed.get('import_s')} s")
    lt = next((s for s in scenarios if s["id"] == "cache_on.longtail"), None)
    if lt and "approver_sent" in lt:
        print(f"comment approver during the long tail: {lt['approver_sent']:.0f} sent, "
              f"{lt['approver_approved']:.0f} approved per run ({lt['approver_rate']}/s)")
    j = r["junk"]
    print(f"junk ({j['distribution']} over the articles, readers {j['connections']['readers']} + junk "
          f"{j['connections']['junk']} connections): max RSS {fmt(j['max_rss_mib'], '.1f')} MiB "
          f"(from {fmt(j['rss_before_mib'], '.1f')}); reads after / before junk {fmt(j['after_vs_before'], '.3f')}")
    d = r["deep_vs_first_p50"]
    print(f"deep page p50 / first page p50: cache on {fmt(d['cache_on'], '.2f')}, cache off {fmt(d['cache_off'], '.2f')}")
    c = r["comments"]
    if c:
        print(f"comments: acknowledged {c['acknowledged']}, refused {c['refused']}, stored {c['stored']}: "
              + ("nothing lost" if c["lost"] == 0 else f"LOST {c['lost']}"))
    cs = r["cold_start"]
    if cs:
        print(f"start to ready: median {cs['median_ms']} ms (runs {cs['runs_ms']}), RSS at ready "
              f"{round(statistics.median(cs['rss_at_ready_kib']) / 1024, 1)} MiB")
    if r["rss_end_mib"]:
        print("RSS at the end: " + ", ".join(f"{k.replace('_', ' ')} server {v} MiB" for k, v in r["rss_end_mib"].items()))
    print("\ntargets (issue 14):")
    for t in r["targets"]:
        mark = "n/a " if t["met"] is None else ("met " if t["met"] else "MISS")
        measured = t["measured"]
        measured = f"{measured:.3f}".rstrip("0").rstrip(".") if isinstance(measured, float) else measured
        print(f"  {mark} {t['what']:<36} {t['target']:>8}   measured {measured}")


if __name__ == "__main__":
    sys.exit(main())
