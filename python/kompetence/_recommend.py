"""Recommendations and the evaluation report as frozen Python objects and DataFrames.

Each object keeps the JSON it was built from (``to_dict()`` returns it, so it has exactly the
shape every other surface prints, e.g. ``kompetence recommend --format json``) next to typed
attributes for reading. Tables of many people keep only the JSON and build objects on demand,
so a DataFrame of a large organisation never pays for millions of small objects.
"""

from __future__ import annotations

import copy
import json
import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, overload

from . import _native, _pandas
from ._results import Need

__all__ = [
    "Buddy",
    "EvaluationReport",
    "FollowUp",
    "FrontierPoint",
    "FundingUse",
    "Gain",
    "LearningPath",
    "Recommendation",
    "RecommendationTable",
    "Rejection",
    "Step",
    "Text",
    "TransferEvidence",
]


def _date(text: str) -> _dt.date:
    return _dt.date.fromisoformat(text)


def _invalid_argument(name: str, value: object, message: str) -> _native.InvalidArgumentError:
    """The ``InvalidArgumentError`` the native library raises for a bad argument: ``path`` the
    argument's name, ``value`` its JSON text."""
    problem = _native.Problem(name, json.dumps(value, ensure_ascii=False, default=repr), message)
    return _native.InvalidArgumentError(f"invalid_argument error: {name}: {message}", [problem])


@dataclass(frozen=True)
class Text:
    """A text in Danish (``da``) and English (``en``)."""

    da: str
    en: str

    def __call__(self, lang: str = "en") -> str:
        """The text in ``lang`` (``"da"`` or ``"en"``)."""
        if lang not in ("da", "en"):
            raise _invalid_argument("lang", lang, f"unknown language {lang!r}; expected 'da' or 'en'")
        return self.da if lang == "da" else self.en

    @classmethod
    def _from_json(cls, d: Mapping[str, Any]) -> Text:
        return cls(da=d["da"], en=d["en"])


@dataclass(frozen=True)
class Gain:
    """What one step raises in one needed competence."""

    competence: str
    from_level: int
    to_level: int
    deadline: _dt.date
    days_before_deadline: int
    timing_factor: float
    weight: float
    effect: float
    #: True when no origin set the deadline (the policy's default horizon): the need is current,
    #: and the gain does not decay for ending early.
    deadline_is_default: bool = False

    @classmethod
    def _from_json(cls, d: Mapping[str, Any]) -> Gain:
        return cls(
            competence=d["competence"],
            from_level=int(d["from"]),
            to_level=int(d["to"]),
            deadline=_date(d["deadline"]),
            days_before_deadline=int(d["days_before_deadline"]),
            timing_factor=float(d["timing_factor"]),
            weight=float(d["weight"]),
            effect=float(d["effect"]),
            deadline_is_default=bool(d.get("deadline_is_default", False)),
        )


@dataclass(frozen=True)
class Buddy:
    """The colleague chosen as buddy (id and display name only: never their levels)."""

    employee: str
    name: str


@dataclass(frozen=True)
class FundingUse:
    """Money a funding source pays, whole kroner."""

    source: str
    name: str
    covers: str
    amount: int

    @classmethod
    def _from_json(cls, d: Mapping[str, Any]) -> FundingUse:
        return cls(source=d["source"], name=d["name"], covers=d["covers"], amount=int(d["amount"]))


@dataclass(frozen=True)
class TransferEvidence:
    """Behaviour follow-ups of earlier participants behind a transfer probability."""

    applied: int
    partly: int
    not_applied: int


