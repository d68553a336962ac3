"""The one accessor for ladder-specific content: what a person's target level expects.

Role expectations and their evidence rules, readiness signals and thresholds, objections,
timelines, lever names and the level's name differ by ladder (ML engineering, data, platform…).
Every document function receives a `Ladder` from `ladder_for` and never reads those files
itself, so choosing a role profile per person changes this function only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..models import Person
from . import rules as rule_files


@dataclass(frozen=True)
class Ladder:
    level_name: str  # "Lead": the level the target role sits at, as this ladder names it
    competencies: list[str]
    levers: list[str]
    expectations: rule_files.ExpectationRules
    readiness: rule_files.ReadinessRules
    objections: rule_files.ObjectionRules
    plan: rule_files.LadderRules  # lever benefits, highlight rule, delegation, timelines


def ladder_for(person: Person | None, rules_dir: Path) -> Ladder:
    """The ladder `person` is judged against (today: the one in templates/rules/)."""
    plan = rule_files.ladder_rules(rules_dir)
    return Ladder(
        level_name=plan.level_name,
        competencies=rule_files.vocabulary(rules_dir, "competency"),
        levers=rule_files.vocabulary(rules_dir, "lever"),
        expectations=rule_files.expectations(rules_dir),
        readiness=rule_files.readiness(rules_dir),
        objections=rule_files.objections(rules_dir),
        plan=plan,
    )
