"""recommend_all through Python vs the same work in Rust, on the same generated documents.

    python benches/python_recommend.py [--employees 10000] [--runs 5]

Runs `cargo run --release --example recommend_all -- --employees N --out DIR` (which writes the
generated documents to DIR and times `Engine::recommend_all` in Rust), then loads the same
documents with `kompetence.Engine.from_files` and times `engine.recommend_all()` — the native
call, its JSON, and turning it into a RecommendationTable — and prints the ratio Python / Rust
(the target is at most 1.2). Needs the `kompetence` package installed (scripts/test-python.sh
builds it into target/py-venv) and cargo on PATH.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import kompetence

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kompetence-bench-") as tmp:
        out = subprocess.run(
            ["cargo", "run", "--quiet", "--release", "--example", "recommend_all", "--",
             "--employees", str(args.employees), "--runs", str(args.runs), "--out", tmp],
            cwd=ROOT, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        rust = json.loads(out.strip().splitlines()[-1])
        d = Path(tmp)
        engine = kompetence.Engine.from_files(d / "organisation.json", d / "catalog.json", d / "policy.json")

    engine.recommend_all()  # warm-up: thread pool, the engine's lazily read context
    seconds = []
    people = 0
    for _ in range(args.runs):
        start = time.perf_counter()
        table = engine.recommend_all()
        seconds.append(time.perf_counter() - start)
        people = len(table)
    python_median = statistics.median(seconds)
    rust_median = float(rust["seconds_median"])
    ratio = python_median / rust_median
    print(f"people:              {people} (Rust: {rust['employees']})")
    print(f"Rust recommend_all:   median {rust_median:.3f} s over {rust['runs']} runs")
    print(f"Python recommend_all: median {python_median:.3f} s over {args.runs} runs")
    print(f"ratio Python / Rust:  {ratio:.2f}x (target <= 1.2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
