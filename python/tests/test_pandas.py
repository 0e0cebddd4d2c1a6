"""DataFrames: columns, dtypes, agreement with the objects, and pandas being optional."""

from __future__ import annotations

import sys
from typing import Any, Dict, List, Sequence, cast

import pytest

pd = pytest.importorskip("pandas")

from kompetence import Engine  # noqa: E402

NEED_COLUMNS = [
    "employee", "unit", "competence", "current", "target", "gap", "weight",
    "weighted_gap", "deadline", "deadline_is_default", "mandatory", "urgency", "feedback", "origins",
]  # fmt: skip


def assert_dtypes(
    df: Any, strings: List[str], ints: List[str], floats: List[str], dates: Sequence[str] = (), bools: Sequence[str] = ()
) -> None:
    for c in strings:
        assert pd.api.types.is_string_dtype(df[c].dtype) or df[c].dtype == object, c
    for c in ints:
        assert df[c].dtype == "int64", c
    for c in floats:
        assert df[c].dtype == "float64", c
    for c in dates:
        assert pd.api.types.is_datetime64_dtype(df[c].dtype), c
    for c in bools:
        assert df[c].dtype == bool, c


def check_needs_frame(df: Any) -> None:
    assert list(df.columns) == NEED_COLUMNS
    assert_dtypes(
        df,
        strings=["employee", "unit", "competence", "origins"],
        ints=["current", "target", "gap"],
        floats=["weight", "weighted_gap", "urgency", "feedback"],
        dates=["deadline"],
        bools=["deadline_is_default", "mandatory"],
    )


def test_needs_frame_has_typed_columns_and_one_row_per_person_and_need(engine: Engine) -> None:
    table = engine.needs_all()
    df = table.to_pandas()
    check_needs_frame(df)
    assert len(df) == len(table) > 0
    assert (df["gap"] == df["target"] - df["current"]).all()
    assert (df["target"] > df["current"]).all()
    assert (df["origins"].str.len() > 0).all()
    rows = table.to_dicts()
    for i, row in enumerate(rows):
        for col in NEED_COLUMNS:
            value = df[col].iloc[i]
            if col == "deadline":
                assert value.date() == row[col]
            else:
                assert value == row[col]


def test_empty_needs_frame_keeps_its_types(demo_docs: Dict[str, Any]) -> None:
    org = demo_docs["organisation"]
    org["roles"] = [dict(r, requirements=[]) for r in org["roles"]]
    org["goals"] = []
    for e in org["employees"]:
        e["wishes"] = []
        e["target_role"] = None
    org["plans"] = []
    e = Engine.from_dict(org, demo_docs["catalog"], demo_docs["policy"])
    df = e.needs_all().to_pandas()
    assert len(df) == 0
    check_needs_frame(df)
    goals = e.needs_by_goal().to_pandas()
    assert len(goals) == 0 and list(goals.columns)[0] == "goal"
    assert pd.api.types.is_datetime64_dtype(goals["deadline"].dtype)


def test_unit_frame(engine: Engine) -> None:
    rollup = engine.needs_by_unit()
    df = rollup.to_pandas()
    assert list(df.columns) == ["unit", "name", "people", "people_with_needs", "total_gap", "weighted_gap", "mandatory_gap"]
    assert_dtypes(
        df,
        strings=["unit", "name"],
        ints=["people", "people_with_needs", "total_gap", "mandatory_gap"],
        floats=["weighted_gap"],
    )
    assert df["unit"].tolist() == [r.unit for r in rollup]
    assert df["total_gap"].tolist() == [r.total_gap for r in rollup]


def test_goal_frame(engine: Engine) -> None:
    rollup = engine.needs_by_goal()
    df = rollup.to_pandas()
    assert list(df.columns) == ["goal", "title", "deadline", "people_in_scope", "people_affected", "total_gap", "weighted_gap"]
    assert_dtypes(
        df,
        strings=["goal", "title"],
        ints=["people_in_scope", "people_affected", "total_gap"],
        floats=["weighted_gap"],
        dates=["deadline"],
    )
    assert [d.date() for d in df["deadline"]] == [r.deadline for r in rollup]


