"""Property: every number in a generated statement is in its row or in the derived numbers."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from promopacket.core.models import Achievement, Source
from promopacket.rewrite import load_rules, rewrite_achievement
from promopacket.rewrite.numbers import numbers_in, row_numbers
from promopacket.settings import Settings

RULES = load_rules(Settings().rules_dir)
words = st.sampled_from(
    ["model", "pipeline", "p99", "latency", "NDCG@10", "3 teams", "cost", "1,200 rows", "the"]
)
text = st.lists(words, min_size=1, max_size=5).map(" ".join)
number = st.one_of(
    st.none(),
    st.decimals(min_value=-1000, max_value=10**7, places=3, allow_nan=False),
    st.integers(min_value=0, max_value=10**6).map(Decimal),
)
rows = st.builds(
    Achievement,
    person_id=st.just("p"),
    period=st.just("2026-Q1"),
    project=text,
    statement=st.one_of(
        text,
        st.sampled_from(["Helped new joiners", "Helped junior engineers get up to speed"]),
    ),
    lever=st.sampled_from([None, "Develop people", "Share knowledge"]),
    competency=st.sampled_from([None, "MLOps", "Data quality"]),
    metric=st.one_of(st.none(), text, st.sampled_from(["adopted by", "churn AUC", "accuracy"])),
    baseline=number,
    result=number,
    unit=st.sampled_from([None, "%", "ms", "$", "$ per year", "€", "teams", "h"]),
    better=st.sampled_from([None, "higher", "lower"]),
    outcome=st.one_of(st.none(), text),
    scope=st.one_of(st.none(), text),
    source=st.just(Source(sheet="Achievements", row=2)),
)


@settings(max_examples=300, deadline=None)
@given(rows)
def test_no_generated_number_is_invented(item):
    statement = rewrite_achievement(item, RULES)
    allowed = row_numbers(item) | {n for d in statement.derived_numbers for n in numbers_in(d)}
    assert numbers_in(statement.text) <= allowed, (statement.text, statement.arithmetic)
    assert statement.rule_id != "guard"  # the engine's own guard never had to step in


@settings(max_examples=100, deadline=None)
@given(rows)
def test_facts_survive(item):
    statement = rewrite_achievement(item, RULES)
    for name in ("project", "outcome", "scope", "evidence"):
        value = getattr(item, name)
        if value:
            assert statement.facts[name] == value
    if item.outcome and statement.rewritten and statement.review_flag is None:
        assert item.outcome.strip().rstrip(".")[1:] in statement.text
    if statement.needs_metric:
        assert statement.question
