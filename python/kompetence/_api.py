"""The public entry points: ``Engine``, ``validate`` and ``schema``.

Documents cross into the native engine as JSON text and results come back as JSON text made
by serde; this module only moves text and builds result objects from it.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import operator
import os
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, SupportsIndex, Tuple, Union

from . import _native
from ._native import InvalidArgumentError, ParseError, Problem
from ._recommend import EvaluationReport, FollowUp, OrganisationPlan, Recommendation, RecommendationTable
from ._results import GoalNeeds, Need, NeedsTable, Table, UnitNeeds, ValidationReport
from ._review import Replan, ReviewPack

__all__ = ["Document", "Engine", "StrPath", "schema", "validate"]

StrPath = Union[str, "os.PathLike[str]"]
"""A file path as ``str`` or any ``os.PathLike`` (e.g. ``pathlib.Path``)."""

Document = Union[Mapping[str, Any], str, bytes, "os.PathLike[str]"]
"""A document for ``validate``: a dict, JSON text (``str``/``bytes``), or a path."""


def _json_default(value: object) -> object:
    # Dates are the one non-JSON type a hand-built document commonly holds; documents built
    # from DataFrames hold numpy scalars and pandas Timestamps (datetimes) instead.
    if isinstance(value, _dt.datetime):
        # A datetime at midnight (a pandas date column) is the date; a time of day is refused
        # rather than cut off, since every date field of the documents is a calendar day.
        if value.time() == _dt.time() and value.tzinfo is None:
            return value.date().isoformat()
    elif isinstance(value, _dt.date):
        return value.isoformat()
    elif type(value).__module__ == "numpy" and hasattr(value, "item"):
        # numpy.int64, numpy.float64, numpy.bool_ …: the plain Python value they hold.
        return value.item()
    raise TypeError(f"{type(value).__name__} {value!r} is not JSON serialisable")


def _schema_alternatives(root: Mapping[str, Any], at: List[Any]) -> List[Mapping[str, Any]]:
    """The schemas a value described by any of ``at`` may match: each with what its ``$ref``
    points to and its ``anyOf``/``oneOf``/``allOf`` branches (as the core's reader does)."""
    out: List[Mapping[str, Any]] = []
    stack = [node for node in at if isinstance(node, Mapping)]
    while stack and len(out) < 1024:
        node = stack.pop()
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            target = root.get("$defs", {}).get(ref[len("#/$defs/") :])
            if isinstance(target, Mapping):
                stack.append(target)
        for branches in ("anyOf", "oneOf", "allOf"):
            stack.extend(b for b in node.get(branches, []) if isinstance(b, Mapping))
        out.append(node)
    return out


def _is_missing(value: object) -> bool:
    """pandas' missing values ``pd.NA`` and ``pd.NaT`` (what an empty DataFrame cell holds),
    recognised without importing pandas."""
    kind = type(value)
    return kind.__module__.startswith("pandas") and kind.__name__ in ("NAType", "NaTType")


def _unrepresentable(
    value: object, path: str, root: Optional[Mapping[str, Any]] = None, at: Optional[List[Any]] = None
) -> Optional[Tuple[str, object, str, bool]]:
    """The first value in a document that JSON cannot hold, as ``(path, value, message,
    missing)``, or ``None``: NaN or infinity and pandas' ``NA``/``NaT`` (``missing`` true), or a
    value of a type ``json.dumps`` cannot write, such as a set, bytes, a Decimal or a datetime
    with a time of day (``missing`` false). The path is in the core's one spelling:
    ``employees[3].max_hours_away``, and a map's key in brackets as a JSON string,
    ``employees[3].levels["dementia-care"]``; which objects are maps is read from the
    document's JSON schema ``root`` (without one, every key is a field)."""
    if isinstance(value, float) and not math.isfinite(value):
        return path, value, f"{value!r} is not a number JSON can hold (NaN and infinity are not allowed)", True
    if _is_missing(value):
        return path, value, f"{value!r} is a missing value (an empty cell), which JSON cannot hold", True
    if isinstance(value, Mapping):
        nodes = _schema_alternatives(root, at or []) if root is not None else []
        maps = [n["additionalProperties"] for n in nodes if isinstance(n.get("additionalProperties"), Mapping)]
        for key, item in value.items():
            fields = [n["properties"][key] for n in nodes if key in n.get("properties", {})]
            if maps and not fields:
                step, inner = f"{path}[{json.dumps(str(key), ensure_ascii=False)}]", maps
            else:
                step, inner = (f"{path}.{key}" if path else str(key)), fields
            found = _unrepresentable(item, step, root, inner)
            if found is not None:
                return found
    elif isinstance(value, (list, tuple)):
        nodes = _schema_alternatives(root, at or []) if root is not None else []
        items = [n["items"] for n in nodes if "items" in n]
        for i, item in enumerate(value):
            found = _unrepresentable(item, f"{path}[{i}]", root, items)
            if found is not None:
                return found
    elif not isinstance(value, (str, int, float, bool, type(None))):
        try:
            _json_default(value)
        except TypeError as e:
            return path, value, str(e), False
    return None


def _detected_kind(doc: Mapping[str, Any]) -> Optional[str]:
    """The document kind from its top-level keys, as the core detects it for ``validate``."""
    if "employees" in doc or "framework" in doc:
        return "organisation"
    for key, kind in (("activities", "catalog"), ("records", "evaluations"), ("name", "policy")):
        if key in doc:
            return kind
    return None


def _dumps(doc: Mapping[str, Any], document: Optional[str] = None, prefix: str = "") -> str:
    """A document as JSON text. NaN and infinity are not JSON (``json.dumps`` would write
    ``NaN``, which the core can only report as "expected value at column N"), and neither are
    pandas' missing values ``NA`` and ``NaT``: they raise ``ParseError`` here, naming the field
    path (under ``prefix``) and the value. A value of a type JSON has no form for (a set,
    bytes, a Decimal, a datetime with a time of day) raises ``TypeError`` naming its path."""
    try:
        return json.dumps(doc, default=_json_default, ensure_ascii=False, allow_nan=False)
    except (ValueError, TypeError):
        kind = document if document is not None or prefix else _detected_kind(doc)
        root = json.loads(_native.schema_json(kind)) if kind is not None else None
        found = _unrepresentable(doc, prefix, root, [root])
        if found is None:
            raise
        path, value, message, missing = found
        where = f"{document}: {path}" if document else path
        if not missing:
            raise TypeError(f"{where}: {message}") from None
        problem = Problem(path, repr(value), message, document)
        raise ParseError(f"parse error: {where}: {message}", [problem]) from None


def _decode(data: bytes, document: str) -> str:
    # "utf-8-sig" drops a leading byte order mark, which Windows editors write and JSON allows
    # a reader to ignore (RFC 8259 §8.1); the rest must be UTF-8 as before.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        message = f"{document} is not UTF-8 text: {e.reason} at byte {e.start}"
        raise ParseError(f"parse error: {document}: {message}", [Problem("", "", message, document)]) from None


def _str_arg(name: str, value: object) -> str:
    """``value`` if it is a ``str``; otherwise ``TypeError`` naming the argument (the native
    conversion names only the type, and ids read from spreadsheets are often ints)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    return value


def _read(path: StrPath, document: str) -> str:
    return _decode(Path(path).read_bytes(), document)


class Engine:
    """Validated documents of one organisation; every query is read-only, and an engine may be
    shared by any number of threads (batch queries release the GIL).

    Build one with :meth:`demo`, :meth:`from_files`, :meth:`from_dict` or :meth:`from_json`.
    An engine pickles as its documents, so it can be handed to worker processes.
    """

    __slots__ = ("_native", "_context")

    def __init__(self, native: _native.Engine) -> None:
        """Wraps a native engine; use the ``from_*`` constructors instead."""
        if not isinstance(native, _native.Engine):
            raise TypeError("use Engine.demo(), Engine.from_files(), Engine.from_dict() or Engine.from_json()")
        self._native = native
        self._context: Optional[Tuple[List[str], Dict[str, str]]] = None

    def _units_and_providers(self) -> Tuple[List[str], Dict[str, str]]:
        # Each employee's unit (document order) and each activity's provider, read once.
        context = self._context
        if context is None:
            raw = json.loads(self._native.context_json())
            context = (raw["units"], raw["providers"])
            self._context = context
        return context

    @classmethod
    def demo(cls) -> Engine:
        """The embedded demo municipality "Eksempel Kommune"."""
        return cls(_native.Engine.demo())

    @classmethod
    def from_json(
        cls,
        organisation: Union[str, bytes],
        catalog: Union[str, bytes],
        policy: Union[str, bytes],
        evaluations: Union[str, bytes, None] = None,
    ) -> Engine:
        """Builds an engine from JSON text. Raises ``ParseError``, ``UnsupportedVersionError``,
        ``ValidationError`` (with every problem) or ``LimitExceededError``."""

        def text(doc: Union[str, bytes], name: str) -> str:
            # A str read with open(path, encoding="utf-8") may start with U+FEFF: the native
            # reader ignores a leading byte order mark, as on every surface.
            return _decode(doc, name) if isinstance(doc, bytes) else doc

        return cls(
            _native.Engine.from_json(
                text(organisation, "organisation"),
                text(catalog, "catalog"),
                text(policy, "policy"),
                None if evaluations is None else text(evaluations, "evaluations"),
            )
        )

    @classmethod
    def from_dict(
        cls,
        organisation: Mapping[str, Any],
        catalog: Mapping[str, Any],
        policy: Mapping[str, Any],
        evaluations: Optional[Mapping[str, Any]] = None,
    ) -> Engine:
        """Builds an engine from documents as Python dicts. ``datetime.date`` values, numpy
        scalars and pandas Timestamps at midnight (values taken from a DataFrame) are allowed;
        NaN or infinity raises ``ParseError`` naming the field path and the value."""
        documents = {
            "organisation": organisation, "catalog": catalog, "policy": policy, "evaluations": evaluations
        }
        for name, doc in documents.items():
            if not (isinstance(doc, Mapping) or (doc is None and name == "evaluations")):
                hint = "; for files use Engine.from_files" if isinstance(doc, (str, os.PathLike)) else ""
                raise TypeError(f"{name} must be a mapping (a dict), not {type(doc).__name__}{hint}")
        return cls(
            _native.Engine.from_json(
                _dumps(organisation, "organisation"),
                _dumps(catalog, "catalog"),
                _dumps(policy, "policy"),
                None if evaluations is None else _dumps(evaluations, "evaluations"),
            )
        )

    @classmethod
    def from_files(
        cls,
        organisation: StrPath,
        catalog: StrPath,
        policy: StrPath,
        evaluations: Optional[StrPath] = None,
    ) -> Engine:
        """Builds an engine from JSON files (UTF-8). A missing file raises ``FileNotFoundError``."""
        return cls(
            _native.Engine.from_json(
                _read(organisation, "organisation"),
                _read(catalog, "catalog"),
                _read(policy, "policy"),
                None if evaluations is None else _read(evaluations, "evaluations"),
            )
        )

    @property
    def name(self) -> str:
        """The organisation's name."""
        return self._native.name

    @property
    def as_of(self) -> _dt.date:
        """The date the documents describe: "today" for every computation."""
        return _dt.date.fromisoformat(self._native.as_of)

    def employees(self) -> List[str]:
        """Employee ids in document order."""
        return self._native.employees()

    def document(self, kind: str) -> dict[str, Any]:
        """One of the engine's documents (``organisation``, ``catalog``, ``policy``,
        ``evaluations``) as a dict, e.g. to save it with ``json.dump``."""
        result: dict[str, Any] = json.loads(self._native.document_json(_str_arg("kind", kind)))
        return result

    def needs(self, employee_id: str) -> List[Need]:
        """One person's needs, highest weighted gap first. Unknown id: ``NotFoundError`` (a ``KeyError``)."""
        return [Need._from_json(n) for n in json.loads(self._native.needs_json(_str_arg("employee_id", employee_id)))]

    def needs_all(self) -> NeedsTable:
        """Every person's needs (computed in parallel without the GIL); ``.to_pandas()`` for a DataFrame."""
        return NeedsTable._from_json(json.loads(self._native.needs_all_json()))

    def needs_by_unit(self) -> Table[UnitNeeds]:
        """Needs summed per unit, each unit including its sub-units, in document order."""
        return Table._from_json(json.loads(self._native.needs_by_unit_json()), UnitNeeds)

    def needs_by_goal(self) -> Table[GoalNeeds]:
        """Gaps per strategic goal, in document order."""
        return Table._from_json(json.loads(self._native.needs_by_goal_json()), GoalNeeds)

    def recommend(self, employee_id: str) -> Recommendation:
        """One person's recommended learning path, with explanations in Danish and English,
        runners-up and rejected alternatives. Unknown id: ``NotFoundError`` (a ``KeyError``)."""
        raw = json.loads(self._native.recommend_json(_str_arg("employee_id", employee_id)))
        units, providers = self._units_and_providers()
        unit = None
        try:
            unit = units[self.employees().index(employee_id)]
        except ValueError:  # pragma: no cover - the native call already refused unknown ids
            pass
        return Recommendation._from_json(raw, providers, unit)

    def recommend_all(self) -> RecommendationTable:
        """Every person's recommendation in document order (computed in parallel without the
        GIL); ``.to_pandas()`` gives one row per person × chosen step, ``.frontier_frame()`` one
        row per person × non-dominated path."""
        native = self._native.recommend_all()
        units, providers = self._units_and_providers()
        return RecommendationTable(native, units, providers)

    def evaluation_report(self) -> EvaluationReport:
        """The evaluation report (D9) over the engine's evaluations: transfer per form,
        provider, competence and activity; ``.to_markdown(lang)``, ``.frame("form")`` …."""
        return EvaluationReport(json.loads(self._native.evaluation_report_json()))

    def plan(self, total_budget: Optional[SupportsIndex] = None) -> OrganisationPlan:
        """The organisation plan (D10, D14) under the policy's budgets, seats and buddy
        capacity (computed without the GIL): ``.value``, ``.bound``, ``.gap``, ``.to_pandas()``
        (one row per planned person), ``.units_frame()`` (spend and budget per unit),
        ``.goals_frame()`` and ``.open_frame()`` (people left without a path, and why).

        ``total_budget`` (whole kroner: an int, or an integer scalar such as ``numpy.int64``)
        replaces the policy's total budget, to see what another budget buys; more budget never
        gives a worse plan. A bad value raises ``InvalidArgumentError`` naming ``total_budget``."""
        budget = None if total_budget is None else _integer("total_budget", total_budget, "an int or None")
        return OrganisationPlan(json.loads(self._native.plan_json(budget)))

    def review(self, employee_id: str, lang: str = "da") -> ReviewPack:
        """One person's annual review (MUS) pack (D4, D5): ``.markdown`` in ``lang`` (``"da"``
        or ``"en"``), ``.agenda``, ``.to_dict()`` (both languages). Unknown id:
        ``NotFoundError``; another language: ``InvalidArgumentError`` (a ``ValueError``)."""
        employee_id, lang = _str_arg("employee_id", employee_id), _str_arg("lang", lang)
        raw, markdown = self._native.review_json(employee_id, lang)
        return ReviewPack(json.loads(raw), markdown, lang)

    def replan(
        self,
        employee_id: str,
        need: Optional[Mapping[str, Any]] = None,
        evaluations: Optional[Document] = None,
        lang: str = "da",
    ) -> Replan:
        """Re-plans one person after an acute change (D12), keeping what is already agreed:
        ``need`` an acute need, ``{"competence": id, "level": n, "deadline": date or
        "YYYY-MM-DD", "reason": optional text}``; ``evaluations`` an evaluations document with
        new records (a dict, JSON text or a path); at least one of them. Returns the plan
        before and after and ``.changes`` (kept, dropped, added, rescheduled, withdrawn, each
        with its reason in Danish and English). The documents are not changed. Unknown id:
        ``NotFoundError``; a malformed need, an unknown competence, a level off the scale or
        a deadline before ``as_of``: ``InvalidArgumentError`` naming the field."""
        _str_arg("employee_id", employee_id)
        _str_arg("lang", lang)
        if need is not None and not isinstance(need, Mapping):
            raise TypeError(f"need must be a mapping or None, not {type(need).__name__}")
        try:
            need_json = None if need is None else _dumps(need, prefix="need")
        except ParseError as e:
            # An acute need is an argument, not a document: its errors are InvalidArgumentError.
            message = str(e).replace("parse error", "invalid_argument error", 1)
            raise InvalidArgumentError(message, e.problems) from None
        evaluations_json = None if evaluations is None else _document_text(evaluations, "evaluations")
        raw, markdown = self._native.replan_json(employee_id, need_json, evaluations_json, lang)
        return Replan(json.loads(raw), markdown, lang)

    def follow_ups(self) -> List[FollowUp]:
        """Behaviour follow-ups still to be made, by due date, overdue ones marked."""
        return [FollowUp._from_json(f) for f in json.loads(self._native.follow_ups_json())]

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        # Pickled as its four documents (multiprocessing, joblib): unpickling validates them
        # again, and every result is a function of the documents, so the copy answers exactly
        # as the original does.
        documents = (self._native.document_json(kind) for kind in _native.DOCUMENT_KINDS)
        return (Engine.from_json, tuple(documents))

    def __repr__(self) -> str:
        return repr(self._native)


def _document_text(doc: Document, document: Optional[str] = None) -> str:
    if isinstance(doc, Mapping):
        return _dumps(doc, document)
    if isinstance(doc, bytes):
        return _decode(doc, "document")
    if isinstance(doc, str):
        # JSON text is an object (perhaps after a byte order mark, which the native reader
        # ignores); anything else is taken as a file path.
        return doc if doc.lstrip("\ufeff").lstrip().startswith("{") else _read(doc, "document")
    if isinstance(doc, os.PathLike):
        return _read(doc, "document")
    raise TypeError(f"expected a dict, JSON text or a path, not {type(doc).__name__}")


def validate(doc: Document, kind: Optional[str] = None) -> ValidationReport:
    """Parses and checks one document on its own (references into other documents are not
    checked). ``doc`` is a dict, JSON text (a ``str`` starting with ``{``, or ``bytes``) or a
    path (any other ``str``, or ``os.PathLike``). ``kind`` (``organisation``, ``catalog``,
    ``policy``, ``evaluations``) is detected from the top-level keys when ``None``.

    Problems, parse errors included, are returned in the report, not raised; an unknown
    ``kind`` raises ``InvalidArgumentError`` and a missing file ``FileNotFoundError``.
    """
    try:
        text = _document_text(doc, kind)
    except ParseError as e:
        # NaN or infinity in a dict: a problem like any other, returned rather than raised.
        return ValidationReport(kind=kind, problems=tuple(e.problems))
    return ValidationReport._from_json(json.loads(_native.validate_json(text, kind)))


def _integer(name: str, value: object, what: str) -> int:
    """``value`` as a Python int: an int, or an integer scalar such as ``numpy.int64`` (a value
    read from a DataFrame); a bool, a float or anything else raises ``TypeError`` naming the
    argument."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        raise TypeError(f"{name} must be {what}, not {type(value).__name__}")
    if isinstance(value, int):
        return int(value)
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"{name} must be {what}, not {type(value).__name__}") from None


def _whole_number(name: str, value: object, maximum: int, minimum: int = 0) -> int:
    """An int argument in ``minimum..=maximum``; otherwise ``TypeError`` or
    ``InvalidArgumentError`` naming the argument and the value (the native conversion would only
    say "out of range integral type conversion attempted")."""
    value = _integer(name, value, "an int")
    if not minimum <= value <= maximum:
        message = f"{name} must be a whole number between {minimum} and {maximum}"
        raise InvalidArgumentError(
            f"invalid_argument error: {name}: {message}", [Problem(name, str(value), message)]
        )
    return value


def check_policy(
    policy: Document,
    organisation: Optional[Document] = None,
    catalog: Optional[Document] = None,
    cases: SupportsIndex = 1000,
    seed: SupportsIndex = 0,
) -> dict[str, Any]:
    """Property-tests a policy as ``kompetence policy test`` does: ``cases`` generated
    organisations (subsets of ``organisation``/``catalog`` when given), every recommended path
    checked against the policy's assertions and the built-in invariants. Returns the report as a
    dict; ``report["counterexample"]`` is ``None`` when everything held, else the minimal failing
    case with its violations and explanation. The same seed gives the same report.
    An invalid policy raises ``ValidationError``; ``cases`` outside 1..2**32-1 or ``seed``
    outside 0..2**64-1 raise ``InvalidArgumentError`` naming the argument (0 cases would check
    nothing and always pass, so a CI job could not tell it from a policy that holds)."""
    text = _native.check_policy_json(
        _document_text(policy, "policy"),
        None if organisation is None else _document_text(organisation, "organisation"),
        None if catalog is None else _document_text(catalog, "catalog"),
        _whole_number("cases", cases, 2**32 - 1, minimum=1),
        _whole_number("seed", seed, 2**64 - 1),
    )
    result: dict[str, Any] = json.loads(text)
    return result


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one document kind, generated from the library's types."""
    result: dict[str, Any] = json.loads(_native.schema_json(_str_arg("kind", kind)))
    return result
