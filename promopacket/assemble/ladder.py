"""The one accessor for ladder-specific content: what a person's target level expects.

Role expectations and their evidence rules, readiness signals and thresholds, objections,
timelines, lever names and the level's name differ by ladder (ML engineering, data, platform…).
Every document function receives a `Ladder` from `ladder_for` and never reads those files
itself. The ladder is the person's role profile (templates/rules/profiles/, or
PROMOPACKET_PROFILES_DIR), merged with the wording every ladder shares (expectations.yaml,
readiness.yaml, objections.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from promopacket.assemble import rules as rule_files
from promopacket.core.models import Person
from promopacket.profiles import SHIPPED_DEFAULT, cached_profiles, choose_profile


@dataclass(frozen=True)
class Ladder:
    level_name: str  # "Staff": the level the target role sits at, as this ladder names it
    profile: str  # the profile's name, e.g. "data-engineering"
    profile_label: str  # e.g. "Data engineering"
    role: str  # how the documents name the target role, e.g. "Staff data engineer"
    leads_team: bool  # the target level leads a team (else individual-contributor wording)
    competencies: list[str]
    levers: list[str]
    expectations: rule_files.ExpectationRules
    readiness: rule_files.ReadinessRules
    objections: rule_files.ObjectionRules
    plan: rule_files.LadderRules  # lever benefits, highlight rule, delegation, timelines


def _matcher(item) -> dict:
    return dict(levers=item.levers, competencies=item.competencies, keywords=item.keywords)


def ladder_for(person: Person | None, rules_dir: Path, profiles_dir: Path | None = None) -> Ladder:
    """The ladder `person` is judged against: their profile at the level of their target title
    (no person: the built-in default profile)."""
    profiles = cached_profiles(rules_dir, profiles_dir)
    if person is None:
        profile = profiles[SHIPPED_DEFAULT]
    elif person.profile in profiles:  # chosen by validation
        profile = profiles[person.profile]
    else:  # a record built outside validation: choose the same way
        chosen = choose_profile(
            profiles,
            column=person.profile,
            target_title=person.target_title,
            current_title=person.current_title,
        )
        profile = profiles[chosen.name]
    level = profile.level(person.target_title if person else None)
    tenure = person.tenure_months if person else None
    expectations = rule_files.expectations(rules_dir).model_copy(
        update={
            "expectations": [
                rule_files.Expectation(id=e.id, label=e.label, concerns=e.concerns, **_matcher(e))
                for e in profile.expectations_for(level.name)
            ]
        }
    )
    readiness = rule_files.readiness(rules_dir).model_copy(
        update={
            "leverage_levers": profile.leverage_levers,
            "signals": profile.signals,
            "archetypes": {
                a.name: rule_files.Archetype(reason=a.reason, **_matcher(a))
                for a in profile.archetypes
            },
            "flags": profile.flags,
        }
    )
    objections = rule_files.objections(rules_dir).model_copy(
        update={
            "objections": [
                rule_files.Objection(
                    objection=o.objection,
                    stance=o.stance,
                    compensation=o.compensation,
                    **_matcher(o),
                )
                for o in profile.objections
                if o.max_tenure_months is None or tenure is None or tenure < o.max_tenure_months
            ]
        }
    )
    plan = rule_files.LadderRules(level_name=level.name, **profile.plan.model_dump())
    return Ladder(
        level_name=level.name,
        profile=profile.name,
        profile_label=profile.label,
        role=level.role,
        leads_team=level.leads_team,
        competencies=profile.competency_names,
        levers=profile.lever_names,
        expectations=expectations,
        readiness=readiness,
        objections=objections,
        plan=plan,
    )
