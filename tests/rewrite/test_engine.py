import re
from decimal import Decimal

from promopacket.rewrite import load_rules, rewrite_achievement
from promopacket.settings import Settings
from tests.rewrite.examples import example_achievement

RULES = load_rules(Settings().rules_dir)


def test_seed_pair_becomes_quantified_statement():
    s = rewrite_achievement(
        example_achievement(
            dict(
                statement="Helped ML team with data pipeline",
                metric="feature ingestion latency",
                baseline=50,
                result=30,
                unit="min",
                better="lower",
                outcome="enabling daily model retraining instead of weekly",
                evidence="design doc FS-12",
                lever="Build tools and assets",
            )
        ),
        RULES,
    )
    # the lever (Build tools and assets) never grants "Built": the person wrote "Helped"
    assert s.text == (
        "Helped reduce feature ingestion latency by 40% (50 min → 30 min) in the ML team's data "
        "pipeline, enabling daily model retraining instead of weekly"
    )
    assert s.ownership_id is None and s.confirm_part is None
    assert s.score_after >= 40 > s.score_before
    assert s.arithmetic == "|30 − 50| / 50 × 100 = 40%"
    assert s.derived_numbers == ["40"]
    assert s.facts["evidence"] == "design doc FS-12" and s.facts["project"] == "example"
    assert (s.source.sheet, s.rule_id) == ("example", "change-improved-partial")


def test_a_role_that_grants_ownership_is_used_and_the_brief_asks_to_confirm_it():
    s = rewrite_achievement(
        example_achievement(
            dict(
                statement="Helped ML team with data pipeline",
                role="built",
                metric="feature ingestion latency",
                baseline=50,
                result=30,
                unit="min",
                better="lower",
            )
        ),
        RULES,
    )
    assert s.text == (
        "Built the data pipeline for the ML team, reducing feature ingestion latency by 40% "
        "(50 min → 30 min)"
    )
    assert s.ownership_id == "role-built" and s.score_after >= 70
    assert "Helped ML team with data pipeline" in s.confirm_part and "Built" in s.confirm_part


def test_no_metric_keeps_its_words_and_asks_a_question():
    s = rewrite_achievement(
        example_achievement(
            dict(statement="Helped ML team with data pipeline", competency="MLOps")
        ),
        RULES,
    )
    assert s.needs_metric and s.question
    assert not re.search(r"\d", s.text)


def test_wrong_direction_is_never_a_win():
    s = rewrite_achievement(
        example_achievement(
            dict(
                statement="Worked on inference cost",
                metric="cost per million requests",
                baseline=Decimal(18),
                result=Decimal(21),
                unit="$",
                better="lower",
            )
        ),
        RULES,
    )
    assert not s.text.lower().startswith(("reduced", "improved", "increased"))
    assert s.review_flag and s.score_after < 70


def test_quantified_without_consequence_asks_what_it_enabled():
    s = rewrite_achievement(
        example_achievement(
            dict(statement="x", metric="p99 latency", baseline=9, result=3, better="lower")
        ),
        RULES,
    )
    assert not s.needs_metric and "make possible" in s.question


def test_word_comment_traces_original_rule_arithmetic_and_scores():
    from promopacket.build.person import comment_for

    s = rewrite_achievement(
        example_achievement(
            dict(
                statement="Helped ML team with data pipeline",
                metric="latency",
                baseline=50,
                result=30,
                unit="ms",
                better="lower",
                evidence="design doc FS-12",
            )
        ),
        RULES,
    )
    comment = comment_for(s)
    assert "Original: Helped ML team with data pipeline" in comment
    assert "How it was rewritten: your part in the measured change" in comment
    assert "change-improved" not in comment  # readers never see a rule id
    assert f"Score: {s.score_before} (weak) → {s.score_after} (fair)" in comment
    assert "Arithmetic: |30 − 50| / 50 × 100 = 40%" in comment
    assert "Evidence: design doc FS-12" in comment


def test_needs_metric_never_earns_quantified_before_or_after():
    s = rewrite_achievement(
        example_achievement(
            dict(statement="Led the design review for three teams", scope="3 teams")
        ),
        RULES,
    )
    assert s.needs_metric
    assert not any("quantified" in r for r in s.reasons_before + s.reasons_after)


def test_i_led_scores_its_strong_verb():
    s = rewrite_achievement(
        example_achievement(dict(statement="I led the decision to adopt Iceberg")), RULES
    )
    assert "+20 strong action verb ('led')" in s.reasons_before


def test_without_a_supporting_fact_a_weak_opening_reads_as_partial_credit():
    s = rewrite_achievement(
        example_achievement(
            dict(
                statement="Was involved in the Kafka upgrade",
                metric="messages lost per month",
                baseline=350,
                result=20,
                better="lower",
            )
        ),
        RULES,
    )
    assert (
        s.text
        == "Helped reduce messages lost per month by 94% (350 → 20) through the Kafka upgrade"
    )
    assert s.ownership_id is None


def test_a_quality_measured_as_lag_is_improved_from_and_to():
    s = rewrite_achievement(
        example_achievement(
            dict(
                statement="Moved the indexer to incremental updates",
                metric="index freshness",
                baseline=6,
                result=1,
                unit="h",
                better="lower",
            )
        ),
        RULES,
    )
    assert "improving index freshness from 6 h to 1 h" in s.text
    assert "reduc" not in s.text.lower() and s.derived_numbers == []


def test_outcome_joins_by_its_grammar():
    def joined(outcome):
        row = dict(statement="Rebuilt the job", metric="runtime", baseline=10, result=5)
        return rewrite_achievement(
            example_achievement({**row, "better": "lower", "outcome": outcome}), RULES
        ).text

    assert joined("quickly onboarding the search team").endswith(
        ", quickly onboarding the search team"
    )
    assert joined("the platform team adopted it for every launch").endswith(
        ", so the platform team adopted it for every launch"
    )
    assert joined("weekly releases").endswith(", enabling weekly releases")


def test_a_single_value_is_never_a_field_dump():
    s = rewrite_achievement(
        example_achievement(
            dict(
                statement="Ran the platform onboarding sessions",
                metric="engineers trained",
                result=12,
                unit="engineers",
            )
        ),
        RULES,
    )
    assert s.text == "Ran the platform onboarding sessions, training 12 engineers"
    predicate = rewrite_achievement(
        example_achievement(dict(statement="Built the CLI", metric="adopted by", result=4)), RULES
    )
    assert "{" not in predicate.question and "adopted by make" not in predicate.question