@dataclass(frozen=True)
class Step:
    """One activity of a path, scheduled and costed (money in whole kroner)."""

    activity: str
    title: str
    form: str
    provider: Optional[str]
    """The catalog's provider of the activity."""
    session: Optional[str]
    start: _dt.date
    end: _dt.date
    hours_away: float
    fee: int
    group_estimate: bool
    wage_cost: int
    mentor: Optional[str]
    buddy: Optional[Buddy]
    mentor_cost: int
    supervised: bool
    supervision_cost: int
    funding: Tuple[FundingUse, ...]
    net_cost: int
    transfer_probability: float
    transfer_evidence: Optional[TransferEvidence]
    preference_factor: float
    gains: Tuple[Gain, ...]
    effect: float
    explanation: Optional[Text]
    """Why this step (set on the chosen path and the runners-up)."""

    @classmethod
    def _from_json(cls, d: Mapping[str, Any], providers: Mapping[str, str]) -> Step:
        buddy = d.get("buddy")
        evidence = d.get("transfer_evidence")
        explanation = d.get("explanation")
        return cls(
            activity=d["activity"],
            title=d["title"],
            form=d["form"],
            provider=providers.get(d["activity"]),
            session=d.get("session"),
            start=_date(d["start"]),
            end=_date(d["end"]),
            hours_away=float(d["hours_away"]),
            fee=int(d["fee"]),
            group_estimate=bool(d["group_estimate"]),
            wage_cost=int(d["wage_cost"]),
            mentor=d.get("mentor"),
            buddy=None if buddy is None else Buddy(buddy["employee"], buddy["name"]),
            mentor_cost=int(d["mentor_cost"]),
            supervised=bool(d["supervised"]),
            supervision_cost=int(d["supervision_cost"]),
            funding=tuple(FundingUse._from_json(f) for f in d["funding"]),
            net_cost=int(d["net_cost"]),
            transfer_probability=float(d["transfer_probability"]),
            transfer_evidence=None
            if evidence is None
            else TransferEvidence(evidence["applied"], evidence["partly"], evidence["not_applied"]),
            preference_factor=float(d["preference_factor"]),
            gains=tuple(Gain._from_json(g) for g in d["gains"]),
            effect=float(d["effect"]),
            explanation=None if explanation is None else Text._from_json(explanation),
        )

    def __repr__(self) -> str:
        return (
            f"Step({self.activity!r}, form={self.form!r}, {self.start.isoformat()}..{self.end.isoformat()}, "
            f"hours_away={self.hours_away:g}, net_cost={self.net_cost}, effect={self.effect:.4g})"
        )


@dataclass(frozen=True)
class LearningPath:
    """Activities in order with their expected effect and net cost (an empty path: nothing now)."""

    steps: Tuple[Step, ...]
    effect: float
    net_cost: int
    gross_cost: int
    funding: Tuple[FundingUse, ...]
    hours_away: float
    score: float
    """``effect × value_per_effect − net_cost``."""
    closes_mandatory: bool

    @classmethod
    def _from_json(cls, d: Mapping[str, Any], providers: Mapping[str, str]) -> LearningPath:
        return cls(
            steps=tuple(Step._from_json(s, providers) for s in d["steps"]),
            effect=float(d["effect"]),
            net_cost=int(d["net_cost"]),
            gross_cost=int(d["gross_cost"]),
            funding=tuple(FundingUse._from_json(f) for f in d["funding"]),
            hours_away=float(d["hours_away"]),
            score=float(d["score"]),
            closes_mandatory=bool(d["closes_mandatory"]),
        )

    @property
    def activities(self) -> Tuple[str, ...]:
        """Activity ids in order."""
        return tuple(s.activity for s in self.steps)

    def __repr__(self) -> str:
        path = " → ".join(self.activities) or "nothing now"
        return f"LearningPath([{path}], effect={self.effect:.4g}, net_cost={self.net_cost})"


@dataclass(frozen=True)
class FrontierPoint:
    """A non-dominated path as a point on (effect, net cost): activity ids in order and the
    path's totals (the full steps of the chosen path and runners-up are on those paths)."""

    activities: Tuple[str, ...]
    effect: float
    net_cost: int
    hours_away: float
    score: float
    closes_mandatory: bool

    @classmethod
    def _from_json(cls, d: Mapping[str, Any]) -> FrontierPoint:
        return cls(
            activities=tuple(s["activity"] for s in d["steps"]),
            effect=float(d["effect"]),
            net_cost=int(d["net_cost"]),
            hours_away=float(d["hours_away"]),
            score=float(d["score"]),
            closes_mandatory=bool(d["closes_mandatory"]),
        )


