"""The statement corpus: realistic weak rows and the statements they must become, read through a
prose lint; the same lint runs over every rule example and over generated rows."""

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from promopacket.core.models import Achievement, Source
from promopacket.rewrite import load_rules, rewrite_achievement
from promopacket.rewrite.sentences import check_text
from promopacket.settings import Settings
from tests.rewrite.examples import example_achievement
from tests.rewrite.lint import lint_statement

RULES = load_rules(Settings().rules_dir)
CORPUS = yaml.safe_load((Path(__file__).parent / "corpus.yaml").read_text(encoding="utf-8"))
ROLES = {"ML", "Data", "Platform", "Backend", "SRE", "Analytics"}


def _lint(statement, item) -> list[str]:
    return lint_statement(statement, item, RULES)


def _flag(statement) -> str:
    if statement.needs_metric:
        return "metric"
    return "review" if statement.review_flag else ""


def test_corpus_is_broad():
    assert len(CORPUS) >= 80
    assert {entry["role"] for entry in CORPUS} == ROLES
    rows = [entry["row"] for entry in CORPUS]
    assert sum(1 for r in rows if r.get("unit") == "%") >= 8  # percent metrics
    assert sum(1 for r in rows if str(r.get("unit", "")).startswith(("$", "€"))) >= 5  # money
    assert sum(1 for r in rows if r.get("baseline") == 0) >= 3  # from zero
    assert sum(1 for r in rows if r.get("result") is None) >= 10  # no metric
    assert sum(1 for e in CORPUS if e["flag"] == "review") >= 8  # regressions and no change


@pytest.mark.parametrize(
    "entry", CORPUS, ids=[f"{i}-{e['row']['statement'][:30]}" for i, e in enumerate(CORPUS)]
)
def test_corpus_statement(entry):
    item = example_achievement(entry["row"])
    statement = rewrite_achievement(item, RULES)
    assert (statement.text, _flag(statement)) == (entry["expect"], entry["flag"])
    assert _lint(statement, item) == []
    assert check_text(statement.text) == []
    if statement.needs_metric:
        assert statement.question and "{" not in statement.question


RULE_EXAMPLES = [(t.id, ex) for t in RULES.templates for ex in t.examples]


@pytest.mark.parametrize("rule_id,example", RULE_EXAMPLES, ids=[r for r, _ in RULE_EXAMPLES])
def test_rule_examples_pass_the_lint(rule_id, example):
    item = example_achievement(example.row)
    assert _lint(rewrite_achievement(item, RULES), item) == []


@pytest.mark.parametrize(
    "text,row,reason",
    [
        ("Did it, enabling quickly onboarding the team", {}, "'enabling' before a verb form"),
        ("Did it, enabling the platform team adopted it", {}, "'enabling' before a verb form"),
        ("Migrated the notebooks (notebooks migrated: 30)", {"result": 30}, "raw field dump"),
        ("Cut the the bill", {}, "doubled words"),
        (
            "Cut annual cost by 17% ($60,000 → $50,000 per year per year)",
            {"metric": "annual cost", "unit": "$ per year", "baseline": 60000, "result": 50000},
            "doubled words",
        ),
        (
            "Cut annual cost by 17% ($60,000 → $50,000 per year)",
            {"metric": "annual cost", "unit": "$ per year", "baseline": 60000, "result": 50000},
            "the period twice",
        ),
        (
            "Increased teams using it from 0 teams to 4 teams",
            {"metric": "teams using it", "unit": "teams", "baseline": 0, "result": 4},
            "the unit 'teams' twice",
        ),
        (
            "Worked on inference cost: inference cost per million requests rose from $18 to $21",
            {"metric": "inference cost per million requests", "baseline": 18, "result": 21},
            "the metric twice",
        ),
        ("Reduced cost by 45%", {"metric": "cost", "baseline": 10, "result": 6}, "numbers not"),
        ("Reduced latency", {"statement": "Rebuilt the scorer"}, "the object of the original"),
    ],
)
def test_the_lint_catches_what_a_reader_would(text, row, reason):
    item = example_achievement({"statement": "Worked on the bill", **row})
    statement = rewrite_achievement(item, RULES).model_copy(update={"text": text})
    assert any(found.startswith(reason) for found in lint_statement(statement, item, RULES))


