#!/usr/bin/env bash
# Builds the Python wheel, installs it into a private venv and runs the Python tests against
# the *installed* package, then checks the hand-written stubs with mypy's stubtest, and
# executes the notebook examples/python/analysis.ipynb headless (any cell error fails).
# The CLI is built first: a test compares engine.recommend_all() with its JSON.
#
# Needs only Python (3.9+; 3.11 is what CI has), pip and a Rust toolchain; everything else
# comes from PyPI into target/py-venv (reused on later runs).
#
#   scripts/test-python.sh [pytest args...]
#
# Environment: PYTHON (interpreter for the venv, default python3), CARGO_TARGET_DIR (honoured).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
VENV="$ROOT/target/py-venv"
WHEELS="$ROOT/target/wheels"

if [[ ! -x "$VENV/bin/python" ]]; then
    echo "== creating $VENV"
    # Debian-based machines ship venv (with pip) as a separate package.
    if ! "$PYTHON" -m venv "$VENV"; then
        rm -rf "$VENV"
        apt-get update && apt-get install -y python3-venv
        "$PYTHON" -m venv "$VENV"
    fi
fi
PY="$VENV/bin/python"

echo "== installing build and test tools"
"$PY" -m pip install --quiet --disable-pip-version-check \
    "maturin>=1.9,<2" "pytest>=8,<10" "pandas>=2,<4" "mypy>=1.10,<3" \
    "nbclient>=0.10,<1" "nbformat>=5.10,<6" "ipykernel>=6.29,<8" "matplotlib>=3.8,<4"

echo "== building the CLI (the Python results are compared with its JSON)"
cargo build -p kompetence-cli
export KOMPETENCE_CLI="${CARGO_TARGET_DIR:-$ROOT/target}/debug/kompetence"

echo "== building the wheel"
rm -f "$WHEELS"/kompetence-*.whl
"$VENV/bin/maturin" build --release --interpreter "$PY" -o "$WHEELS"
wheel="$(ls "$WHEELS"/kompetence-*.whl | head -n 1)"

echo "== installing $(basename "$wheel")"
"$PY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"

echo "== pytest (against the installed wheel)"
# From python/tests the source package in python/kompetence is not on sys.path;
# test_install.py asserts that kompetence was imported from site-packages.
(cd "$ROOT/python/tests" && "$PY" -m pytest -W error -p no:cacheprovider "$@")

echo "== stubtest kompetence._native"
(cd "$ROOT/python/tests" && MYPY_CACHE_DIR="$ROOT/target/mypy-cache" "$PY" -m mypy.stubtest kompetence._native --mypy-config-file "$ROOT/python/mypy.ini")

echo "== mypy --strict (the installed package, then the tests)"
(cd "$ROOT/python/tests" && "$PY" -m mypy --cache-dir "$ROOT/target/mypy-cache" --config-file "$ROOT/python/mypy.ini" -p kompetence)
(cd "$ROOT/python/tests" && "$PY" -m mypy --cache-dir "$ROOT/target/mypy-cache" --config-file "$ROOT/python/mypy.ini" .)

echo "== examples/python/analysis.ipynb (headless, matplotlib backend Agg)"
MPLBACKEND=Agg "$PY" - "$ROOT/examples/python/analysis.ipynb" <<'PYEOF'
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

path = Path(sys.argv[1])
nb = nbformat.read(path, as_version=4)
# Raises CellExecutionError (and so fails this script) on the first cell that raises.
NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
print(f"{path.name}: {sum(c.cell_type == 'code' for c in nb.cells)} code cells ran without error")
PYEOF