@dataclass(frozen=True)
class Rejection:
    """An activity that develops a needed competence but is not in the chosen path, and why."""

    activity: str
    title: str
    form: str
    reason: str
    """``language``, ``no_gain``, ``alarm_zone``, ``no_free_seat``, ``too_late``, ``no_buddy``,
    ``hours_cap``, ``budget`` or ``not_chosen``."""
    details: Tuple[Tuple[str, Any], ...]
    """The reason's figures (e.g. ``(("net_cost", 9000), ("per_person", 8000))``)."""
    text: Text

    _KEYS = ("activity", "title", "form", "reason", "text")

    @classmethod
    def _from_json(cls, d: Mapping[str, Any]) -> Rejection:
        details = tuple(sorted((k, v) for k, v in d.items() if k not in cls._KEYS))
        return cls(
            activity=d["activity"],
            title=d["title"],
            form=d["form"],
            reason=d["reason"],
            details=details,
            text=Text._from_json(d["text"]),
        )


@dataclass(frozen=True, repr=False)
class Recommendation:
    """One person's recommendation: the chosen path with explanations, the rule that chose it,
    runners-up, rejected alternatives, and every non-dominated path (``frontier``).

    ``to_dict()`` is the library's JSON (the same as ``kompetence recommend --format json``).
    """

    employee: str
    unit: Optional[str]
    needs: Tuple[Need, ...]
    frontier: Tuple[FrontierPoint, ...]
    """Every non-dominated path on (effect ↑, net cost ↓), cheapest first."""
    chosen: LearningPath
    rule: str
    """``no_needs``, ``mandatory_closed``, ``best_value``, ``nothing_worth_its_cost``, ``no_feasible_path`` (needs, but no activity can be taken toward them), ``agreed_covers`` (the agreed development-plan activities reach every target) or ``refused``."""
    summary: Text
    runners_up: Tuple[LearningPath, ...]
    rejected: Tuple[Rejection, ...]
    refused: Optional[str]
    agreed: Tuple[Step, ...]
    """Activities already agreed in the person's development plan (planned or in progress),
    kept as fixed steps: every path comes on top of them and counts only its new steps."""
    agreed_dropped: Tuple[Rejection, ...]
    """Agreed activities no longer possible, with the reason."""
    _raw: Mapping[str, Any] = field(compare=False, hash=False)

    @classmethod
    def _from_json(
        cls, d: Mapping[str, Any], providers: Mapping[str, str], unit: Optional[str] = None
    ) -> Recommendation:
        return cls(
            employee=d["employee"],
            unit=unit,
            needs=tuple(Need._from_json(n) for n in d["needs"]),
            frontier=tuple(FrontierPoint._from_json(p) for p in d["frontier"]),
            chosen=LearningPath._from_json(d["chosen"], providers),
            rule=d["rule"],
            summary=Text._from_json(d["summary"]),
            runners_up=tuple(LearningPath._from_json(p, providers) for p in d["runners_up"]),
            rejected=tuple(Rejection._from_json(r) for r in d["rejected"]),
            refused=d.get("refused"),
            agreed=tuple(Step._from_json(s, providers) for s in (d.get("agreed") or {}).get("kept", ())),
            agreed_dropped=tuple(Rejection._from_json(r) for r in (d.get("agreed") or {}).get("dropped", ())),
            _raw=d,
        )

    @property
    def steps(self) -> Tuple[Step, ...]:
        """The chosen path's steps."""
        return self.chosen.steps

    def explanations(self, lang: str = "en") -> Tuple[str, ...]:
        """Why each chosen step, in ``lang`` (``"da"`` or ``"en"``)."""
        # Checked here too, so a wrong language is refused even when there is no step.
        self.summary(lang)
        return tuple(s.explanation(lang) for s in self.chosen.steps if s.explanation is not None)

    def to_dict(self) -> Dict[str, Any]:
        """The recommendation as the library's JSON (a deep copy: free to change)."""
        result: Dict[str, Any] = copy.deepcopy(dict(self._raw))
        return result

    def __repr__(self) -> str:
        path = " → ".join(self.chosen.activities) or "nothing now"
        return (
            f"Recommendation(employee={self.employee!r}, rule={self.rule!r}, chosen=[{path}], "
            f"net_cost={self.chosen.net_cost}, effect={self.chosen.effect:.4g}, "
            f"runners_up={len(self.runners_up)}, rejected={len(self.rejected)})"
        )