def test_the_lint_catches_a_weak_opening_kept_for_an_improvement():
    item = example_achievement(
        dict(statement="Worked on the job", metric="runtime", baseline=10, result=5, better="lower")
    )
    statement = rewrite_achievement(item, RULES)
    kept = statement.model_copy(update={"text": "Worked on the job, cutting runtime by 50%"})
    assert any(r.startswith("weak opening kept") for r in lint_statement(kept, item, RULES))


# Generated rows: openings × objects × metrics × outcomes of every grammatical kind.
OPENINGS = [
    "Worked on",
    "Helped with",
    "Was involved in",
    "Contributed to",
    "Rebuilt",
    "Led",
    "Did some work on",
    "Tuned",
    "Supported",
    "I led",
    "We shipped",
    "Migrated",
    "Assisted with",
    "Was part of",
    "Participated in",
    "Looked into",
    "Was responsible for",
    "perf work: tuned",
    "Did some perf work w/ the infra team on",
]
PARTICIPATION = re.compile(
    r"^(helped|worked on|was involved in|contributed to|did some|supported|assisted with|"
    r"was part of|participated in|looked into|was responsible for)\b",
    re.IGNORECASE,
)
OWNERSHIP = re.compile(
    r"^(owned|led|built|drove|ran|set up|architected|spearheaded|mentored|moved|migrated)\b",
    re.IGNORECASE,
)
OBJECTS = [
    "the ingestion job",
    "the feature store",
    "caching",
    "the Kafka upgrade",
    "the churn model",
    "alerting",
    "the revenue dashboard",
    "the dbt models on Snowflake",
]
METRICS = [
    ("p99 latency", "ms", "lower"),
    ("monthly cloud cost", "$", "lower"),
    ("annual storage cost", "$ per year", "lower"),
    ("model accuracy", "%", "higher"),
    ("churn AUC", None, "higher"),
    ("teams using it", "teams", "higher"),
    ("index freshness", "h", "lower"),
    ("pipelines migrated", None, None),
    ("adopted by", "teams", None),
    ("pages per week", None, "lower"),
    ("experiments per month", None, "higher"),
    ("error rate", "%", "lower"),
]
OUTCOMES = [
    None,
    "daily retraining",
    "freeing the on-call engineer",
    "quickly onboarding the search team",
    "the platform team adopted it for every launch",
    "so analysts stop waiting",
    "enabling weekly releases",
    "one shared store instead of three",
    "to unblock the Q3 launch",
    "Finance closes the books sooner",
]
numbers = st.one_of(
    st.none(), st.integers(0, 5000).map(str), st.decimals("0.01", "999.99", places=2).map(str)
)


@st.composite
def rows(draw):
    metric, unit, better = draw(st.sampled_from(METRICS))
    return Achievement(
        person_id="p",
        period="2026-Q1",
        project="Project",
        statement=f"{draw(st.sampled_from(OPENINGS))} {draw(st.sampled_from(OBJECTS))}",
        lever=draw(st.sampled_from([None, "Own the end-to-end", "Share knowledge"])),
        metric=draw(st.sampled_from([metric, None])),
        baseline=draw(numbers),
        result=draw(numbers),
        unit=unit,
        better=draw(st.sampled_from([better, None])),
        outcome=draw(st.sampled_from(OUTCOMES)),
        scope=draw(st.sampled_from([None, "3 teams", "the fraud team", "org-wide"])),
        role=draw(
            st.sampled_from([None, None, "led", "owned", "built", "contributed", "supported"])
        ),
        source=Source(sheet="Achievements", row=2),
    )


@settings(max_examples=300, deadline=None)
@given(rows())
def test_generated_statements_pass_the_lint(item):
    statement = rewrite_achievement(item, RULES)
    assert lint_statement(statement, item, RULES) == [], statement.text
    assert check_text(statement.text) == [], statement.text
    granted = (item.role or "") in {"led", "owned", "built"}
    if PARTICIPATION.match(item.statement) and not granted:  # the lever never grants a verb
        assert not OWNERSHIP.match(statement.text), (item.statement, statement.text)
