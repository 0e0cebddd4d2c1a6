"""The annual review (MUS) pack and re-planning through Python: the frozen results, both
languages, privacy, errors, pickling, and agreement with the CLI's JSON and Markdown."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import subprocess
from typing import Any, Dict, List

import pytest

import kompetence
from kompetence import AgendaItem, Change, Engine, Replan, ReviewPack

from test_recommend import _cli


@pytest.fixture(scope="module")
def people(engine: Engine) -> List[str]:
    """A spread of demo employees across the organisation."""
    ids = engine.employees()
    return ids[:: max(1, len(ids) // 12)]


def test_packs_in_both_languages(engine: Engine, people: List[str]) -> None:
    for employee in people:
        da = engine.review(employee)
        en = engine.review(employee, lang="en")
        assert isinstance(da, ReviewPack) and da.lang == "da" and en.lang == "en"
        assert da.employee == employee and da.to_dict() == en.to_dict(), "the JSON holds both languages"
        assert da.markdown.startswith("# MUS") and "## Dagsorden" in da.markdown
        assert "## Agenda" in en.markdown and da.markdown != en.markdown
        assert "{" not in da.markdown and "{" not in en.markdown, "every placeholder filled"
        assert len(da.agenda) >= 5
        for item in da.agenda:
            assert isinstance(item, AgendaItem)
            assert item.text("da") in da.markdown and item.text("en") in en.markdown
            assert item.because.da and item.because.en
        about = [item.competence for item in da.agenda if item.competence is not None]
        assert len(about) == len(set(about)), "each competence is asked about once"
        raw = da.to_dict()
        assert len(raw["draft_idp"]["goals"]) == len(raw["needs"])
        assert da.as_of == engine.as_of


def test_a_pack_names_no_other_employee(engine: Engine, people: List[str]) -> None:
    ids = engine.employees()
    for employee in people:
        text = json.dumps(engine.review(employee).to_dict())
        others = [e for e in ids if e != employee and e in text]
        assert not others, f"{employee}'s pack mentions {others}"


def test_the_pack_is_frozen_picklable_and_a_copy(engine: Engine, people: List[str]) -> None:
    pack = engine.review(people[0])
    with pytest.raises(AttributeError):
        pack.lang = "en"  # type: ignore[misc]
    d = pack.to_dict()
    d["employee"] = "changed"
    assert pack.employee == people[0], "to_dict() is a copy"
    again = pickle.loads(pickle.dumps(pack))
    assert again == pack and hash(again) == hash(pack)
    assert pack._repr_markdown_() == pack.markdown
    assert engine.review(people[0]) == pack, "deterministic"


def test_errors(engine: Engine) -> None:
    with pytest.raises(kompetence.NotFoundError) as e:
        engine.review("nobody")
    assert isinstance(e.value, KeyError) and e.value.path == "employee"
    with pytest.raises(kompetence.InvalidArgumentError) as bad:
        engine.review(engine.employees()[0], lang="fr")
    assert isinstance(bad.value, ValueError) and bad.value.path == "lang"


def test_the_pack_equals_the_cli(engine: Engine, people: List[str]) -> None:
    cli = _cli()
    if cli is None:
        pytest.skip("the kompetence CLI is not built")
    employee = people[1]
    out = subprocess.run(
        [str(cli), "review", "--employee", employee, "--format", "json"], check=True, capture_output=True
    )
    assert json.loads(out.stdout) == engine.review(employee).to_dict()
    md = subprocess.run(
        [str(cli), "review", "--employee", employee, "--lang", "en"], check=True, capture_output=True, text=True
    )
    assert md.stdout == engine.review(employee, lang="en").markdown


@pytest.fixture(scope="module")
def agreed(engine: Engine) -> str:
    """A demo employee with an agreed activity (planned or in progress) in their plan."""
    for plan in engine.document("organisation")["plans"]:
        if any(a["status"] in ("planned", "in_progress") for a in plan["activities"]):
            return str(plan["employee"])
    raise AssertionError("the demo has agreed activities")


def _acute(engine: Engine) -> Dict[str, Any]:
    competence = engine.document("organisation")["framework"]["competences"][0]["id"]
    return {"competence": competence, "level": 4, "deadline": engine.as_of + dt.timedelta(days=90)}


def test_replan_keeps_agreed_activities_and_explains_every_change(engine: Engine, agreed: str) -> None:
    need = dict(_acute(engine), reason="Ny lov")
    documents = engine.document("organisation")
    da = engine.replan(agreed, need=need)
    en = engine.replan(agreed, need=need, lang="en")
    assert isinstance(da, Replan) and da.employee == agreed and da.reason == "Ny lov"
    assert da.to_dict() == en.to_dict(), "the JSON holds both languages"
    assert da.as_of == engine.as_of and da.lang == "da" and en.lang == "en"
    kinds = [c.kind for c in da.changes]
    assert kinds[0] in ("need_added", "need_already_met"), kinds
    assert "kept" in kinds or "dropped" in kinds, kinds
    for c in da.changes:
        assert isinstance(c, Change) and c.text.da and c.text.en
        assert c.text("en") in en.markdown
    assert "## Changes" in en.markdown and "## The new plan" in en.markdown
    assert da.before != da.after or kinds[0] == "need_already_met"
    # Frozen, picklable, deterministic, a copy.
    with pytest.raises(AttributeError):
        da.lang = "en"  # type: ignore[misc]
    again = pickle.loads(pickle.dumps(da))
    assert again == da and hash(again) == hash(da)
    d = da.to_dict()
    d["employee"] = "changed"
    assert da.employee == agreed
    assert engine.replan(agreed, need=need) == da
    assert engine.document("organisation") == documents, "the engine's documents are not changed"


def test_replan_needs_a_change(engine: Engine, agreed: str) -> None:
    # An evaluations document without records is no change either.
    evaluations = {"schema_version": 1, "records": []}
    with pytest.raises(kompetence.InvalidArgumentError) as nothing:
        engine.replan(agreed, evaluations=evaluations)
    assert nothing.value.path == "need"
    with pytest.raises(kompetence.ParseError):
        engine.replan(agreed, evaluations="{not json")


def test_replan_errors_name_the_field(engine: Engine, agreed: str) -> None:
    with pytest.raises(kompetence.InvalidArgumentError) as none:
        engine.replan(agreed)
    assert none.value.path == "need"
    with pytest.raises(kompetence.NotFoundError):
        engine.replan("nobody", need=_acute(engine))
    with pytest.raises(kompetence.InvalidArgumentError) as unknown:
        engine.replan(agreed, need=dict(_acute(engine), competence="no-such-competence"))
    assert unknown.value.path == "need.competence"
    with pytest.raises(kompetence.InvalidArgumentError) as typo:
        engine.replan(agreed, need=dict(_acute(engine), levle=3))
    assert typo.value.path == "need.levle" and "levle" in str(typo.value)
    with pytest.raises(kompetence.InvalidArgumentError) as past:
        engine.replan(agreed, need=dict(_acute(engine), deadline=engine.as_of - dt.timedelta(days=1)))
    assert past.value.path.startswith("need")
    with pytest.raises(TypeError):
        engine.replan(agreed, need="dementia-care=3")  # type: ignore[arg-type]
    with pytest.raises(kompetence.InvalidArgumentError):
        engine.replan(agreed, need=_acute(engine), lang="fr")


def test_replan_equals_the_cli(engine: Engine, agreed: str) -> None:
    cli = _cli()
    if cli is None:
        pytest.skip("the kompetence CLI is not built")
    need = _acute(engine)
    arg = f"{need['competence']}={need['level']}@{need['deadline'].isoformat()}"
    out = subprocess.run(
        [str(cli), "replan", "--employee", agreed, "--need", arg, "--format", "json"],
        check=True,
        capture_output=True,
    )
    assert json.loads(out.stdout) == engine.replan(agreed, need=need).to_dict()
    md = subprocess.run(
        [str(cli), "replan", "--employee", agreed, "--need", arg, "--lang", "en"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert md.stdout == engine.replan(agreed, need=need, lang="en").markdown