# Column name → dtype of RecommendationTable.to_pandas() ("date" becomes datetime64[ns]).
_STEP_COLUMNS: Dict[str, str] = {
    "employee": "str",
    "unit": "str",
    "step": "int64",
    "activity": "str",
    "form": "str",
    "provider": "str",
    "start": "date",
    "end": "date",
    "hours_away": "float64",
    "net_cost": "int64",
    "effect": "float64",
    "buddy": "str",
    "explanation_en": "str",
    "explanation_da": "str",
}

# The columns the native library (or the JSON fallback) gives per person × chosen step.
_NATIVE_STEP_COLUMNS = (
    "person", "step", "activity", "form", "start", "end", "hours_away", "net_cost", "effect",
    "buddy", "explanation_en", "explanation_da",
)  # fmt: skip

# Column name → dtype of RecommendationTable.frontier_frame().
_FRONTIER_COLUMNS: Dict[str, str] = {
    "employee": "str",
    "unit": "str",
    "path": "int64",
    "activities": "str",
    "steps": "int64",
    "effect": "float64",
    "net_cost": "int64",
    "score": "float64",
    "chosen": "bool",
}


class RecommendationTable(Sequence[Recommendation]):
    """Everyone's recommendation, in document order: a sequence of :class:`Recommendation`
    (built on first access) with ``to_pandas()`` (one row per person × chosen step) and
    ``frontier_frame()`` (one row per person × non-dominated path, for cost–effect plots).

    The results stay in the native library until used: a person's recommendation is read when
    it is first accessed, and the DataFrames are built from columns assembled natively, so
    ``Engine.recommend_all()`` costs about what the same call costs in Rust."""

    __slots__ = ("_source", "_units", "_providers", "_objects", "_cache")
    _source: Any  # _native.Recommendations, or a tuple of JSON dicts (unpickled, from_dicts)
    _units: Tuple[str, ...]
    _providers: Mapping[str, str]
    _objects: Dict[int, Recommendation]
    _cache: Dict[Any, Any]

    def __init__(self, raw: Any, units: Sequence[str], providers: Mapping[str, str]) -> None:
        native = isinstance(raw, _native.Recommendations)
        object.__setattr__(self, "_source", raw if native else tuple(raw))
        object.__setattr__(self, "_units", tuple(units))
        object.__setattr__(self, "_providers", dict(providers))
        object.__setattr__(self, "_objects", {})
        object.__setattr__(self, "_cache", {})

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("RecommendationTable is immutable")

    def _native(self) -> Optional[_native.Recommendations]:
        src = self._source
        return src if isinstance(src, _native.Recommendations) else None

    def _raw_all(self) -> Tuple[Mapping[str, Any], ...]:
        """Every recommendation as JSON dicts (read from the native results once, then kept)."""
        native = self._native()
        if native is None:
            raw: Tuple[Mapping[str, Any], ...] = self._source
            return raw
        cached = self._cache.get("raw")
        if cached is None:
            cached = tuple(json.loads(native.all_json()))
            self._cache["raw"] = cached
        return cached

    def _raw_at(self, i: int) -> Mapping[str, Any]:
        native = self._native()
        if native is None or "raw" in self._cache:
            return self._raw_all()[i]
        raw: Mapping[str, Any] = json.loads(native.json(i))
        return raw

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (RecommendationTable, (self._raw_all(), self._units, self._providers))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, RecommendationTable)
            and other._units == self._units
            and (self is other or other._raw_all() == self._raw_all())
        )

    def __hash__(self) -> int:
        return hash((len(self), self._units))

    def __len__(self) -> int:
        return len(self._source)

    @overload
    def __getitem__(self, index: int) -> Recommendation: ...
    @overload
    def __getitem__(self, index: slice) -> Tuple[Recommendation, ...]: ...
    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        try:
            i = range(len(self))[index]
        except IndexError:
            raise IndexError(f"recommendation index {index} out of range: {len(self)} people") from None
        rec = self._objects.get(i)
        if rec is None:
            unit = self._units[i] if i < len(self._units) else None
            # Two threads may both build it; they build equal objects and either may win.
            rec = Recommendation._from_json(self._raw_at(i), self._providers, unit)
            self._objects[i] = rec
        return rec

    def employees(self) -> Tuple[str, ...]:
        """The employee ids, in document order."""
        ids = self._cache.get("employees")
        if ids is None:
            native = self._native()
            ids = tuple(native.employees()) if native is not None else tuple(r["employee"] for r in self._source)
            self._cache["employees"] = ids
        return ids

    def get(self, employee: str) -> Recommendation:
        """The recommendation of one employee (``KeyError`` when absent)."""
        index: Optional[Dict[str, int]] = self._cache.get("index")
        if index is None:
            index = {e: i for i, e in enumerate(self.employees())}
            self._cache["index"] = index
        if employee not in index:
            raise KeyError(employee)
        return self[index[employee]]

    def to_dicts(self) -> List[Dict[str, Any]]:
        """Every recommendation as the library's JSON (the same as ``kompetence recommend --all --format json``)."""
        result: List[Dict[str, Any]] = copy.deepcopy([dict(r) for r in self._raw_all()])
        return result

    def _unit(self, i: int) -> str:
        return self._units[i] if i < len(self._units) else ""

    def _step_columns(self) -> Dict[str, List[Any]]:
        """One entry per person × chosen step, with ``person`` the position in document order."""
        native = self._native()
        if native is not None:
            cols: Dict[str, List[Any]] = native.step_columns()
            return cols
        cols = {name: [] for name in _NATIVE_STEP_COLUMNS}
        for i, r in enumerate(self._source):
            for k, s in enumerate(r["chosen"]["steps"]):
                buddy = s.get("buddy")
                explanation = s.get("explanation") or {}
                cols["person"].append(i)
                cols["step"].append(k + 1)
                for name in ("activity", "form", "start", "end", "hours_away", "net_cost", "effect"):
                    cols[name].append(s[name])
                cols["buddy"].append("" if buddy is None else buddy["employee"])
                cols["explanation_en"].append(explanation.get("en", ""))
                cols["explanation_da"].append(explanation.get("da", ""))
        return cols

    def _step_table(self) -> Dict[str, List[Any]]:
        """The columns of ``to_pandas()``, in its order."""
        cols = self._step_columns()
        employees = self.employees()
        person = cols["person"]
        providers = self._providers
        table: Dict[str, List[Any]] = {
            "employee": [employees[i] for i in person],
            "unit": [self._unit(i) for i in person],
            "provider": [providers.get(a, "") for a in cols["activity"]],
        }
        for name in _STEP_COLUMNS:
            if name not in table:
                table[name] = cols[name]
        return {name: table[name] for name in _STEP_COLUMNS}

    def rows(self) -> Iterator[Dict[str, Any]]:
        """The rows of ``to_pandas()`` as dicts (dates as ISO text)."""
        table = self._step_table()
        names = list(table)
        for values in zip(*table.values()):
            yield dict(zip(names, values))

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with one row per person × step of the chosen path (people
        whose chosen path is empty have no rows); needs ``pip install kompetence[pandas]``.

        Columns: employee, unit (str); step (int64, from 1); activity, form, provider (str);
        start, end (datetime64[ns]); hours_away (float64); net_cost (int64, kroner); effect
        (float64); buddy (str, the buddy's employee id or ""); explanation_en, explanation_da (str).
        """
        return _pandas.frame(self._step_table(), _STEP_COLUMNS)

    def frontier_frame(self) -> Any:
        """A ``pandas.DataFrame`` with one row per person × non-dominated path (cheapest first),
        for plotting each person's cost–effect frontier: employee, unit (str); path (int64,
        position in the frontier); activities (str, ids joined by ``" → "``); steps (int64);
        effect (float64); net_cost (int64); score (float64); chosen (bool)."""
        native = self._native()
        if native is not None:
            cols: Dict[str, List[Any]] = native.frontier_columns()
        else:
            cols = {name: [] for name in ("person", "path", "activities", "steps", "effect", "net_cost", "score", "chosen")}
            for i, r in enumerate(self._source):
                chosen = [s["activity"] for s in r["chosen"]["steps"]]
                for k, p in enumerate(r["frontier"]):
                    ids = [s["activity"] for s in p["steps"]]
                    cols["person"].append(i)
                    cols["path"].append(k)
                    cols["activities"].append(" → ".join(ids))
                    cols["steps"].append(len(ids))
                    cols["effect"].append(p["effect"])
                    cols["net_cost"].append(p["net_cost"])
                    cols["score"].append(p["score"])
                    cols["chosen"].append(ids == chosen)
        employees = self.employees()
        cols["employee"] = [employees[i] for i in cols["person"]]
        cols["unit"] = [self._unit(i) for i in cols["person"]]
        return _pandas.frame(cols, _FRONTIER_COLUMNS)

    @property
    def total_net_cost(self) -> int:
        """Sum of the chosen paths' net costs, whole kroner."""
        native = self._native()
        if native is not None:
            return native.total_net_cost()
        return sum(int(r["chosen"]["net_cost"]) for r in self._source)

    def __repr__(self) -> str:
        native = self._native()
        if native is not None:
            with_path = native.with_path()
        else:
            with_path = sum(1 for r in self._source if r["chosen"]["steps"])
        return (
            f"RecommendationTable(people={len(self)}, with_path={with_path}, "
            f"net_cost={self.total_net_cost})"
        )


