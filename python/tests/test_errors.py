"""Every exception type, with its class hierarchy, problems and field paths."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import pytest

import kompetence
from kompetence import (
    Engine,
    InvalidArgumentError,
    KompetenceError,
    LimitExceededError,
    NotFoundError,
    ParseError,
    Problem,
    UnsupportedVersionError,
    ValidationError,
)
from kompetence import _native

# class, extra builtin base, core kind name
HIERARCHY = [
    (ParseError, ValueError, "parse"),
    (ValidationError, ValueError, "validation"),
    (UnsupportedVersionError, ValueError, "unsupported_version"),
    (NotFoundError, KeyError, "not_found"),
    (LimitExceededError, ValueError, "limit_exceeded"),
    (InvalidArgumentError, ValueError, "invalid_argument"),
]


@pytest.mark.parametrize("cls, base, kind", HIERARCHY)
def test_hierarchy(cls: type, base: type, kind: str) -> None:
    assert issubclass(cls, KompetenceError) and issubclass(cls, base)
    assert not issubclass(cls, RuntimeError)
    assert cls.kind == kind
    assert cls.__module__ == "kompetence"
    assert issubclass(KompetenceError, Exception)


@pytest.mark.parametrize("cls, base, kind", HIERARCHY)
def test_every_core_kind_maps_to_its_class_with_problems(cls: type, base: type, kind: str) -> None:
    err = _native._error_for_testing(kind, [("zones.stretch_max_jump", '"two"', "not a number")])
    assert type(err) is cls
    assert err.path == "zones.stretch_max_jump" and err.document == "policy"
    assert err.problems == [Problem("zones.stretch_max_jump", '"two"', "not a number", "policy")]
    assert kind in str(err) and "zones.stretch_max_jump" in str(err)
    with pytest.raises(base):
        raise err


def test_unknown_kinds_map_to_the_root_class() -> None:
    err = _native._error_for_testing("some_future_kind", [])
    assert type(err) is KompetenceError
    assert err.problems == [] and err.path == "" and err.document is None


def test_validation_error_carries_every_problem_in_order() -> None:
    err = _native._error_for_testing("validation", [("a", "1", "first"), ("b[2].c", "2", "second")])
    assert isinstance(err, ValidationError)
    assert [p.path for p in err.problems] == ["a", "b[2].c"]
    assert err.path == "a"
    assert "2 problems" in str(err)


def test_exceptions_pickle_with_their_problems() -> None:
    err = _native._error_for_testing("validation", [("a", "1", "first"), ("b", "2", "second")])
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is ValidationError
    assert back.problems == err.problems and back.path == err.path and str(back) == str(err)


def test_exceptions_can_be_raised_by_user_code() -> None:
    err = ValidationError("mine", [Problem("p", "1", "m", "catalog")])
    assert err.path == "p" and err.document == "catalog" and str(err) == "mine"
    assert KompetenceError().problems == []


def test_bad_json_file_is_a_parse_error(data_dir: Path) -> None:
    with pytest.raises(ParseError) as info:
        Engine.from_files(data_dir / "demo-organisation.json", data_dir / "demo-catalog.json", data_dir / "bad-json.json")
    assert info.value.document == "policy"
    assert isinstance(info.value, ValueError)


def test_wrong_shape_is_a_parse_error_with_the_field_path(demo_docs: Dict[str, Any]) -> None:
    demo_docs["policy"]["zones"]["stretch_max_jump"] = "two"
    with pytest.raises(ParseError) as info:
        Engine.from_dict(demo_docs["organisation"], demo_docs["catalog"], demo_docs["policy"])
    assert info.value.path == "zones.stretch_max_jump"
    assert info.value.document == "policy"
    assert info.value.problems[0].path == "zones.stretch_max_jump"


def test_unknown_field_is_a_parse_error(demo_docs: Dict[str, Any]) -> None:
    demo_docs["organisation"]["employees"][0]["shoe_size"] = 44
    with pytest.raises(ParseError) as info:
        Engine.from_dict(demo_docs["organisation"], demo_docs["catalog"], demo_docs["policy"])
    assert info.value.path.startswith("employees[0]")
    assert info.value.document == "organisation"


def test_nan_is_a_parse_error_not_a_crash(demo_docs: Dict[str, Any]) -> None:
    demo_docs["policy"]["weights"]["role"] = float("nan")
    with pytest.raises(ParseError):
        Engine.from_dict(demo_docs["organisation"], demo_docs["catalog"], demo_docs["policy"])


def test_non_utf8_file_is_a_parse_error(tmp_path: Path, data_dir: Path) -> None:
    bad = tmp_path / "catalog.json"
    bad.write_bytes(b'{"schema_version": 1, "activities": [], "x": "\xff"}')
    with pytest.raises(ParseError) as info:
        Engine.from_files(data_dir / "demo-organisation.json", bad, data_dir / "demo-policy.json")
    assert info.value.document == "catalog"


def test_schema_version_2_is_unsupported(data_dir: Path) -> None:
    with pytest.raises(UnsupportedVersionError) as info:
        Engine.from_files(data_dir / "demo-organisation.json", data_dir / "demo-catalog.json", data_dir / "policy-v2.json")
    assert info.value.path == "schema_version"
    assert info.value.document == "policy"
    assert info.value.problems[0].value == "2"


def test_missing_schema_version_is_unsupported(demo_docs: Dict[str, Any]) -> None:
    del demo_docs["catalog"]["schema_version"]
    with pytest.raises(UnsupportedVersionError) as info:
        Engine.from_dict(demo_docs["organisation"], demo_docs["catalog"], demo_docs["policy"])
    assert info.value.document == "catalog"


def test_unknown_employee_is_not_found_and_a_key_error(engine: Engine) -> None:
    with pytest.raises(KeyError) as info:
        engine.needs("no-such-person")
    err = info.value
    assert isinstance(err, NotFoundError)
    assert err.path == "employee"
    assert err.problems[0].value == json.dumps("no-such-person")
    assert str(err).startswith("not_found error"), "the message is not quoted like a plain KeyError"


def test_unknown_document_kind_is_an_invalid_argument() -> None:
    with pytest.raises(InvalidArgumentError) as info:
        kompetence.schema("budget")
    assert info.value.path == "kind"
    with pytest.raises(ValueError):
        kompetence.validate({"schema_version": 1}, kind="budget")


def test_missing_file_is_file_not_found(data_dir: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Engine.from_files(data_dir / "nope.json", data_dir / "demo-catalog.json", data_dir / "demo-policy.json")


def test_invalid_document_is_a_validation_error_with_every_problem(demo_docs: Dict[str, Any]) -> None:
    org = demo_docs["organisation"]
    org["employees"][0]["levels"] = {org["framework"]["competences"][0]["id"]: 9}
    org["employees"][-1]["unit"] = "no-such-unit"
    with pytest.raises(ValidationError) as info:
        Engine.from_dict(org, demo_docs["catalog"], demo_docs["policy"])
    paths = [p.path for p in info.value.problems]
    assert len(paths) >= 2
    assert any(p.startswith("employees[0].levels") for p in paths)
    assert any(p == f"employees[{len(org['employees']) - 1}].unit" for p in paths)
    assert all(p.document == "organisation" for p in info.value.problems)
    assert info.value.path == paths[0]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_name_their_field_and_value(demo_docs: Dict[str, Any], bad: float) -> None:
    # json.dumps writes NaN/Infinity, which is not JSON: the core could only say "expected
    # value at column N". A dict's path is known before it is serialised, so it is named.
    demo_docs["organisation"]["employees"][3]["max_hours_away"] = bad
    with pytest.raises(ParseError) as info:
        Engine.from_dict(demo_docs["organisation"], demo_docs["catalog"], demo_docs["policy"])
    assert info.value.document == "organisation"
    assert info.value.path == "employees[3].max_hours_away"
    assert info.value.problems[0].value == repr(bad)
    assert "employees[3].max_hours_away" in str(info.value) and repr(bad) in str(info.value)
    with pytest.raises(InvalidArgumentError) as need:
        engine = Engine.demo()
        competence = engine.document("organisation")["framework"]["competences"][0]["id"]
        engine.replan(engine.employees()[0], need={"competence": competence, "level": bad, "deadline": "2099-01-01"})
    assert need.value.path == "need.level" and need.value.problems[0].value == repr(bad)
    report = kompetence.validate(demo_docs["organisation"])
    assert [(p.path, p.value) for p in report.problems] == [("employees[3].max_hours_away", repr(bad))]


def test_money_over_1e15_kroner_is_refused_at_its_field(demo_docs: Dict[str, Any]) -> None:
    # A fee near 1e16 used to pass validation and fail engine.plan() at the planner's internal
    # "people[0].options[1].cost".
    demo_docs["catalog"]["activities"][0]["fee"] = 10**16
    report = kompetence.validate(demo_docs["catalog"])
    assert [(p.path, p.value, p.message) for p in report.problems] == [
        ("activities[0].fee", str(10**16), "must be at most 1e15 kroner")
    ]
    with pytest.raises(ValidationError) as info:
        Engine.from_dict(demo_docs["organisation"], demo_docs["catalog"], demo_docs["policy"])
    assert (info.value.document, info.value.path) == ("catalog", "activities[0].fee")


def test_a_non_finite_number_in_a_map_is_named_by_the_key_in_brackets(demo_docs: Dict[str, Any]) -> None:
    # The same spelling as the core's shape errors and validation: levels["dementia-care"].
    org = demo_docs["organisation"]
    competence = next(iter(org["employees"][2]["levels"]))
    org["employees"][2]["levels"][competence] = float("nan")
    assert [p.path for p in kompetence.validate(org).problems] == [f'employees[2].levels["{competence}"]']
    unit = next(iter(demo_docs["policy"]["budget"]["per_unit"]))
    demo_docs["policy"]["budget"]["per_unit"][unit] = float("inf")
    with pytest.raises(ParseError) as info:
        Engine.from_dict(Engine.demo().document("organisation"), demo_docs["catalog"], demo_docs["policy"])
    assert (info.value.document, info.value.path) == ("policy", f'budget.per_unit["{unit}"]')


def test_files_saved_with_a_utf8_byte_order_mark_are_read(tmp_path: Path, data_dir: Path) -> None:
    # Windows editors (Notepad, Excel's "CSV UTF-8" habit) save UTF-8 with a BOM; JSON allows
    # a reader to ignore it (RFC 8259 §8.1). It used to be "expected value at line 1 column 1".
    names = ("demo-organisation.json", "demo-catalog.json", "demo-policy.json")
    with_bom = []
    for name in names:
        path = tmp_path / name
        path.write_bytes(b"\xef\xbb\xbf" + (data_dir / name).read_bytes())
        with_bom.append(path)
    plain = Engine.from_files(*(data_dir / n for n in names))
    engine = Engine.from_files(*with_bom)
    assert engine.recommend_all().to_dicts() == plain.recommend_all().to_dicts()
    assert kompetence.validate(with_bom[2]).valid
    assert kompetence.validate(with_bom[2].read_bytes()).valid
    texts = [p.read_bytes() for p in with_bom]
    assert Engine.from_json(*texts).employees() == plain.employees()
    # Read with open(path, encoding="utf-8"), the mark stays in the text as U+FEFF.
    decoded = [p.read_text(encoding="utf-8") for p in with_bom]
    assert decoded[0].startswith("\ufeff")
    assert Engine.from_json(*decoded).employees() == plain.employees()
    assert kompetence.validate(decoded[2]).valid


def test_a_wrong_language_or_grouping_is_an_invalid_argument_naming_it(engine: Engine) -> None:
    # engine.review(id, lang="de") and report.to_markdown("de") already raise
    # InvalidArgumentError at "lang"; the texts of results and report.frame() raised a bare
    # ValueError. InvalidArgumentError is a ValueError, so code catching that still works.
    rec = engine.recommend(engine.employees()[0])
    with pytest.raises(InvalidArgumentError) as summary:
        rec.summary("de")
    assert summary.value.path == "lang" and summary.value.problems[0].value == '"de"'
    with pytest.raises(InvalidArgumentError) as explanations:
        rec.explanations("Dansk")  # refused even when there is no step to explain
    assert explanations.value.path == "lang"
    with pytest.raises(InvalidArgumentError) as frame:
        engine.evaluation_report().frame("unit")
    assert frame.value.path == "by" and frame.value.problems[0].value == '"unit"'


def test_arguments_of_the_wrong_type_are_named(engine: Engine) -> None:
    # Employee ids read from a spreadsheet are often ints; the native message was only
    # "'int' object is not an instance of 'str'", naming no argument.
    person = engine.employees()[0]
    calls: List[Tuple[str, Callable[[], object]]] = [
        ("employee_id", lambda: engine.needs(1001)),  # type: ignore[arg-type]
        ("employee_id", lambda: engine.recommend(1001)),  # type: ignore[arg-type]
        ("employee_id", lambda: engine.review(1001)),  # type: ignore[arg-type]
        ("employee_id", lambda: engine.replan(1001, need={})),  # type: ignore[arg-type]
        ("lang", lambda: engine.review(person, lang=None)),  # type: ignore[arg-type]
        ("kind", lambda: engine.document(0)),  # type: ignore[arg-type]
        ("kind", lambda: kompetence.schema(None)),  # type: ignore[arg-type]
    ]
    for name, call in calls:
        with pytest.raises(TypeError, match=f"^{name} must be a str, not (int|NoneType)$"):
            call()


def test_a_table_index_out_of_range_says_how_many_people_there_are(engine: Engine) -> None:
    table = engine.recommend_all()
    with pytest.raises(IndexError, match=f"index {len(table)} out of range: {len(table)} people"):
        table[len(table)]


@pytest.mark.parametrize("field", ["total", "per_person", "per_unit"])
def test_a_budget_the_planner_cannot_take_is_refused_when_the_policy_is_read(
    demo_docs: Dict[str, Any], field: str
) -> None:
    # A budget over 1e15 kroner used to pass validation and then fail engine.plan() with a
    # ValidationError at the planner's internal "resources[0].capacity", in no document.
    budget = demo_docs["policy"]["budget"]
    if field == "per_unit":
        unit = next(iter(budget["per_unit"]))
        budget["per_unit"][unit] = 10**16
        path = f'budget.per_unit["{unit}"]'
    else:
        budget[field] = 10**16
        path = f"budget.{field}"
    with pytest.raises(ValidationError) as info:
        Engine.from_dict(demo_docs["organisation"], demo_docs["catalog"], demo_docs["policy"])
    assert (info.value.document, info.value.path) == ("policy", path)
    assert info.value.problems[0].value == str(10**16)
    assert [(p.path, p.value) for p in kompetence.validate(demo_docs["policy"]).problems] == [(path, str(10**16))]
    budget[field if field != "per_unit" else "total"] = 10**15
    if field == "per_unit":
        budget["per_unit"][unit] = 10**15
    Engine.from_dict(demo_docs["organisation"], demo_docs["catalog"], demo_docs["policy"]).plan()


def test_from_dict_given_something_else_names_the_argument(data_dir: Path) -> None:
    # Engine.from_dict("organisation.json", ...) was a ParseError at path "" ('invalid type,
    # string "...", expected struct Organisation'): the mix-up is the call, not the document.
    names = ("demo-organisation.json", "demo-catalog.json", "demo-policy.json")
    paths = [str(data_dir / n) for n in names]
    with pytest.raises(TypeError, match=r"^organisation must be a mapping \(a dict\), not str; .*from_files"):
        Engine.from_dict(*paths)  # type: ignore[arg-type]
    docs = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    with pytest.raises(TypeError, match=r"^evaluations must be a mapping \(a dict\), not list"):
        Engine.from_dict(docs[0], docs[1], docs[2], evaluations=[])  # type: ignore[arg-type]
