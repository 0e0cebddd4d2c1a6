"""The recommender and the evaluation report through Python: objects, DataFrames, threads,
pickling, and agreement with the CLI's JSON on the same documents."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import pickle
import shutil
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

import kompetence
from kompetence import Engine, EvaluationReport, Recommendation, RecommendationTable

from conftest import REPO, write_docs

STEP_COLUMNS = [
    "employee", "unit", "step", "activity", "form", "provider", "start", "end", "hours_away",
    "net_cost", "effect", "buddy", "explanation_en", "explanation_da",
]  # fmt: skip


@pytest.fixture(scope="module")
def table(engine: Engine) -> RecommendationTable:
    return engine.recommend_all()


@pytest.fixture(scope="module")
def person(table: RecommendationTable) -> str:
    """A demo employee whose chosen path has two or more steps."""
    return next(r.employee for r in table if len(r.steps) >= 2)


def test_recommend_returns_a_frozen_explained_recommendation(engine: Engine, person: str) -> None:
    rec = engine.recommend(person)
    assert isinstance(rec, Recommendation)
    assert rec.employee == person
    assert rec.unit == engine.document("organisation")["employees"][engine.employees().index(person)]["unit"]
    assert rec.rule in ("mandatory_closed", "best_value")
    assert rec.steps == rec.chosen.steps and len(rec.steps) >= 2
    assert rec.chosen.net_cost == sum(s.net_cost for s in rec.steps)
    assert rec.chosen.effect == pytest.approx(sum(s.effect for s in rec.steps))
    assert rec.chosen.hours_away == pytest.approx(sum(s.hours_away for s in rec.steps))
    catalog = {a["id"]: a for a in engine.document("catalog")["activities"]}
    for s in rec.steps:
        assert s.start <= s.end and isinstance(s.start, dt.date)
        assert s.provider == catalog[s.activity]["provider"]
        assert s.explanation is not None and s.explanation.da and s.explanation.en
        assert s.explanation("da") == s.explanation.da
        assert s.gains and all(g.to_level > g.from_level for g in s.gains)
        # A gain on a need no origin dated says so, counts in full when it ends in time, and
        # agrees with the need.
        needs = {n.competence: n for n in rec.needs}
        for g in s.gains:
            assert g.deadline_is_default == needs[g.competence].deadline_is_default
            if g.deadline_is_default and g.days_before_deadline >= 0:
                assert g.timing_factor == 1.0
    # Steps run one after another.
    for a, b in zip(rec.steps, rec.steps[1:]):
        assert a.end < b.start
    assert rec.explanations("en") == tuple(s.explanation.en for s in rec.steps if s.explanation)
    assert rec.summary.en and rec.summary.da and rec.summary.da != rec.summary.en
    # The frontier: cheapest first, effect rising, the empty path first; the chosen path is on it.
    costs = [p.net_cost for p in rec.frontier]
    effects = [p.effect for p in rec.frontier]
    assert costs == sorted(costs) and effects == sorted(effects)
    assert rec.frontier[0].activities == ()
    assert rec.chosen.activities in [p.activities for p in rec.frontier]
    assert all(r.reason and r.text.en for r in rec.rejected)
    assert rec.chosen.activities not in [p.activities for p in rec.runners_up]
    # Frozen, readable, picklable, JSON-shaped.
    with pytest.raises(dataclasses.FrozenInstanceError):
        rec.rule = "x"  # type: ignore[misc]
    text = repr(rec)
    assert text.startswith(f"Recommendation(employee={person!r}, rule={rec.rule!r}, chosen=[")
    assert " → ".join(rec.chosen.activities) in text
    assert pickle.loads(pickle.dumps(rec)) == rec
    d = rec.to_dict()
    assert d["employee"] == person and d["chosen"]["net_cost"] == rec.chosen.net_cost
    d["employee"] = "changed"
    assert rec.to_dict()["employee"] == person, "to_dict returns a copy"
    assert hash(rec) == hash(engine.recommend(person))


def test_unknown_employee_raises_not_found(engine: Engine) -> None:
    with pytest.raises(kompetence.NotFoundError) as info:
        engine.recommend("ghost")
    assert isinstance(info.value, KeyError)
    assert info.value.problems[0].path == "employee"


def test_gains_on_undated_needs_say_so_and_count_in_full(table: RecommendationTable) -> None:
    # D12: a need no origin dated (a role requirement, a wish) is needed now; its gains carry
    # the flag of their need and are never marked down for ending early.
    flagged = 0
    for rec in table:
        needs = {n.competence: n for n in rec.needs}
        for g in (g for s in rec.steps for g in s.gains):
            assert g.deadline_is_default == needs[g.competence].deadline_is_default
            if g.deadline_is_default:
                flagged += 1
                assert g.days_before_deadline < 0 or g.timing_factor == 1.0
    assert flagged > 0


def test_recommend_all_is_everyone_in_document_order(engine: Engine, table: RecommendationTable) -> None:
    assert [r.employee for r in table] == engine.employees()
    assert len(table) == len(engine.employees())
    some = table[5]
    assert some == engine.recommend(some.employee)
    assert table.get(some.employee) == some
    assert table[-1].employee == engine.employees()[-1]
    assert [r.employee for r in table[:3]] == engine.employees()[:3]
    with pytest.raises(KeyError):
        table.get("ghost")
    with pytest.raises(AttributeError):
        table.x = 1
    assert table.total_net_cost == sum(r.chosen.net_cost for r in table)
    assert repr(table).startswith(f"RecommendationTable(people={len(table)}, with_path=")
    assert pickle.loads(pickle.dumps(table)) == table
    assert table.to_dicts() == [r.to_dict() for r in table]


def test_recommendation_frame_has_typed_columns_one_row_per_chosen_step(table: RecommendationTable) -> None:
    pd = pytest.importorskip("pandas")
    df = table.to_pandas()
    assert list(df.columns) == STEP_COLUMNS
    for c in ("employee", "unit", "activity", "form", "provider", "buddy", "explanation_en", "explanation_da"):
        assert pd.api.types.is_string_dtype(df[c].dtype) or df[c].dtype == object, c
    for c in ("step", "net_cost"):
        assert df[c].dtype == "int64", c
    for c in ("hours_away", "effect"):
        assert df[c].dtype == "float64", c
    for c in ("start", "end"):
        assert pd.api.types.is_datetime64_dtype(df[c].dtype), c
    assert len(df) == sum(len(r.steps) for r in table) > 0
    assert (df["start"] <= df["end"]).all()
    assert (df["explanation_en"].str.len() > 0).all() and (df["explanation_da"].str.len() > 0).all()
    per_person = df.groupby("employee")["net_cost"].sum()
    for r in table:
        if r.steps:
            assert per_person[r.employee] == r.chosen.net_cost
            assert list(df[df["employee"] == r.employee]["step"]) == list(range(1, len(r.steps) + 1))
    buddies = df[df["form"] == "buddy_training"]["buddy"]
    assert (buddies.str.len() > 0).all(), "every buddy step names its buddy"


def test_frontier_frame_one_row_per_person_and_path(table: RecommendationTable) -> None:
    pd = pytest.importorskip("pandas")
    df = table.frontier_frame()
    assert list(df.columns) == ["employee", "unit", "path", "activities", "steps", "effect", "net_cost", "score", "chosen"]
    assert df["effect"].dtype == "float64" and df["net_cost"].dtype == "int64" and df["chosen"].dtype == bool
    assert len(df) == sum(len(r.frontier) for r in table)
    assert (df.groupby("employee")["chosen"].sum() == 1).all(), "exactly one chosen path per person"
    for _, g in df.groupby("employee"):
        assert g["net_cost"].is_monotonic_increasing
    assert pd.api.types.is_string_dtype(df["activities"].dtype) or df["activities"].dtype == object


def test_four_threads_recommend_all_equal_the_serial_result(engine: Engine, table: RecommendationTable) -> None:
    serial = table.to_dicts()
    barrier = threading.Barrier(4)

    def work(_: int) -> List[Any]:
        barrier.wait()
        return [engine.recommend_all().to_dicts() for _ in range(3)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = [r for batch in pool.map(work, range(4)) for r in batch]
    assert len(results) == 12
    assert all(r == serial for r in results)


def _cli() -> Optional[Path]:
    if os.environ.get("KOMPETENCE_CLI"):
        return Path(os.environ["KOMPETENCE_CLI"])
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    for profile in ("release", "debug"):
        p = target / profile / "kompetence"
        if p.exists():
            return p
    found = shutil.which("kompetence")
    return Path(found) if found else None


def test_figures_match_the_cli_json_for_the_same_documents(tmp_path: Path, engine: Engine) -> None:
    cli = _cli()
    if cli is None or not cli.exists():
        pytest.skip("the kompetence CLI is not built (scripts/test-python.sh builds it)")
    docs = {kind: engine.document(kind) for kind in ("organisation", "catalog", "policy")}
    paths = write_docs(tmp_path, docs)
    args = [str(cli), "--org", str(paths["organisation"]), "--catalog", str(paths["catalog"])]
    args += ["--policy", str(paths["policy"]), "recommend", "--all", "--format", "json"]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    from_cli: List[Dict[str, Any]] = json.loads(out)
    table = Engine.from_files(paths["organisation"], paths["catalog"], paths["policy"]).recommend_all()
    assert table.to_dicts() == from_cli
    # The figures a planner reads, person by person.
    for r, c in zip(table, from_cli):
        assert r.employee == c["employee"]
        assert r.chosen.net_cost == c["chosen"]["net_cost"]
        assert r.chosen.effect == c["chosen"]["effect"]
        assert r.chosen.activities == tuple(s["activity"] for s in c["chosen"]["steps"])
    one = next(r.employee for r in table if r.steps)
    args[-4:] = ["recommend", "--employee", one, "--format", "json"]
    single = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    assert Engine.from_files(paths["organisation"], paths["catalog"], paths["policy"]).recommend(one).to_dict() == single


# --- evaluation report ---------------------------------------------------------------------


def _evaluations(docs: Dict[str, Dict[str, Any]]) -> Dict[str, Any]:
    """A year of hand-made records on the demo: course A applied, course B not, e-learning only
    rated (satisfaction only, follow-up overdue)."""
    employees = [e["id"] for e in docs["organisation"]["employees"]][:30]
    by_form: Dict[str, str] = {}
    for a in docs["catalog"]["activities"]:
        by_form.setdefault(a["form"], a["id"])
    records: List[Dict[str, Any]] = []
    for i, emp in enumerate(employees):
        records.append({"employee": emp, "activity": by_form["amu_course"], "completed_on": "2026-04-01",
                        "reaction": 4, "behaviour": {"applied": "yes" if i % 5 else "partly", "weeks_after": 12}})  # fmt: skip
        records.append({"employee": emp, "activity": by_form["external_course"], "completed_on": "2026-05-01",
                        "reaction": 5, "behaviour": {"applied": "no" if i % 4 else "yes", "weeks_after": 12}})  # fmt: skip
        records.append({"employee": emp, "activity": by_form["e_learning"], "completed_on": "2026-08-03", "reaction": 4})
    return {"schema_version": 1, "records": records}


@pytest.fixture(scope="module")
def evaluated(_demo_docs: Dict[str, Dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> Engine:
    docs = dict(_demo_docs)
    docs["evaluations"] = _evaluations(docs)
    paths = write_docs(tmp_path_factory.mktemp("evaluated"), docs)
    return Engine.from_files(paths["organisation"], paths["catalog"], paths["policy"], evaluations=paths["evaluations"])


def test_evaluation_report_objects_markdown_and_frames(evaluated: Engine) -> None:
    pd = pytest.importorskip("pandas")
    report = evaluated.evaluation_report()
    assert isinstance(report, EvaluationReport)
    assert report.records == 90
    assert report.as_of == evaluated.as_of
    assert report.satisfaction_only, "the e-learning was only rated"
    assert report.overdue_follow_ups and all(f.overdue and f.days_overdue > 0 for f in report.overdue_follow_ups)
    d = report.to_dict()
    assert d["records"] == 90 and set(d) >= {"by_form", "by_provider", "by_activity", "provider_feedback"}
    forms = report.by_form()
    assert list(forms.columns)[:3] == ["key", "name", "participants"]
    assert forms["transfer"].dtype == "float64" and forms["participants"].dtype == "int64"
    assert len(forms) == len(d["by_form"])
    amu = forms.set_index("key").loc["amu_course"]
    ext = forms.set_index("key").loc["external_course"]
    assert amu["participants"] >= 30 and amu["transfer"] > ext["transfer"], "applied beats not applied"
    assert amu["transfer_low"] <= amu["transfer"] <= amu["transfer_high"]
    assert pd.isna(forms.set_index("key").loc["e_learning", "cost_per_transferred_level"])
    # The full cost adds wages and a mentor's time to the fees: never less than the fees.
    assert forms["full_cost"].dtype == "int64" and (forms["full_cost"] >= forms["total_cost"]).all()
    providers = report.by_provider()
    assert providers["participants"].sum() == 90
    assert len(report.frame("competence")) == len(d["by_competence"])
    with pytest.raises(ValueError):
        report.frame("weather")
    en, da = report.to_markdown("en"), report.to_markdown("da")
    assert en.startswith("#") and da.startswith("#") and en != da
    with pytest.raises(kompetence.InvalidArgumentError):
        report.to_markdown("fr")
    assert pickle.loads(pickle.dumps(report)) == report
    assert repr(report).startswith("EvaluationReport(as_of=") and "records=90" in repr(report)
    follow = evaluated.follow_ups()
    assert [f.due for f in follow] == sorted(f.due for f in follow)
    assert {f.activity for f in follow} >= set(report.satisfaction_only)
    assert pickle.loads(pickle.dumps(follow)) == follow


def test_evaluations_change_the_transfer_the_recommender_uses(engine: Engine, evaluated: Engine) -> None:
    # The transfer probabilities of the steps of the full paths (chosen and runners-up) move
    # with the evaluations (D9).
    plain = {
        s.activity: s.transfer_probability
        for r in engine.recommend_all()
        for p in [r.chosen, *r.runners_up]
        for s in p.steps
    }
    learned = {
        s.activity: s.transfer_probability
        for r in evaluated.recommend_all()
        for p in [r.chosen, *r.runners_up]
        for s in p.steps
    }
    common = set(plain) & set(learned)
    assert common and any(plain[a] != learned[a] for a in common)


def test_the_organisation_plan_respects_its_budget_and_has_a_bound(engine: Engine) -> None:
    plan = engine.plan()
    d = plan.to_dict()
    assert 0.0 < plan.value <= plan.bound + 1e-9
    assert 0.0 <= plan.gap < 1.0
    budget = d["budget"]
    assert budget == plan.budget
    # What development plans already agreed is committed money within the same budget.
    assert plan.committed > 0
    assert budget is None or plan.total_cost + plan.committed <= budget
    items = plan.to_pandas()
    assert list(items.columns) == [
        "employee",
        "unit",
        "activities",
        "cost",
        "effect",
        "differs",
        "differs_reasons",
        "differs_explanation_en",
        "differs_explanation_da",
    ]
    # An item that is not the person's own recommendation says why, in both languages.
    assert str(items["differs"].dtype) == "bool" and items["differs"].any()
    moved = items[items["differs"]]
    assert moved["differs_explanation_en"].str.startswith("Your own recommendation was").all()
    assert moved["differs_explanation_da"].str.startswith("Din egen anbefaling var").all()
    assert (moved["differs_reasons"] != "").all()
    assert (items[~items["differs"]]["differs_explanation_en"] == "").all()
    assert plan.mandatory_first and 0 <= plan.mandatory_needs_open <= plan.mandatory_needs
    assert str(items["cost"].dtype) == "int64" and str(items["effect"].dtype) == "float64"
    assert int(items["cost"].sum()) == plan.total_cost
    units = plan.units_frame()
    with_budget = units.dropna(subset=["budget"])
    assert (with_budget["spend"] + with_budget["committed"] <= with_budget["budget"]).all()
    assert str(units["committed"].dtype) == "int64"
    assert pickle.loads(pickle.dumps(plan)) == plan
    assert repr(plan).startswith("OrganisationPlan(value=")
    assert engine.plan() == plan  # deterministic


def test_agreed_activities_are_kept_and_not_proposed_again(engine: Engine) -> None:
    # e00050 is in progress on buddy training in dementia care (demo development plan).
    rec = engine.recommend("e00050")
    assert [s.activity for s in rec.agreed] == ["buddy-dementia"]
    assert rec.agreed_dropped == ()
    assert "buddy-dementia" not in rec.chosen.activities
    assert all(s.explanation is not None for s in rec.agreed)
    assert rec.agreed[0].title in rec.summary("en") and rec.agreed[0].title in rec.summary("da")
    assert rec.to_dict()["agreed"]["kept"][0]["activity"] == "buddy-dementia"
    # Someone without agreed activities has none, and no "agreed" key in the JSON.
    other = next(r for r in engine.recommend_all() if not r.agreed and not r.agreed_dropped)
    assert "agreed" not in other.to_dict()


def test_plan_per_goal_and_open_people_are_frames(engine: Engine) -> None:
    plan = engine.plan()
    goals = plan.goals_frame()
    assert list(goals.columns) == [
        "goal", "title", "spend", "effect", "people", "people_covered", "needs", "needs_open",
    ]  # fmt: skip
    assert len(goals) == len(plan.to_dict()["goals"]) > 0
    assert str(goals["spend"].dtype) == "int64" and (goals["needs_open"] <= goals["needs"]).all()
    open_people = plan.open_frame()
    assert list(open_people.columns) == ["employee", "unit", "reason", "needs", "explanation_en", "explanation_da"]
    planned = set(plan.to_pandas()["employee"])
    assert not planned & set(open_people["employee"])
    reasons = {"budget", "seats", "no_buddy", "no_feasible_path", "not_worth_it", "person_budget"}
    assert set(open_people["reason"]) <= reasons
    assert (open_people["explanation_da"].str.len() > 0).all()


def test_more_budget_never_gives_a_worse_plan(engine: Engine) -> None:
    budget = engine.plan().to_dict()["budget"] or 1_000_000
    values = [engine.plan(total_budget=b).value for b in (0, budget // 4, budget // 2, budget, 2 * budget)]
    assert values == sorted(values)
    assert engine.plan(total_budget=0).total_cost == 0
    assert engine.plan(total_budget=budget // 2).total_cost <= budget // 2


@pytest.mark.parametrize("bad", [-1, 10**16, 2**70])
def test_a_bad_budget_names_the_field_and_value(engine: Engine, bad: int) -> None:
    with pytest.raises(kompetence.InvalidArgumentError) as info:
        engine.plan(total_budget=bad)
    (problem,) = info.value.problems
    assert problem.path == "total_budget" and problem.value == str(bad)
    with pytest.raises(TypeError):
        engine.plan(total_budget=1.5)  # type: ignore[arg-type]


def test_native_results_and_their_json_give_the_same_tables(engine: Engine) -> None:
    # recommend_all keeps the results native; an unpickled table reads the same JSON in Python.
    # Both must give the same sequence, frames and totals.
    native = engine.recommend_all()
    copied = pickle.loads(pickle.dumps(native))
    assert copied == native and len(copied) == len(native)
    pd = pytest.importorskip("pandas")
    pd.testing.assert_frame_equal(native.to_pandas(), copied.to_pandas())
    pd.testing.assert_frame_equal(native.frontier_frame(), copied.frontier_frame())
    assert native.total_net_cost == copied.total_net_cost and repr(native) == repr(copied)
    assert list(native.rows()) == list(copied.rows())
    assert native.employees() == copied.employees() == tuple(engine.employees())
    last = native.employees()[-1]
    assert native.get(last) == copied.get(last) == native[-1]
    with pytest.raises(KeyError):
        native.get("nobody")
    with pytest.raises(IndexError):
        native[len(native)]
