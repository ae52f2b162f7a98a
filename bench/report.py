#!/usr/bin/env python3
"""Summarises bench/run.sh rounds: medians per target and ratios to /healthz of the same round."""

import statistics
import sys


def ms(value):
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if value.endswith(unit):
            return float(value[: -len(unit)]) * factor
    return float(value)


def main():
    path, label, articles, duration, connections = sys.argv[1:]
    rows = [line.rstrip("\n").split("\t") for line in open(path)]
    rounds = sorted({r[0] for r in rows})
    by = {(r[0], r[1]): r for r in rows}
    names = ["healthz", "article", "first_page", "deep_page"]
    print(f"\n{label}: {articles} articles, wrk {connections} connections, {duration} s per target, "
          f"{len(rounds)} rounds, medians")
    print(f"{'target':<12}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'vs healthz':>12}")
    for name in names:
        rps = statistics.median(float(by[(r, name)][2]) for r in rounds)
        p50 = statistics.median(ms(by[(r, name)][3]) for r in rounds)
        p99 = statistics.median(ms(by[(r, name)][4]) for r in rounds)
        errors = sum(int(by[(r, name)][5]) for r in rounds)
        ratio = statistics.median(float(by[(r, name)][2]) / float(by[(r, "healthz")][2]) for r in rounds)
        print(f"{name:<12}{rps:>10.0f}{p50:>9.2f}{p99:>9.2f}{errors:>8}{ratio:>12.2f}")
    deep = statistics.median(ms(by[(r, "deep_page")][3]) / ms(by[(r, "first_page")][3]) for r in rounds)
    print(f"deep page p50 / first page p50: {deep:.2f}")


if __name__ == "__main__":
    main()
