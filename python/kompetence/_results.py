"""Result objects: frozen, picklable, with attribute access, ``to_dict()`` and readable reprs.

The native engine returns every result as JSON produced by serde; each class here has a
``_from_json`` that turns one parsed JSON object into an instance. Dates become
``datetime.date``; sequences become tuples so that results are immutable all the way down.
A new native query needs one such class and one line in ``Engine``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Dict, Generic, Iterator, List, Mapping, Optional, Sequence, Tuple, Type, TypeVar, overload

from . import _pandas
from ._native import Problem

__all__ = [
    "GoalNeeds",
    "Need",
    "NeedsTable",
    "Origin",
    "PersonNeeds",
    "Table",
    "UnitNeeds",
    "ValidationReport",
]


def _date(text: str) -> _dt.date:
    return _dt.date.fromisoformat(text)


def _opt_date(text: Optional[str]) -> Optional[_dt.date]:
    return None if text is None else _dt.date.fromisoformat(text)


def _label(kind: str, ident: Optional[str], level: Optional[int]) -> str:
    text = kind if ident is None else f"{kind}:{ident}"
    return text if level is None else f"{text}={level}"


def _raw_origins_summary(origins: Sequence[Mapping[str, Any]]) -> str:
    # Same text as Need.origins_summary(), straight from the JSON (no objects built).
    return "; ".join(
        _label(o["kind"], o.get("role") or o.get("goal") or o.get("signal") or o.get("proposed_by"), o.get("level"))
        for o in origins
    )


@dataclass(frozen=True, repr=False)
class Origin:
    """Why a need exists: one trace back to a role, strategic goal, plan, wish, career target
    or citizen feedback (D1). Fields that do not apply to the ``kind`` are ``None``."""

    kind: str
    """``role``, ``goal``, ``plan``, ``wish``, ``career`` or ``feedback``."""
    level: Optional[int] = None
    """The level this origin asks for (``None`` for feedback, which sets no target)."""
    role: Optional[str] = None
    goal: Optional[str] = None
    title: Optional[str] = None
    deadline: Optional[_dt.date] = None
    due: Optional[_dt.date] = None
    proposed_by: Optional[str] = None
    signal: Optional[str] = None
    feedback: Optional[str] = None
    summary: Optional[str] = None

    @classmethod
    def _from_json(cls, d: Mapping[str, Any]) -> Origin:
        return cls(
            kind=d["kind"],
            level=d.get("level"),
            role=d.get("role"),
            goal=d.get("goal"),
            title=d.get("title"),
            deadline=_opt_date(d.get("deadline")),
            due=_opt_date(d.get("due")),
            proposed_by=d.get("proposed_by"),
            signal=d.get("signal"),
            feedback=d.get("feedback"),
            summary=d.get("summary"),
        )

    def to_dict(self) -> Dict[str, Any]:
        """The fields that apply (``kind`` first), as a plain dict."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}

    def label(self) -> str:
        """A short label such as ``goal:citizen-at-the-centre=3`` or ``feedback:sig-7``."""
        return _label(self.kind, self.role or self.goal or self.signal or self.proposed_by, self.level)

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items())
        return f"Origin({inner})"