@dataclass(frozen=True)
class FollowUp:
    """A behaviour follow-up still to be made (D9): ask whether the learning was applied."""

    employee: str
    activity: str
    completed_on: _dt.date
    due: _dt.date
    overdue: bool
    days_overdue: int
    source: str
    """``evaluation`` or ``plan``."""

    @classmethod
    def _from_json(cls, d: Mapping[str, Any]) -> FollowUp:
        return cls(
            employee=d["employee"],
            activity=d["activity"],
            completed_on=_date(d["completed_on"]),
            due=_date(d["due"]),
            overdue=bool(d["overdue"]),
            days_overdue=int(d["days_overdue"]),
            source=d["source"],
        )


# Column name → dtype of the per-group frames of the evaluation report.
_GROUP_COLUMNS: Dict[str, str] = {
    "key": "str",
    "name": "str",
    "participants": "int64",
    "reaction_mean": "float64",
    "followed_up": "int64",
    "applied": "int64",
    "partly": "int64",
    "not_applied": "int64",
    "transfer": "float64",
    "transfer_low": "float64",
    "transfer_high": "float64",
    "level_gain_mean": "float64",
    "total_cost": "int64",
    "cost_per_transferred_level": "float64",
    "full_cost": "int64",
    "full_cost_per_transferred_level": "float64",
    "overdue_follow_ups": "int64",
}

