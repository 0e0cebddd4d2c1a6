"""`check_policy`: a committee's policy property-tested from Python."""

from __future__ import annotations

from typing import Any, Dict

import pytest

import kompetence


def broken_policy() -> Dict[str, Any]:
    return {
        "schema_version": 1,
        "name": "60 hours allowed, 37 asserted",
        "rules": [
            {
                "id": "cap-60",
                "description": "at most 60 hours",
                "condition": "true",
                "effect": {"kind": "cap_hours", "hours": 60.0},
            }
        ],
        "assertions": [
            {
                "id": "max-37",
                "description": "no step over 37 hours",
                "scope": "step",
                "condition": "step.hours_away <= 37",
            }
        ],
    }


def test_a_broken_policy_gives_a_minimal_counterexample() -> None:
    report = kompetence.check_policy(broken_policy(), cases=1000, seed=7)
    cx = report["counterexample"]
    assert cx is not None
    assert len(cx["organisation"]["employees"]) == 1
    assert len(cx["catalog"]["activities"]) == 1
    assert {v["check"] for v in cx["violations"]} == {"max-37"}
    assert report == kompetence.check_policy(broken_policy(), cases=1000, seed=7)


def test_a_sound_policy_passes() -> None:
    policy = broken_policy()
    policy["rules"][0]["effect"]["hours"] = 37.0
    report = kompetence.check_policy(policy, cases=50, seed=1)
    assert report["counterexample"] is None
    assert report["assertions"] == ["max-37"]
    assert report["people_checked"] >= 50


def test_a_bad_rule_raises_with_its_position() -> None:
    policy = broken_policy()
    policy["rules"][0]["condition"] = "activity.price > 3"
    with pytest.raises(kompetence.ValidationError) as e:
        kompetence.check_policy(policy, cases=1)
    assert e.value.problems[0].path == "rules[0].condition"
    assert "1:" in e.value.problems[0].message


def test_plan_assertions_are_checked_on_the_organisation_plan() -> None:
    policy: Dict[str, Any] = {
        "schema_version": 1,
        "name": "plan items at most 1 kr",
        "budget": {"per_person": 30000},
        "assertions": [
            {
                "id": "item-1-kr",
                "description": "no plan item over 1 kr",
                "scope": "plan_item",
                "condition": "item.cost <= 1",
            }
        ],
    }
    report = kompetence.check_policy(policy, cases=1000, seed=3)
    assert report["plans_checked"] >= 1
    cx = report["counterexample"]
    assert cx is not None
    assert all(v["check"] == "item-1-kr" and v["in_plan"] for v in cx["violations"])
    assert any(item["cost"] > 1 for item in cx["plan"]["items"])
    assert "plan_seats" in report["invariants"]


@pytest.mark.parametrize(
    "argument, value", [("cases", -1), ("cases", 0), ("cases", 2**32), ("seed", -5), ("seed", 2**64)]
)
def test_out_of_range_cases_and_seed_name_the_argument(argument: str, value: int) -> None:
    policy = kompetence.Engine.demo().document("policy")

    def check(v: Any) -> Dict[str, Any]:
        if argument == "cases":
            return kompetence.check_policy(policy, cases=v)
        return kompetence.check_policy(policy, cases=1, seed=v)

    with pytest.raises(kompetence.InvalidArgumentError) as info:
        check(value)
    assert info.value.path == argument and info.value.problems[0].value == str(value)
    with pytest.raises(TypeError, match=argument):
        check(1.5)
