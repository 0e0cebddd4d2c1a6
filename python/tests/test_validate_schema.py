"""`validate` on every kind of input, and `schema` for every document kind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

import pytest

import kompetence
from kompetence import ValidationReport


@pytest.mark.parametrize("kind", ["organisation", "catalog", "policy"])
def test_valid_demo_documents_as_dict_text_bytes_and_path(
    kind: str, demo_docs: Dict[str, Any], data_dir: Path
) -> None:
    doc = demo_docs[kind]
    text = json.dumps(doc)
    path = data_dir / f"demo-{kind}.json"
    for given in (doc, text, text.encode("utf-8"), path, str(path)):
        report = kompetence.validate(given)
        assert report == ValidationReport(kind=kind, problems=())
        assert report.valid
        assert kompetence.validate(given, kind=kind).kind == kind


def test_problems_are_reported_not_raised(demo_docs: Dict[str, Any], data_dir: Path) -> None:
    bad = kompetence.validate(data_dir / "bad-json.json")
    assert not bad.valid and bad.problems
    v2 = kompetence.validate(data_dir / "policy-v2.json")
    assert v2.kind == "policy"
    assert [p.path for p in v2.problems] == ["schema_version"]
    demo_docs["policy"]["zones"]["stretch_max_jump"] = "two"
    shape = kompetence.validate(demo_docs["policy"])
    assert [p.path for p in shape.problems] == ["zones.stretch_max_jump"]
    assert shape.problems[0].document == "policy"
    assert shape.to_dict()["valid"] is False
    assert shape.to_dict()["problems"][0]["path"] == "zones.stretch_max_jump"


def test_undetectable_document_has_no_kind() -> None:
    report = kompetence.validate({"schema_version": 1})
    assert report.kind is None and not report.valid


def test_explicit_kind_overrides_detection(demo_docs: Dict[str, Any]) -> None:
    report = kompetence.validate(demo_docs["catalog"], kind="policy")
    assert report.kind == "policy" and not report.valid


def test_other_inputs_are_type_errors() -> None:
    with pytest.raises(TypeError):
        kompetence.validate(42)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", kompetence.DOCUMENT_KINDS)
def test_schema_for_every_kind(kind: str) -> None:
    s = kompetence.schema(kind)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["type"] == "object"
    assert "schema_version" in s["properties"]
    assert "schema_version" in s.get("required", [])


def test_document_kinds() -> None:
    assert kompetence.DOCUMENT_KINDS == ("organisation", "catalog", "policy", "evaluations")