@dataclass(frozen=True, repr=False)
class Need:
    """One thing one person should learn, with how much it matters, by when, and why."""

    competence: str
    current: int
    """Assessed level now."""
    target: int
    """The level to reach (highest target among the origins)."""
    weight: float
    """Value of one level of gap closed."""
    weighted_gap: float
    """``weight × gap``: the ranking key."""
    deadline: _dt.date
    mandatory: bool
    """A role requirement or a mandatory goal requirement must be closed."""
    urgency: float
    """Urgency factor applied (≥ 1)."""
    feedback: float
    """Citizen-feedback factor applied (≥ 1)."""
    origins: Tuple[Origin, ...]
    """Every reason for the need; never empty."""
    deadline_is_default: bool = False
    """True when no origin set a date: ``deadline`` is then only the policy's default planning
    horizon (``urgency.default_deadline_days`` after ``as_of``), not a date anyone set; show it
    as such."""
    certification: bool = False
    """True when a strategic goal requires the level certified: only catalog activities that
    certify (``certifies``) count towards it."""

    @property
    def gap(self) -> int:
        """Levels still to gain."""
        return self.target - self.current

    @classmethod
    def _from_json(cls, d: Mapping[str, Any]) -> Need:
        return cls(
            competence=d["competence"],
            current=int(d["current"]),
            target=int(d["target"]),
            weight=float(d["weight"]),
            weighted_gap=float(d["weighted_gap"]),
            deadline=_date(d["deadline"]),
            mandatory=bool(d["mandatory"]),
            urgency=float(d["urgency"]),
            feedback=float(d["feedback"]),
            origins=tuple(Origin._from_json(o) for o in d["origins"]),
            deadline_is_default=bool(d.get("deadline_is_default", False)),
            certification=bool(d.get("certification", False)),
        )

    def origins_summary(self) -> str:
        """The origins as one string, e.g. ``role:assistant=3; goal:citizen-at-the-centre=3``."""
        return "; ".join(o.label() for o in self.origins)

    def to_dict(self) -> Dict[str, Any]:
        """A plain dict (with ``gap``; origins as dicts; the deadline as ``datetime.date``)."""
        return {
            "competence": self.competence,
            "current": self.current,
            "target": self.target,
            "gap": self.gap,
            "weight": self.weight,
            "weighted_gap": self.weighted_gap,
            "deadline": self.deadline,
            "deadline_is_default": self.deadline_is_default,
            "mandatory": self.mandatory,
            "certification": self.certification,
            "urgency": self.urgency,
            "feedback": self.feedback,
            "origins": [o.to_dict() for o in self.origins],
        }

    def __repr__(self) -> str:
        return (
            f"Need(competence={self.competence!r}, current={self.current}, target={self.target}, "
            f"weighted_gap={self.weighted_gap:.4g}, deadline={self.deadline.isoformat()}, "
            f"mandatory={self.mandatory}, origins=[{self.origins_summary()}])"
        )


@dataclass(frozen=True)
class PersonNeeds:
    """One person's ranked needs (highest weighted gap first)."""

    employee: str
    unit: str
    needs: Tuple[Need, ...]

    @classmethod
    def _from_json(cls, d: Mapping[str, Any]) -> PersonNeeds:
        return cls(employee=d["employee"], unit=d["unit"], needs=tuple(Need._from_json(n) for n in d["needs"]))

    def to_dict(self) -> Dict[str, Any]:
        """A plain dict with the needs as dicts."""
        return {"employee": self.employee, "unit": self.unit, "needs": [n.to_dict() for n in self.needs]}


# Column name → dtype of the needs DataFrame ("date" becomes datetime64[ns]).
_NEED_COLUMNS: Dict[str, str] = {
    "employee": "str",
    "unit": "str",
    "competence": "str",
    "current": "int64",
    "target": "int64",
    "gap": "int64",
    "weight": "float64",
    "weighted_gap": "float64",
    "deadline": "date",
    "deadline_is_default": "bool",
    "mandatory": "bool",
    "urgency": "float64",
    "feedback": "float64",
    "origins": "str",
}


