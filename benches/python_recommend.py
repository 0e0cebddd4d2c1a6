"""recommend_all through Python vs the same work in Rust, on the same generated documents.

    python benches/python_recommend.py [--employees 10000] [--runs 5]

Runs `cargo run --release --example recommend_all -- --employees N --out DIR` (which writes the
generated documents to DIR and times `Engine::recommend_all` in Rust), then loads the same
documents with `kompetence.Engine.from_files` and times `engine.recommend_all()` — the native
call and wrapping its results (kept native) in a RecommendationTable — and prints the ratio
Python / Rust (the target is at most 1.2), then what `.to_pandas()` and `.to_dicts()` cost. Needs the `kompetence` package installed (scripts/test-python.sh
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
    # What an analyst does next, timed once each for the record (not part of the ratio):
    # the step DataFrame (columns assembled natively) and every result as Python dicts.
    start = time.perf_counter()
    frame = table.to_pandas()
    pandas_seconds = time.perf_counter() - start
    start = time.perf_counter()
    dicts = table.to_dicts()
    dicts_seconds = time.perf_counter() - start
    rust_median = float(rust["seconds_median"])
    ratio = python_median / rust_median
    print(f"people:              {people} (Rust: {rust['employees']})")
    print(f"Rust recommend_all:   median {rust_median:.3f} s over {rust['runs']} runs")
    print(f"Python recommend_all: median {python_median:.3f} s over {args.runs} runs")
    print(f"ratio Python / Rust:  {ratio:.2f}x (target <= 1.2x)")
    print(f"then .to_pandas():    {pandas_seconds:.3f} s ({len(frame)} rows)")
    print(f"then .to_dicts():     {dicts_seconds:.3f} s ({len(dicts)} dicts, every text of every person)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
