#!/usr/bin/env bash
# Runs the examples as a user would: every Rust example in examples/rust/ (`cargo run
# --example NAME`, registered in the root Cargo.toml), then the CLI on the embedded demo
# (`demo`, `recommend --all --format json`, `evaluate`), and `policy test` on the demo policy with
# 10,000 generated cases through the release CLI. Any failure fails the script.
# The C examples run in scripts/test-c.sh and the notebook in scripts/test-python.sh (they
# need the C toolchain and the Python venv).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

for src in examples/rust/*.rs; do
    name="$(basename "$src" .rs)"
    args=()
    # The benchmark half of benches/python_recommend.py: a small run is enough to show it works.
    if [ "$name" = recommend_all ]; then args=(-- --employees 300 --runs 1); fi
    step "cargo run --example $name ${args[*]}"
    cargo run --quiet --example "$name" "${args[@]}" >/dev/null
done

step "cargo build -p kompetence-cli"
cargo build --quiet -p kompetence-cli
cli="${CARGO_TARGET_DIR:-target}/debug/kompetence"

step "kompetence demo"
"$cli" demo >/dev/null
step "kompetence recommend --all --format json"
"$cli" recommend --all --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d and all("chosen" in r for r in d); print(len(d), "recommendations")'
step "kompetence evaluate"
"$cli" evaluate >/dev/null

step "kompetence policy test demo --cases 10000 (release): the demo policy's assertions and the built-in invariants"
cargo run --quiet --release --bin kompetence -- policy test demo --cases 10000 --seed 2027

step "examples passed"
