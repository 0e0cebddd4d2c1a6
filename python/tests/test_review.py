"""The annual review (MUS) pack through Python: the frozen result, both languages, privacy,
errors, pickling, and agreement with the CLI's JSON and Markdown."""

from __future__ import annotations

import json
import pickle
import subprocess
from typing import List

import pytest

import kompetence
from kompetence import AgendaItem, Engine, ReviewPack

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
