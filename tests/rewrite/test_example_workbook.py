"""Acceptance on inputs/example.xlsx, read through the real pipeline."""

import pytest

from promopacket.pipeline import load_and_validate, person_bundles
from promopacket.rewrite import load_rules, rewrite_all
from promopacket.rewrite.numbers import invented_numbers
from promopacket.rewrite.score import band
from promopacket.settings import Settings
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def pairs():
    settings = Settings()
    data = load_and_validate(EXAMPLE, settings)
    rules = load_rules(settings.rules_dir)
    found = []
    for bundle in person_bundles(data):
        found += zip(bundle.achievements, rewrite_all(bundle.achievements, rules), strict=True)
    assert len(found) >= 20
    return found


def test_weak_entries_with_an_improving_metric_reach_strong(pairs):
    checked = [
        (item, s)
        for item, s in pairs
        if item.result is not None and band(s.score_before) == "weak" and not s.review_flag
    ]
    assert len(checked) >= 10
    assert [s.text for _, s in checked if band(s.score_after) != "strong"] == []


def test_metrics_that_do_not_improve_are_flagged_not_spun(pairs):
    flagged = [s for item, s in pairs if s.review_flag]
    assert flagged and all(s.score_after < 70 for s in flagged)
    assert all(" rose " in s.text or " fell " in s.text for s in flagged)


def test_entries_without_a_measurement_are_marked_and_asked(pairs):
    unmeasured = [s for item, s in pairs if item.result is None]
    assert unmeasured
    assert all(s.needs_metric and s.question for s in unmeasured)


def test_no_statement_holds_an_invented_number(pairs):
    assert all(not invented_numbers(s.text, item, s.derived_numbers) for item, s in pairs)
    assert all(s.rule_id != "guard" for _, s in pairs)
