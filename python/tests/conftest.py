"""Shared fixtures. The tests run against the *installed* wheel (see test_install.py)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Dict

import pytest

import kompetence

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def engine() -> kompetence.Engine:
    return kompetence.Engine.demo()


@pytest.fixture(scope="session")
def _demo_docs() -> Dict[str, Dict[str, Any]]:
    e = kompetence.Engine.demo()
    return {kind: e.document(kind) for kind in ("organisation", "catalog", "policy")}


@pytest.fixture
def demo_docs(_demo_docs: Dict[str, Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    """The demo's documents as dicts; a fresh deep copy per test, free to mutate."""
    return copy.deepcopy(_demo_docs)


def write_docs(directory: Path, docs: Dict[str, Dict[str, Any]]) -> Dict[str, Path]:
    paths = {}
    for kind, doc in docs.items():
        p = directory / f"{kind}.json"
        p.write_text(json.dumps(doc), encoding="utf-8")
        paths[kind] = p
    return paths