_GROUPS = ("form", "provider", "competence")


class EvaluationReport:
    """The evaluation report (D9): which learning forms, providers and activities transfer to
    practice, with credible intervals, flags and provider feedback. Immutable and picklable;
    ``to_dict()`` is the library's JSON, ``to_markdown(lang)`` the report as text."""

    __slots__ = ("_raw",)
    _raw: Mapping[str, Any]

    def __init__(self, raw: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_raw", raw)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("EvaluationReport is immutable")

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (EvaluationReport, (self._raw,))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EvaluationReport) and other._raw == self._raw

    def __hash__(self) -> int:
        return hash((self.records, self.as_of))

    @property
    def as_of(self) -> _dt.date:
        """The planning date at which follow-ups are judged overdue."""
        return _date(self._raw["as_of"])

    @property
    def records(self) -> int:
        """Evaluation records read."""
        return int(self._raw["records"])

    @property
    def satisfaction_only(self) -> Tuple[str, ...]:
        """Activities evaluated only by satisfaction (effect unknown)."""
        return tuple(self._raw["satisfaction_only"])

    @property
    def overdue_follow_ups(self) -> Tuple[FollowUp, ...]:
        """Follow-ups overdue at ``as_of``."""
        return tuple(FollowUp._from_json(f) for f in self._raw["overdue_follow_ups"])

    def to_dict(self) -> Dict[str, Any]:
        """The report as the library's JSON (a deep copy)."""
        result: Dict[str, Any] = copy.deepcopy(dict(self._raw))
        return result

    def to_markdown(self, lang: str = "en") -> str:
        """The report as Markdown in ``lang`` (``"da"`` or ``"en"``), as ``kompetence evaluate`` prints it."""
        import json

        return _native.evaluation_report_markdown(json.dumps(self._raw), lang)

    def frame(self, by: str) -> Any:
        """A ``pandas.DataFrame`` with one row per ``by`` = ``"form"``, ``"provider"`` or
        ``"competence"``: participants, reaction, follow-up outcomes, transfer with its credible
        interval (``transfer_low``, ``transfer_high``), level gain, the fees as evaluated
        (``total_cost``) and per transferred level, the full cost (``full_cost``: fees + hours away
        × wage cost + buddy or supervisor hours × their cost, before funding, as the recommender
        counts a step) and per transferred level (float64, NaN where unknown) and overdue
        follow-ups."""
        if by not in _GROUPS:
            raise _invalid_argument("by", by, f"unknown grouping {by!r}; expected one of {', '.join(_GROUPS)}")
        cols: Dict[str, List[Any]] = {name: [] for name in _GROUP_COLUMNS}
        nan = float("nan")
        for g in self._raw[f"by_{by}"]:
            low, high = g["interval"]
            row = {
                "key": g["key"],
                "name": g["name"],
                "participants": g["participants"],
                "reaction_mean": nan if g["reaction_mean"] is None else g["reaction_mean"],
                "followed_up": g["followed_up"],
                "applied": g["applied"],
                "partly": g["partly"],
                "not_applied": g["not_applied"],
                "transfer": g["transfer"],
                "transfer_low": low,
                "transfer_high": high,
                "level_gain_mean": nan if g["level_gain_mean"] is None else g["level_gain_mean"],
                "total_cost": g["total_cost"],
                "cost_per_transferred_level": nan
                if g["cost_per_transferred_level"] is None
                else float(g["cost_per_transferred_level"]),
                "full_cost": g.get("full_cost", 0),
                "full_cost_per_transferred_level": nan
                if g.get("full_cost_per_transferred_level") is None
                else float(g["full_cost_per_transferred_level"]),
                "overdue_follow_ups": g["overdue_follow_ups"],
            }
            for name, values in cols.items():
                values.append(row[name])
        return _pandas.frame(cols, _GROUP_COLUMNS)

    def by_form(self) -> Any:
        """``frame("form")``: one row per learning form of the catalog."""
        return self.frame("form")

    def by_provider(self) -> Any:
        """``frame("provider")``: one row per provider."""
        return self.frame("provider")

    def __repr__(self) -> str:
        return (
            f"EvaluationReport(as_of={self.as_of.isoformat()}, records={self.records}, "
            f"forms={len(self._raw['by_form'])}, providers={len(self._raw['by_provider'])}, "
            f"overdue_follow_ups={len(self._raw['overdue_follow_ups'])})"
        )


