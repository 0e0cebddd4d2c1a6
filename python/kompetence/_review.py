"""The annual review (MUS) pack (D4, D5): what a leader and an employee take into the review."""

from __future__ import annotations

import copy
import datetime as _dt
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Tuple

from ._recommend import Text

__all__ = ["AgendaItem", "Change", "Replan", "ReviewPack"]


@dataclass(frozen=True)
class AgendaItem:
    """One question on the review's agenda, with the situation that put it there."""

    question_id: str
    situation: str
    text: Text
    because: Text
    competence: Optional[str] = None
    """The competence whose need the question asks about (each is asked about once per pack,
    ``because`` giving every reason of the need); ``None`` for other questions."""

    @classmethod
    def _from_json(cls, d: Mapping[str, Any]) -> AgendaItem:
        return cls(
            question_id=d["question_id"],
            situation=d["situation"],
            text=Text._from_json(d["text"]),
            because=Text._from_json(d["because"]),
            competence=d.get("competence"),
        )


class _Rendered:
    """One person's result as the library's JSON (both languages) and its Markdown in one
    language: immutable, picklable, compared by value, shown as Markdown in notebooks."""

    __slots__ = ("_raw", "_markdown", "_lang")
    _raw: Mapping[str, Any]
    _markdown: str
    _lang: str

    def __init__(self, raw: Mapping[str, Any], markdown: str, lang: str) -> None:
        object.__setattr__(self, "_raw", raw)
        object.__setattr__(self, "_markdown", markdown)
        object.__setattr__(self, "_lang", lang)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (type(self), (self._raw, self._markdown, self._lang))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Rendered)
            and type(other) is type(self)
            and other._raw == self._raw
            and other._markdown == self._markdown
            and other._lang == self._lang
        )

    def __hash__(self) -> int:
        return hash((self.employee, self._lang, self._markdown))

    def _repr_markdown_(self) -> str:
        # Notebooks show the result as rendered Markdown.
        return self._markdown

    @property
    def employee(self) -> str:
        """The employee's id."""
        return str(self._raw["employee"])

    @property
    def as_of(self) -> _dt.date:
        """The planning date."""
        return _dt.date.fromisoformat(self._raw["as_of"])

    @property
    def lang(self) -> str:
        """The language of ``markdown``: ``"da"`` or ``"en"``."""
        return self._lang

    @property
    def markdown(self) -> str:
        """The result as Markdown in ``lang``, exactly as the CLI prints it with ``--lang LANG``."""
        return self._markdown

    def to_dict(self) -> Dict[str, Any]:
        """The result as the library's JSON object (a deep copy; texts in both languages)."""
        result: Dict[str, Any] = copy.deepcopy(dict(self._raw))
        return result


class ReviewPack(_Rendered):
    """One person's annual review pack: the agenda drawn from the question bank by the person's
    situation, the needs with the person's own levels, last year's learning and whether it was
    applied, and a draft development plan (agreed activities kept or dropped with the reason,
    new ones across every learning form). Immutable and picklable; ``to_dict()`` is the
    library's JSON (both languages), ``markdown`` the pack as ``kompetence review`` prints it in
    ``lang``. No other employee's level appears; a buddy is named by display name only."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"ReviewPack(employee={self.employee!r}, lang={self._lang!r}, agenda={len(self.agenda)} questions)"

    @property
    def name(self) -> str:
        """The employee's display name."""
        return str(self._raw["name"])

    @property
    def role(self) -> str:
        """The employee's role (name)."""
        return str(self._raw["role"])

    @property
    def unit(self) -> str:
        """The employee's unit (name)."""
        return str(self._raw["unit"])

    @property
    def agenda(self) -> Tuple[AgendaItem, ...]:
        """The questions to discuss, in the question bank's order."""
        return tuple(AgendaItem._from_json(a) for a in self._raw["agenda"])


@dataclass(frozen=True)
class Change:
    """One change a re-plan made: ``kind`` is ``need_added``, ``need_already_met``,
    ``evidence_added``, ``kept``, ``dropped``, ``added``, ``rescheduled``, ``withdrawn`` or
    ``need_not_met`` (the new plan cannot reach the acute need; the reasons are given)."""

    kind: str
    activity: Optional[str]
    competence: Optional[str]
    text: Text

    @classmethod
    def _from_json(cls, d: Mapping[str, Any]) -> Change:
        return cls(
            kind=d["kind"],
            activity=d.get("activity"),
            competence=d.get("competence"),
            text=Text._from_json(d["text"]),
        )


class Replan(_Rendered):
    """One person re-planned after an acute change (:meth:`Engine.replan`): the draft plan
    before and after, agreed activities kept unless they can no longer go ahead, and every
    change with its reason. Immutable and picklable; ``to_dict()`` is the library's JSON (both
    languages), ``markdown`` the re-plan as ``kompetence replan`` prints it in ``lang``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Replan(employee={self.employee!r}, lang={self._lang!r}, changes={len(self.changes)})"

    @property
    def reason(self) -> Optional[str]:
        """The reason given for the acute need, if any."""
        reason = self._raw.get("reason")
        return None if reason is None else str(reason)

    @property
    def changes(self) -> Tuple[Change, ...]:
        """What changed and why: need and evidence first, then the agreed activities (plan
        order), then new, rescheduled and withdrawn proposals."""
        return tuple(Change._from_json(c) for c in self._raw["changes"])

    @property
    def before(self) -> Dict[str, Any]:
        """The draft plan before the change (the library's JSON object, a deep copy)."""
        result: Dict[str, Any] = copy.deepcopy(dict(self._raw["before"]))
        return result

    @property
    def after(self) -> Dict[str, Any]:
        """The draft plan after the change (the library's JSON object, a deep copy)."""
        result: Dict[str, Any] = copy.deepcopy(dict(self._raw["after"]))
        return result
