"""The engine on the demo and on documents loaded every supported way."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, List

import pytest

import kompetence
from kompetence import Engine, Need

from conftest import write_docs


def assert_need_is_sound(need: Need) -> None:
    assert need.target > need.current >= 0
    assert need.gap == need.target - need.current
    assert need.origins, "every need has at least one origin"
    targets = [o.level for o in need.origins if o.level is not None]
    assert targets and max(targets) == need.target, "the target is the highest level asked for"
    assert need.weight > 0 and math.isfinite(need.weight)
    assert need.weighted_gap == pytest.approx(need.weight * need.gap)
    assert need.urgency >= 1.0 and need.feedback >= 1.0
    assert isinstance(need.deadline, dt.date)
    # A deadline no origin set (role, wish, career) is flagged as the policy's default horizon.
    dated = any(o.kind in ("goal", "plan") for o in need.origins)
    assert need.deadline_is_default == (not dated)
    if need.mandatory:
        assert any(o.kind in ("role", "goal") for o in need.origins)


def test_demo_engine_describes_the_demo(engine: Engine) -> None:
    assert engine.name
    assert isinstance(engine.as_of, dt.date)
    ids = engine.employees()
    assert ids and len(set(ids)) == len(ids)
    assert all(isinstance(i, str) for i in ids)
    assert repr(engine).startswith("Engine(") and engine.name in repr(engine)


def test_every_need_is_sound_and_ranked(engine: Engine) -> None:
    total = 0
    for employee in engine.employees():
        needs = engine.needs(employee)
        total += len(needs)
        for n in needs:
            assert_need_is_sound(n)
        keys = [n.weighted_gap for n in needs]
        assert keys == sorted(keys, reverse=True)
        assert len({n.competence for n in needs}) == len(needs), "one need per competence"
    assert total > 0, "the demo has at least one need"


def test_needs_all_equals_needs_per_person(engine: Engine) -> None:
    table = engine.needs_all()
    assert [p.employee for p in table.people] == engine.employees()
    for person in table.people:
        assert list(person.needs) == engine.needs(person.employee)
    assert len(table) == sum(len(p.needs) for p in table.people)
    assert len(table.to_dicts()) == len(table)
    assert repr(table) == f"NeedsTable(people={len(table.people)}, rows={len(table)})"


def _unit_chains(org: Dict[str, Any]) -> Dict[str, List[str]]:
    parent = {u["id"]: u.get("parent") for u in org["units"]}
    chains = {}
    for u in parent:
        chain, at = [u], parent[u]
        while at is not None and at not in chain:
            chain.append(at)
            at = parent.get(at)
        chains[u] = chain
    return chains


def test_unit_rollup_totals_equal_sums_over_people(engine: Engine) -> None:
    org = engine.document("organisation")
    chains = _unit_chains(org)
    expected: Dict[str, Dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for person in engine.needs_all().people:
        for unit in chains[person.unit]:
            e = expected[unit]
            e["people"] += 1
            e["people_with_needs"] += bool(person.needs)
            e["total_gap"] += sum(n.gap for n in person.needs)
            e["mandatory_gap"] += sum(n.gap for n in person.needs if n.mandatory)
            e["weighted_gap"] += sum(n.weighted_gap for n in person.needs)
    rollup = engine.needs_by_unit()
    assert [r.unit for r in rollup] == [u["id"] for u in org["units"]]
    for r in rollup:
        e = expected[r.unit]
        assert r.people == e["people"]
        assert r.people_with_needs == e["people_with_needs"]
        assert r.total_gap == e["total_gap"]
        assert r.mandatory_gap == e["mandatory_gap"]
        assert r.weighted_gap == pytest.approx(e["weighted_gap"])
    roots = [r for r in rollup if next(u for u in org["units"] if u["id"] == r.unit).get("parent") is None]
    assert sum(r.people for r in roots) == len(engine.employees())


def test_goal_rollup_totals_equal_sums_over_people(engine: Engine) -> None:
    org = engine.document("organisation")
    chains = _unit_chains(org)
    rollup = engine.needs_by_goal()
    assert [g.goal for g in rollup] == [g["id"] for g in org["goals"]]
    for goal, r in zip(org["goals"], rollup):
        scope = goal.get("scope") or {}
        units, roles = scope.get("units") or [], scope.get("roles") or []
        in_scope = [
            emp
            for emp in org["employees"]
            if (not units or any(u in chains[emp["unit"]] for u in units)) and (not roles or emp["role"] in roles)
        ]
        gaps = [
            [max(0, req["level"] - emp.get("levels", {}).get(req["competence"], 0)) for req in goal["requirements"]]
            for emp in in_scope
        ]
        assert r.title == goal["title"]
        assert r.deadline == dt.date.fromisoformat(goal["deadline"])
        assert r.people_in_scope == len(in_scope)
        assert r.people_affected == sum(1 for g in gaps if any(g))
        assert r.total_gap == sum(map(sum, gaps))
        assert r.weighted_gap >= 0 and (r.weighted_gap > 0) == (r.total_gap > 0)


def test_goal_needs_agree_with_personal_needs(engine: Engine) -> None:
    # Everyone a goal affects has a need with that goal among its origins.
    affected = defaultdict(set)
    for person in engine.needs_all().people:
        for n in person.needs:
            for o in n.origins:
                if o.kind == "goal":
                    affected[o.goal].add(person.employee)
    for r in engine.needs_by_goal():
        assert len(affected[r.goal]) == r.people_affected


def _assert_same_results(a: Engine, b: Engine) -> None:
    assert a.employees() == b.employees()
    assert a.needs_all() == b.needs_all()
    assert a.needs_by_unit() == b.needs_by_unit()
    assert a.needs_by_goal() == b.needs_by_goal()


def test_from_files_on_the_committed_fixtures(data_dir: Path) -> None:
    e = Engine.from_files(
        data_dir / "demo-organisation.json", str(data_dir / "demo-catalog.json"), data_dir / "demo-policy.json"
    )
    assert e.employees()
    for employee in e.employees():
        for n in e.needs(employee):
            assert_need_is_sound(n)


def test_from_files_on_freshly_serialised_demo_equals_demo(
    tmp_path: Path, engine: Engine, demo_docs: Dict[str, Any]
) -> None:
    paths = write_docs(tmp_path, demo_docs)
    _assert_same_results(Engine.from_files(paths["organisation"], paths["catalog"], paths["policy"]), engine)
    as_str = Engine.from_files(str(paths["organisation"]), str(paths["catalog"]), str(paths["policy"]))
    _assert_same_results(as_str, engine)


def test_from_files_with_evaluations(tmp_path: Path, engine: Engine, demo_docs: Dict[str, Any]) -> None:
    demo_docs["evaluations"] = engine.document("evaluations")
    paths = write_docs(tmp_path, demo_docs)
    e = Engine.from_files(paths["organisation"], paths["catalog"], paths["policy"], evaluations=paths["evaluations"])
    _assert_same_results(e, engine)


def test_from_dict_and_from_json_equal_demo(engine: Engine, demo_docs: Dict[str, Any]) -> None:
    _assert_same_results(Engine.from_dict(demo_docs["organisation"], demo_docs["catalog"], demo_docs["policy"]), engine)
    texts = {k: json.dumps(v) for k, v in demo_docs.items()}
    _assert_same_results(Engine.from_json(texts["organisation"], texts["catalog"], texts["policy"]), engine)
    raw = {k: v.encode("utf-8") for k, v in texts.items()}
    _assert_same_results(Engine.from_json(raw["organisation"], raw["catalog"], raw["policy"]), engine)


def test_from_dict_accepts_date_objects(engine: Engine, demo_docs: Dict[str, Any]) -> None:
    org = demo_docs["organisation"]
    org["as_of"] = dt.date.fromisoformat(org["as_of"])
    e = Engine.from_dict(org, demo_docs["catalog"], demo_docs["policy"])
    assert e.as_of == engine.as_of


def test_as_of_moves_deadlines_and_urgency(demo_docs: Dict[str, Any]) -> None:
    # "Today" is an input: later as_of, same documents, never less urgent.
    early = Engine.from_dict(demo_docs["organisation"], demo_docs["catalog"], demo_docs["policy"])
    org = demo_docs["organisation"]
    org["as_of"] = (dt.date.fromisoformat(org["as_of"]) + dt.timedelta(days=300)).isoformat()
    late = Engine.from_dict(org, demo_docs["catalog"], demo_docs["policy"])
    for employee in early.employees():
        a = {n.competence: n for n in early.needs(employee)}
        b = {n.competence: n for n in late.needs(employee)}
        assert a.keys() == b.keys()
        for c in a:
            if a[c].deadline == b[c].deadline:
                assert b[c].urgency >= a[c].urgency


def test_engine_constructor_is_not_for_documents() -> None:
    with pytest.raises(TypeError):
        Engine({})  # type: ignore[arg-type]


def test_result_objects_are_frozen_and_convertible(engine: Engine) -> None:
    person = next(p for p in engine.needs_all().people if p.needs)
    need = person.needs[0]
    with pytest.raises(AttributeError):
        need.target = 0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        need.origins[0].kind = "x"  # type: ignore[misc]
    d = need.to_dict()
    assert d["competence"] == need.competence and d["gap"] == need.gap
    assert [o["kind"] for o in d["origins"]] == [o.kind for o in need.origins]
    assert all(v is not None for o in d["origins"] for v in o.values())
    assert person.to_dict()["needs"][0] == d
    text = repr(need)
    assert text.startswith("Need(") and need.competence in text and need.origins_summary() in text
    assert repr(need.origins[0]).startswith("Origin(kind=")
    table = engine.needs_all()
    with pytest.raises(AttributeError):
        setattr(table, "people", ())
    rollup = engine.needs_by_unit()
    with pytest.raises(AttributeError):
        setattr(rollup, "_rows", ())
    assert rollup[0] == rollup[:1][0] and len(rollup.to_dicts()) == len(rollup)
    assert rollup.to_dicts()[0] == rollup[0].to_dict()


def test_a_certified_goal_counts_only_certifying_activities(demo_docs: Dict[str, Any]) -> None:
    # Mark the demo's medicine-certification goal and its certification course.
    org, catalog = demo_docs["organisation"], demo_docs["catalog"]
    goal = next(g for g in org["goals"] if g["id"] == "safe-medicine-handling")
    goal["requirements"][0]["certification"] = True
    for a in catalog["activities"]:
        if a["id"] == "ext-medicine-certification":
            a["certifies"] = True
    e = Engine.from_dict(org, catalog, demo_docs["policy"])
    checked = 0
    for employee in e.employees():
        need = next((n for n in e.needs(employee) if n.competence == "medicine-handling"), None)
        if need is None or not any(o.kind == "goal" for o in need.origins):
            continue
        assert need.certification and need.to_dict()["certification"] is True
        rec = e.recommend(employee)
        for step in rec.chosen.steps:
            if any(g.competence == "medicine-handling" for g in step.gains):
                assert step.activity == "ext-medicine-certification", (employee, step.activity)
        reasons = {r.activity: r.reason for r in rec.rejected}
        if "buddy-medicine" in reasons:
            assert reasons["buddy-medicine"] == "not_certifying"
        checked += 1
    assert checked > 0
