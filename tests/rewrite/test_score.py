"""Strength score: weights sum to 100, reasons explain every point, bands are documented."""

import pytest

from promopacket.rewrite import load_rules
from promopacket.rewrite.score import WEIGHTS, Known, band, score_text
from promopacket.settings import Settings

RULES = load_rules(Settings().rules_dir)


def _score(text, known=None):
    return score_text(text, RULES.strong_verbs, RULES.weak_matches(text), known)


def test_weights_sum_to_a_hundred():
    assert sum(WEIGHTS.values()) == 100


@pytest.mark.parametrize(
    "value,name",
    [(0, "weak"), (39, "weak"), (40, "fair"), (69, "fair"), (70, "strong"), (100, "strong")],
)
def test_bands(value, name):
    assert band(value) == name


def test_reasons_add_up_to_the_score():
    score = _score("Reduced p99 latency by 47% (180 ms → 95 ms), enabling the 100 ms budget")
    gained = sum(int(r.split()[0]) for r in score.reasons)
    assert score.value == gained == 90
    assert any("strong action verb ('reduced')" in r for r in score.reasons)


def test_a_weak_phrase_costs_points_and_the_verb():
    score = _score("Helped ML team with data pipeline")
    assert score.value == 0 and score.reasons == ["-15 weak phrase (helped)"]


def test_a_change_that_is_not_a_win_never_reads_as_strong():
    text = "Reduced cost, now the standard across 3 teams, from $18 to $21 per million"
    assert _score(text).value >= 70
    assert _score(text, Known(improved=False)).value == 69


def _with_subjects(text, known=None):
    weak = RULES.weak_matches(text)
    return score_text(text, RULES.strong_verbs, weak, known, RULES.subjects)


@pytest.mark.parametrize(
    "text,verb",
    [
        ("I led the decision to adopt Iceberg", "led"),
        ("We shipped the streaming ingestion path", "shipped"),
        ("I quickly rebuilt the nightly scorer", "rebuilt"),
    ],
)
def test_a_leading_subject_does_not_hide_the_strong_verb(text, verb):
    assert f"+20 strong action verb ('{verb}')" in _with_subjects(text).reasons


def test_an_early_word_ending_in_ly_is_not_skipped_as_an_adverb():
    reasons = _with_subjects("Apply the new budget").reasons
    assert not any("strong action verb" in r for r in reasons)


def test_an_unmeasured_entry_is_never_credited_quantified():
    text = "Led the design review for three teams, enabling one shared store"
    assert any("quantified" in r for r in _with_subjects(text).reasons)
    unmeasured = _with_subjects(text, Known(measured=False))
    assert not any("quantified" in r for r in unmeasured.reasons)
    assert unmeasured.value == sum(int(r.split()[0]) for r in unmeasured.reasons)
