#!/usr/bin/env python3
"""Before/after timing of the planner on one seeded instance, in the same run.

    python benches/plan_side_by_side.py --before OLD/plan_instance --after NEW/plan_instance \
        -- --people 100000 [--seats --buddies --units 5]

Runs both binaries' `bench` 5 times interleaved (best of 5 each, with the after binary's
phases) and, for the budget-only case, `numpy_greedy` from `compare_highs.py` (best of 3, array
building excluded). Requires numpy and highspy (imported by compare_highs).
"""

import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_highs import numpy_greedy  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("instance", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    args = [x for x in a.instance if x != "--"]
    runs = {"before": [], "after": []}
    for _ in range(a.runs):
        for name, binary in (("before", a.before), ("after", a.after)):
            runs[name].append(json.loads(subprocess.check_output([binary, "bench", *args])))
    for name, rs in runs.items():
        best = min(rs, key=lambda r: r["seconds"])
        print(f"{name} best of {a.runs}: {best['seconds']:.4f} s value {best['value']} "
              f"bound {best['bound']} gap {100 * best['gap']:.4g} % {best.get('phases', '')}")
    if "--seats" not in args and "--buddies" not in args and "--units" not in args:
        problem = json.loads(subprocess.check_output([a.after, "generate", *args]))
        seconds, value = min(numpy_greedy(problem) for _ in range(3))
        print(f"numpy best of 3: {seconds:.4f} s value {value:.3f}")


if __name__ == "__main__":
    main()