class OrganisationPlan:
    """The organisation plan (D10, D14): one path per person under budgets, seats and buddy
    capacity, with the plan's value, an upper bound on the best possible plan and the relative
    gap. Immutable and picklable; ``to_dict()`` is the library's JSON."""

    __slots__ = ("_raw",)
    _raw: Mapping[str, Any]

    def __init__(self, raw: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_raw", raw)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("OrganisationPlan is immutable")

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (OrganisationPlan, (self._raw,))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OrganisationPlan) and other._raw == self._raw

    def __hash__(self) -> int:
        return hash((self.value, self.total_cost))

    @property
    def value(self) -> float:
        """Total expected effect of the plan."""
        return float(self._raw["value"])

    @property
    def bound(self) -> float:
        """An upper bound on the best possible plan's value."""
        return float(self._raw["bound"])

    @property
    def gap(self) -> float:
        """(bound − value) / bound: how far the plan can be from the best possible one."""
        return float(self._raw["gap"])

    @property
    def total_cost(self) -> int:
        """Net cost of the new activities planned, whole kroner."""
        return int(self._raw["total_cost"])

    @property
    def committed(self) -> int:
        """Net cost of the activities already agreed in development plans, whole kroner: taken
        off the budgets before planning, so ``total_cost + committed`` stays within ``budget``."""
        return int(self._raw["committed"])

    @property
    def budget(self) -> Optional[int]:
        """The total budget planned against, whole kroner (``None`` without one)."""
        b = self._raw["budget"]
        return None if b is None else int(b)

    def to_dict(self) -> Dict[str, Any]:
        """The plan as the library's JSON object."""
        return copy.deepcopy(dict(self._raw))

    @property
    def mandatory_first(self) -> bool:
        """Whether open mandatory needs were funded first (policy ``budget.mandatory_first``)."""
        return bool(self._raw.get("mandatory_first", False))

    @property
    def mandatory_needs(self) -> int:
        """Mandatory needs of all people (role requirements, mandatory goal requirements)."""
        return int(self._raw.get("mandatory_needs", 0))

    @property
    def mandatory_needs_open(self) -> int:
        """Of those, needs whose target neither the plan nor agreed activities reach."""
        return int(self._raw.get("mandatory_needs_open", 0))

    def to_pandas(self) -> Any:
        """One row per planned person: employee, unit, activities, cost, effect, and whether the
        item differs from the person's own recommendation (``differs``), with the reasons
        (``differs_reasons``: unit_budget, total_budget, seats, buddy, mandatory_first,
        team_activity, team_activity_in_path, organisation_wide) and the explanation in both languages (empty when it
        does not differ)."""
        items = self._raw["items"]
        differs = [i.get("differs") for i in items]
        return _pandas.frame(
            {
                "employee": [i["employee"] for i in items],
                "unit": [i["unit"] for i in items],
                "activities": [" → ".join(s["activity"] for s in i["steps"]) for i in items],
                "cost": [i["cost"] for i in items],
                "effect": [i["effect"] for i in items],
                "differs": [d is not None for d in differs],
                "differs_reasons": [", ".join(r["kind"] for r in d["reasons"]) if d else "" for d in differs],
                "differs_explanation_en": [d["explanation"]["en"] if d else "" for d in differs],
                "differs_explanation_da": [d["explanation"]["da"] if d else "" for d in differs],
            },
            {
                "employee": "str",
                "unit": "str",
                "activities": "str",
                "cost": "int64",
                "effect": "float64",
                "differs": "bool",
                "differs_reasons": "str",
                "differs_explanation_en": "str",
                "differs_explanation_da": "str",
            },
        )

    def units_frame(self) -> Any:
        """One row per unit: spend and committed (sub-units included), budget, effect, people covered."""
        units = self._raw["units"]
        return _pandas.frame(
            {
                "unit": [u["unit"] for u in units],
                "name": [u["name"] for u in units],
                "spend": [u["spend"] for u in units],
                "committed": [u["committed"] for u in units],
                "budget": [float("nan") if u["budget"] is None else float(u["budget"]) for u in units],
                "effect": [u["effect"] for u in units],
                "people_covered": [u["people_covered"] for u in units],
            },
            {
                "unit": "str",
                "name": "str",
                "spend": "int64",
                "committed": "int64",
                "budget": "float64",
                "effect": "float64",
                "people_covered": "int64",
            },
        )

    def goals_frame(self) -> Any:
        """One row per strategic goal: spend, effect, people covered, needs left open."""
        goals = self._raw["goals"]
        return _pandas.frame(
            {
                "goal": [g["goal"] for g in goals],
                "title": [g["title"] for g in goals],
                "spend": [g["spend"] for g in goals],
                "effect": [g["effect"] for g in goals],
                "people": [g["people"] for g in goals],
                "people_covered": [g["people_covered"] for g in goals],
                "needs": [g["needs"] for g in goals],
                "needs_open": [g["needs_open"] for g in goals],
            },
            {
                "goal": "str",
                "title": "str",
                "spend": "int64",
                "effect": "float64",
                "people": "int64",
                "people_covered": "int64",
                "needs": "int64",
                "needs_open": "int64",
            },
        )

    def open_frame(self) -> Any:
        """One row per person with needs who got nothing: the reason (budget, seats, no_buddy,
        no_feasible_path, not_worth_it, person_budget) and its explanation in both languages."""
        people = self._raw["open"]
        return _pandas.frame(
            {
                "employee": [p["employee"] for p in people],
                "unit": [p["unit"] for p in people],
                "reason": [p["reason"] for p in people],
                "needs": [", ".join(p["needs"]) for p in people],
                "explanation_en": [p["explanation"]["en"] for p in people],
                "explanation_da": [p["explanation"]["da"] for p in people],
            },
            {
                "employee": "str",
                "unit": "str",
                "reason": "str",
                "needs": "str",
                "explanation_en": "str",
                "explanation_da": "str",
            },
        )

    def __repr__(self) -> str:
        return (
            f"OrganisationPlan(value={self.value:.1f}, bound={self.bound:.1f}, gap={self.gap:.2%}, "
            f"total_cost={self.total_cost}, items={len(self._raw['items'])})"
        )