class NeedsTable:
    """Every person's needs: one row per person × need.

    ``people`` gives the objects (people without needs included); ``to_pandas()`` gives the
    rows as a DataFrame with typed columns; ``len()`` is the number of rows. The objects are
    built on first use of ``people``, so a DataFrame of a large organisation never pays for them.
    """

    __slots__ = ("_raw", "_people")
    _raw: Optional[Sequence[Mapping[str, Any]]]
    _people: Optional[Tuple[PersonNeeds, ...]]

    def __init__(self, people: Sequence[PersonNeeds]) -> None:
        object.__setattr__(self, "_raw", None)
        object.__setattr__(self, "_people", tuple(people))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("NeedsTable is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("NeedsTable is immutable")

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (NeedsTable, (self.people,))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NeedsTable) and other.people == self.people

    def __hash__(self) -> int:
        return hash(self.people)

    @classmethod
    def _from_json(cls, data: Sequence[Mapping[str, Any]]) -> NeedsTable:
        table = cls.__new__(cls)
        object.__setattr__(table, "_raw", data)
        object.__setattr__(table, "_people", None)
        return table

    @property
    def people(self) -> Tuple[PersonNeeds, ...]:
        """Every person, in document order, with their ranked needs."""
        people = self._people
        if people is None:
            # Two threads may both build it; they build equal tuples, and either may win.
            people = tuple(PersonNeeds._from_json(p) for p in self._raw or ())
            object.__setattr__(self, "_people", people)
        return people

    def __len__(self) -> int:
        if self._raw is not None:
            return sum(len(p["needs"]) for p in self._raw)
        return sum(len(p.needs) for p in self.people)

    def rows(self) -> Iterator[Dict[str, Any]]:
        """The rows of ``to_pandas()`` as dicts (deadline as ``datetime.date``)."""
        for p in self.people:
            for n in p.needs:
                yield {
                    "employee": p.employee,
                    "unit": p.unit,
                    "competence": n.competence,
                    "current": n.current,
                    "target": n.target,
                    "gap": n.gap,
                    "weight": n.weight,
                    "weighted_gap": n.weighted_gap,
                    "deadline": n.deadline,
                    "deadline_is_default": n.deadline_is_default,
                    "mandatory": n.mandatory,
                    "urgency": n.urgency,
                    "feedback": n.feedback,
                    "origins": n.origins_summary(),
                }

    def to_dicts(self) -> List[Dict[str, Any]]:
        """All rows as a list of dicts."""
        return list(self.rows())

    def _raw_columns(self, raw: Sequence[Mapping[str, Any]]) -> Dict[str, List[Any]]:
        cols: Dict[str, List[Any]] = {name: [] for name in _NEED_COLUMNS}
        for p in raw:
            for n in p["needs"]:
                cols["employee"].append(p["employee"])
                cols["unit"].append(p["unit"])
                cols["competence"].append(n["competence"])
                cols["current"].append(n["current"])
                cols["target"].append(n["target"])
                cols["gap"].append(n["target"] - n["current"])
                cols["weight"].append(n["weight"])
                cols["weighted_gap"].append(n["weighted_gap"])
                cols["deadline"].append(n["deadline"])  # ISO text: pandas parses it vectorised
                cols["deadline_is_default"].append(bool(n.get("deadline_is_default", False)))
                cols["mandatory"].append(n["mandatory"])
                cols["urgency"].append(n["urgency"])
                cols["feedback"].append(n["feedback"])
                cols["origins"].append(_raw_origins_summary(n["origins"]))
        return cols

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with one row per person × need; needs ``pip install kompetence[pandas]``.

        Columns: employee, unit, competence (str); current, target, gap (int64); weight,
        weighted_gap (float64); deadline (datetime64[ns]); deadline_is_default (bool: the
        deadline is the policy's default horizon, not a set date); mandatory (bool); urgency, feedback
        (float64); origins (str summary).
        """
        raw = self._raw
        cols = self._raw_columns(raw) if raw is not None else _columns(self.rows(), _NEED_COLUMNS)
        return _pandas.frame(cols, _NEED_COLUMNS)

    def __repr__(self) -> str:
        people = len(self._raw) if self._raw is not None else len(self.people)
        return f"NeedsTable(people={people}, rows={len(self)})"


def _columns(rows: Iterator[Mapping[str, Any]], spec: Mapping[str, str]) -> Dict[str, List[Any]]:
    cols: Dict[str, List[Any]] = {name: [] for name in spec}
    for row in rows:
        for name, values in cols.items():
            values.append(row[name])
    return cols


@dataclass(frozen=True)
class UnitNeeds:
    """Needs summed over the people of one unit and its sub-units."""

    unit: str
    name: str
    people: int
    people_with_needs: int
    total_gap: int
    """Sum of gaps in levels."""
    weighted_gap: float
    """Sum of weighted gaps."""
    mandatory_gap: int
    """Sum of gaps of mandatory needs."""

    _columns: ClassVar[Dict[str, str]] = {
        "unit": "str",
        "name": "str",
        "people": "int64",
        "people_with_needs": "int64",
        "total_gap": "int64",
        "weighted_gap": "float64",
        "mandatory_gap": "int64",
    }

    @classmethod
    def _from_json(cls, d: Mapping[str, Any]) -> UnitNeeds:
        return cls(
            unit=d["unit"],
            name=d["name"],
            people=int(d["people"]),
            people_with_needs=int(d["people_with_needs"]),
            total_gap=int(d["total_gap"]),
            weighted_gap=float(d["weighted_gap"]),
            mandatory_gap=int(d["mandatory_gap"]),
        )

    def to_dict(self) -> Dict[str, Any]:
        """A plain dict."""
        return {name: getattr(self, name) for name in self._columns}


@dataclass(frozen=True)
class GoalNeeds:
    """How far the people in a strategic goal's scope are from its requirements."""

    goal: str
    title: str
    deadline: _dt.date
    people_in_scope: int
    people_affected: int
    """People with a gap to at least one requirement."""
    total_gap: int
    weighted_gap: float

    _columns: ClassVar[Dict[str, str]] = {
        "goal": "str",
        "title": "str",
        "deadline": "date",
        "people_in_scope": "int64",
        "people_affected": "int64",
        "total_gap": "int64",
        "weighted_gap": "float64",
    }

    @classmethod
    def _from_json(cls, d: Mapping[str, Any]) -> GoalNeeds:
        return cls(
            goal=d["goal"],
            title=d["title"],
            deadline=_date(d["deadline"]),
            people_in_scope=int(d["people_in_scope"]),
            people_affected=int(d["people_affected"]),
            total_gap=int(d["total_gap"]),
            weighted_gap=float(d["weighted_gap"]),
        )

    def to_dict(self) -> Dict[str, Any]:
        """A plain dict."""
        return {name: getattr(self, name) for name in self._columns}


R = TypeVar("R", UnitNeeds, GoalNeeds)


class Table(Sequence[R], Generic[R]):
    """An immutable sequence of result rows with ``to_pandas()`` (one row per item)."""

    __slots__ = ("_rows", "_row_type")
    _rows: Tuple[R, ...]
    _row_type: Type[R]

    def __init__(self, rows: Sequence[R], row_type: Type[R]) -> None:
        object.__setattr__(self, "_rows", tuple(rows))
        object.__setattr__(self, "_row_type", row_type)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Table is immutable")

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (Table, (self._rows, self._row_type))

    @classmethod
    def _from_json(cls, data: Sequence[Mapping[str, Any]], row_type: Type[R]) -> Table[R]:
        return cls([row_type._from_json(d) for d in data], row_type)

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> Tuple[R, ...]: ...
    def __getitem__(self, index: Any) -> Any:
        return self._rows[index]

    def __len__(self) -> int:
        return len(self._rows)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Table) and other._rows == self._rows

    def __hash__(self) -> int:
        return hash(self._rows)

    def to_dicts(self) -> List[Dict[str, Any]]:
        """Every row as a plain dict."""
        return [r.to_dict() for r in self._rows]

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with one row per item; needs ``pip install kompetence[pandas]``."""
        spec = self._row_type._columns
        return _pandas.frame(_columns(iter(self.to_dicts()), spec), spec)

    def __repr__(self) -> str:
        return f"Table[{self._row_type.__name__}]({len(self._rows)} rows)"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating one document: its kind (``None`` when it could not be told)
    and every problem found. ``valid`` is true when there are no problems."""

    kind: Optional[str]
    problems: Tuple[Problem, ...] = field(default=())

    @property
    def valid(self) -> bool:
        """No problems were found."""
        return not self.problems

    @classmethod
    def _from_json(cls, d: Mapping[str, Any]) -> ValidationReport:
        problems = tuple(
            Problem(p["path"], p["value"], p["message"], p.get("document")) for p in d["problems"]
        )
        return cls(kind=d.get("kind"), problems=problems)

    def to_dict(self) -> Dict[str, Any]:
        """A plain dict with the problems as dicts."""
        return {"kind": self.kind, "valid": self.valid, "problems": [p.to_dict() for p in self.problems]}
