"""kompetence: plans competence development for public-sector organisations.

Models employees, competence profiles, strategic goals and learning forms after the Danish
municipal guide *Når læring lykkes*, finds each person's needs and rolls them up per unit and
strategic goal, recommends each person's most effective and economical learning path, and
reports which learning forms transfer to practice. The work happens in a native Rust engine;
this package is a thin layer that turns its results into frozen Python objects and (with
``kompetence[pandas]``) DataFrames.

>>> import kompetence
>>> engine = kompetence.Engine.demo()
>>> table = engine.needs_all()          # doctest: +SKIP
>>> table.to_pandas()                   # doctest: +SKIP
"""

from ._native import (
    DOCUMENT_KINDS,
    InvalidArgumentError,
    KompetenceError,
    LimitExceededError,
    NotFoundError,
    ParseError,
    Problem,
    UnsupportedVersionError,
    ValidationError,
    __version__,
)
from ._api import Document, Engine, StrPath, check_policy, schema, validate
from ._recommend import (
    Buddy,
    EvaluationReport,
    FollowUp,
    FrontierPoint,
    FundingUse,
    Gain,
    LearningPath,
    OrganisationPlan,
    Recommendation,
    RecommendationTable,
    Rejection,
    Step,
    Text,
    TransferEvidence,
)
from ._results import GoalNeeds, Need, NeedsTable, Origin, PersonNeeds, Table, UnitNeeds, ValidationReport
from ._review import AgendaItem, Change, Replan, ReviewPack

__all__ = [
    "AgendaItem",
    "Buddy",
    "DOCUMENT_KINDS",
    "EvaluationReport",
    "FollowUp",
    "FrontierPoint",
    "FundingUse",
    "Gain",
    "LearningPath",
    "OrganisationPlan",
    "Recommendation",
    "RecommendationTable",
    "Rejection",
    "Change",
    "Replan",
    "ReviewPack",
    "Step",
    "Text",
    "TransferEvidence",
    "Document",
    "Engine",
    "GoalNeeds",
    "InvalidArgumentError",
    "KompetenceError",
    "LimitExceededError",
    "Need",
    "NeedsTable",
    "NotFoundError",
    "Origin",
    "ParseError",
    "PersonNeeds",
    "Problem",
    "StrPath",
    "Table",
    "UnitNeeds",
    "UnsupportedVersionError",
    "ValidationError",
    "ValidationReport",
    "__version__",
    "check_policy",
    "schema",
    "validate",
]
