"""Concurrency (batch calls release the GIL) and pickling of every result object."""

from __future__ import annotations

import pickle
import threading
from pathlib import Path
from concurrent.futures import ThreadPoolExecutor
from typing import Any, List

import pytest

import kompetence
from kompetence import Engine


def test_four_threads_calling_needs_all_equal_the_serial_result(engine: Engine) -> None:
    serial = engine.needs_all()
    barrier = threading.Barrier(4)

    def work(_: int) -> List[Any]:
        barrier.wait()
        return [engine.needs_all() for _ in range(25)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = [r for batch in pool.map(work, range(4)) for r in batch]
    assert len(results) == 100
    assert all(r == serial for r in results)


def test_threads_mixing_queries_and_errors(engine: Engine) -> None:
    ids = engine.employees()
    expected = {i: engine.needs(i) for i in ids}

    def work(n: int) -> bool:
        for i in ids:
            assert engine.needs(i) == expected[i]
        with pytest.raises(kompetence.NotFoundError):
            engine.needs(f"ghost-{n}")
        return engine.needs_by_unit() == engine.needs_by_unit()

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(work, range(8)))


def round_trip(obj: Any) -> Any:
    back = pickle.loads(pickle.dumps(obj))
    assert back == obj and type(back) is type(obj)
    return back


def test_result_objects_pickle(engine: Engine) -> None:
    table = engine.needs_all()
    round_trip(table)
    person = next(p for p in table.people if p.needs)
    round_trip(person)
    need = round_trip(person.needs[0])
    assert need.gap == person.needs[0].gap
    round_trip(need.origins[0])
    round_trip(engine.needs_by_unit())
    round_trip(engine.needs_by_unit()[0])
    round_trip(engine.needs_by_goal())
    round_trip(kompetence.validate({"schema_version": 2, "name": "x"}))


def test_problem_is_a_frozen_value() -> None:
    p = kompetence.Problem("a.b", "1", "m", "policy")
    assert round_trip(p) == p and hash(p) == hash(kompetence.Problem("a.b", "1", "m", "policy"))
    assert p.to_dict() == {"document": "policy", "path": "a.b", "value": "1", "message": "m"}
    assert repr(p) == "Problem(document='policy', path='a.b', value='1', message='m')"
    assert str(p) == "policy: a.b: m"
    with pytest.raises(AttributeError):
        p.path = "x"  # type: ignore[misc]



def test_an_engine_pickles_by_its_documents() -> None:
    # An analyst hands an engine to multiprocessing or joblib, which pickle their arguments.
    small = Path(__file__).resolve().parents[2] / "tests" / "data" / "small"
    engine = Engine.from_files(*(small / f"{n}.json" for n in ("organisation", "catalog", "policy", "evaluations")))
    back = pickle.loads(pickle.dumps(engine))
    assert type(back) is Engine and repr(back) == repr(engine)
    for kind in kompetence.DOCUMENT_KINDS:
        assert back.document(kind) == engine.document(kind)
    assert back.recommend_all().to_dicts() == engine.recommend_all().to_dicts()
    assert back.plan() == engine.plan() and back.evaluation_report() == engine.evaluation_report()