def test_to_pandas_without_pandas_says_how_to_get_it(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    table = engine.needs_all()
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(ImportError, match=r"kompetence\[pandas\]"):
        table.to_pandas()
    with pytest.raises(ImportError, match=r"kompetence\[pandas\]"):
        engine.needs_by_unit().to_pandas()


def test_frame_from_objects_equals_frame_from_the_engine(engine: Engine) -> None:
    # A table straight from the engine builds columns from JSON; one made of objects (or
    # unpickled) builds them from the objects. Both must give the same frame.
    import pickle

    from kompetence import NeedsTable

    table = engine.needs_all()
    expected = table.to_pandas()
    pd.testing.assert_frame_equal(NeedsTable(table.people).to_pandas(), expected)
    pd.testing.assert_frame_equal(pickle.loads(pickle.dumps(table)).to_pandas(), expected)


def test_documents_built_from_pandas_values_are_accepted(demo_docs: Dict[str, Any]) -> None:
    # An analyst builds levels and deadlines from DataFrame columns: numpy integers and floats,
    # pandas Timestamps (a datetime at midnight) are the plain values they stand for.
    import numpy as np

    org = demo_docs["organisation"]
    person = org["employees"][0]
    person["levels"] = {c: np.int64(v) for c, v in person["levels"].items()}
    person["max_hours_away"] = np.float64(person["max_hours_away"])
    org["as_of"] = pd.Timestamp(org["as_of"])
    engine = Engine.from_dict(org, demo_docs["catalog"], demo_docs["policy"])
    assert engine.document("organisation") == demo_docs["organisation"] | {"as_of": org["as_of"].date().isoformat()}
    competence = org["framework"]["competences"][0]["id"]
    need = {"competence": competence, "level": np.int64(5), "deadline": pd.Timestamp("2099-01-01")}
    plain = {"competence": competence, "level": 5, "deadline": "2099-01-01"}
    assert engine.replan(person["id"], need=need) == engine.replan(person["id"], need=plain)
    with pytest.raises(TypeError, match="not JSON serialisable"):
        # A time of day is not a date: refused, not silently cut off.
        engine.replan(person["id"], need=dict(need, deadline=pd.Timestamp("2099-01-01 12:30")))


def test_missing_and_unwritable_values_from_a_dataframe_name_their_field(demo_docs: Dict[str, Any]) -> None:
    # An empty cell is pd.NA or pd.NaT: like NaN, a ParseError at its field (NaT used to raise
    # "ValueError: NaTType does not support time", NA a TypeError without a path). A value
    # JSON has no form for is still a TypeError, now with the field it sits in.
    from decimal import Decimal

    import kompetence

    def org_with(change: Any) -> Dict[str, Any]:
        org = kompetence.Engine.demo().document("organisation")
        change(org)
        return org

    for missing, field in [(pd.NaT, "as_of"), (pd.NA, "employees[1].max_hours_away")]:

        def put(org: Dict[str, Any], missing: Any = missing, field: str = field) -> None:
            if field == "as_of":
                org["as_of"] = missing
            else:
                org["employees"][1]["max_hours_away"] = missing

        with pytest.raises(kompetence.ParseError) as info:
            Engine.from_dict(org_with(put), demo_docs["catalog"], demo_docs["policy"])
        assert (info.value.document, info.value.path) == ("organisation", field)
        assert "missing value" in str(info.value) and repr(missing) in str(info.value)
    competence = demo_docs["organisation"]["framework"]["competences"][0]["id"]
    person = demo_docs["organisation"]["employees"][0]["id"]
    with pytest.raises(kompetence.InvalidArgumentError) as need:
        Engine.demo().replan(person, need={"competence": competence, "level": 3, "deadline": pd.NaT})
    assert need.value.path == "need.deadline"

    def decimal_wage(org: Dict[str, Any]) -> None:
        org["employees"][2]["wage_cost_per_hour"] = Decimal("300")

    wage = r"^organisation: employees\[2\]\.wage_cost_per_hour: Decimal .* not JSON serialisable"
    with pytest.raises(TypeError, match=wage):
        Engine.from_dict(org_with(decimal_wage), demo_docs["catalog"], demo_docs["policy"])


def test_integer_arguments_read_from_a_dataframe_are_accepted() -> None:
    # A budget or a number of cases read from a DataFrame is a numpy integer, not an int.
    import numpy as np

    import kompetence

    engine = Engine.demo()
    assert engine.plan(np.int64(500_000)).to_pandas().equals(engine.plan(500_000).to_pandas())
    with pytest.raises(kompetence.InvalidArgumentError) as info:
        engine.plan(np.int64(-1))
    assert info.value.path == "total_budget"
    for bad in (np.float64(5.0), np.bool_(True), True, "500000"):
        with pytest.raises(TypeError, match="total_budget"):
            engine.plan(cast(Any, bad))
    report = kompetence.check_policy(engine.document("policy"), cases=np.int32(1), seed=np.uint64(3))
    assert report == kompetence.check_policy(engine.document("policy"), cases=1, seed=3)
