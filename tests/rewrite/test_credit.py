"""Credit follows the person's words and an explicit role, never the lever: every participation
opening against every lever of every shipped profile, measured or not, yields no ownership verb
the person did not write; a role that grants one is used, and the brief asks to confirm it."""

import re

import pytest

from promopacket.profiles import cached_profiles
from promopacket.rewrite import load_rules, rewrite_achievement
from promopacket.rewrite.statement import PARTICIPATION, parse_statement
from promopacket.settings import Settings
from tests.rewrite.examples import example_achievement

SETTINGS = Settings()
RULES = load_rules(SETTINGS.rules_dir)
PROFILES = cached_profiles(SETTINGS.rules_dir, SETTINGS.profiles_dir)
LEVERS = [None, *sorted({lever for p in PROFILES.values() for lever in p.lever_names})]
# The participation openings, each with an object as people write them.
OPENINGS = [
    "Helped with the data pipeline",
    "Helped ML team with the data pipeline",
    "Worked on the data pipeline",
    "Did some work on the data pipeline",
    "Did some data pipeline tuning",
    "Was involved in the data pipeline migration",
    "Participated in the data pipeline redesign",
    "Supported the data pipeline rollout",
    "Assisted with the data pipeline",
    "Was part of the data pipeline effort",
    "Contributed to the data pipeline",
    "Looked into the data pipeline",
    "Was responsible for the data pipeline",
    "Responsible for the data pipeline",
    "Helped the platform team with moving the data pipeline to Spark",
]
MEASURES = [
    {},
    dict(metric="ingestion latency", baseline=50, result=30, unit="min", better="lower"),
    dict(metric="pipelines migrated", result=40),
    dict(
        metric="teams using it", baseline=1, result=5, better="higher", outcome="daily retraining"
    ),
]
OWNERSHIP = {v.lower() for v in RULES.ownership_verbs}


def _claims(text: str, original: str) -> set[str]:
    """Ownership verbs in the text that the person's own words (statement, metric, outcome:
    "which migrated 40 pipelines" names the project's work) do not hold."""
    said = text.lower()
    found = {v for v in OWNERSHIP if re.search(rf"\b{re.escape(v)}\b", said)}
    return {v for v in found if not re.search(rf"\b{re.escape(v)}\b", original.lower())}


@pytest.mark.parametrize("opening", OPENINGS)
def test_each_opening_reads_as_participation(opening):
    assert parse_statement(opening, RULES).kind in PARTICIPATION


@pytest.mark.parametrize("opening", OPENINGS)
@pytest.mark.parametrize("role", [None, "contributed", "supported"])
def test_no_lever_of_any_profile_turns_participation_into_ownership(opening, role):
    for lever in LEVERS:
        for measure in MEASURES:
            row = dict(statement=opening, lever=lever, role=role, **measure)
            statement = rewrite_achievement(example_achievement(row), RULES)
            words = " ".join(
                str(v) for v in (opening, measure.get("metric"), measure.get("outcome"))
            )
            assert not _claims(statement.text, words), (lever, measure, statement.text)
            assert statement.ownership_id is None and statement.upgrade_id is None


@pytest.mark.parametrize("role,verb", [("owned", "Owned"), ("led", "Led"), ("built", "Built")])
def test_a_role_grants_its_verb_and_the_brief_asks_to_confirm(role, verb):
    row = dict(statement="Worked on the data pipeline", role=role, **MEASURES[1])
    statement = rewrite_achievement(example_achievement(row), RULES)
    assert statement.text.startswith(f"{verb} the data pipeline, reducing ingestion latency")
    assert statement.confirm_part and f"“{verb}”" in statement.confirm_part


def test_people_development_is_mentoring_only_when_the_role_says_so():
    row = dict(statement="Helped junior engineers get up to speed", lever="Develop people")
    assert rewrite_achievement(example_achievement(row), RULES).text == (
        "Helped junior engineers get up to speed"
    )
    led = rewrite_achievement(example_achievement({**row, "role": "led"}), RULES)
    assert led.text == "Mentored junior engineers to get up to speed" and led.confirm_part


@pytest.mark.parametrize(
    "row,expect",
    [
        (
            dict(
                statement="Helped ML team with data pipeline",
                metric="feature ingestion latency",
                baseline=50,
                result=30,
                unit="min",
                better="lower",
                outcome="enabling daily model retraining instead of weekly",
            ),
            "Helped reduce feature ingestion latency by 40% (50 min → 30 min) in the ML team's "
            "data pipeline, enabling daily model retraining instead of weekly",
        ),
        (
            dict(
                statement="Worked on the queue backlog",
                metric="queue backlog",
                baseline=900,
                result=300,
                better="lower",
                role="contributed",
            ),
            "Contributed to reducing queue backlog by 67% (900 → 300)",
        ),
        (
            dict(
                statement="Looked into the flaky integration tests",
                metric="flaky test rate",
                baseline=8,
                result=2,
                unit="%",
                better="lower",
            ),
            "Helped reduce flaky test rate by 6 percentage points (8% → 2%) in the flaky "
            "integration tests",
        ),
    ],
)
def test_a_measured_change_says_the_persons_part_and_keeps_the_object(row, expect):
    statement = rewrite_achievement(example_achievement(row), RULES)
    assert statement.text == expect
    assert statement.confirm_part is None
