"""Acceptance on inputs/example.xlsx, read through the real pipeline."""

import pytest

from promopacket.rewrite import load_rules, rewrite_all
from promopacket.rewrite.numbers import invented_numbers
from promopacket.rewrite.score import band
from promopacket.run.workbooks import load_and_validate, person_bundles
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


def test_weak_entries_with_an_improving_metric_reach_strong_when_a_fact_supports_it(pairs):
    checked = [
        (item, s)
        for item, s in pairs
        if item.result is not None and band(s.score_before) == "weak" and not s.review_flag
    ]
    assert len(checked) >= 10
    # the person's own verb, or ownership the role column grants: strong
    partial = [s for _, s in checked if s.text.startswith(("Contributed to", "Helped"))]
    whole = [s for _, s in checked if s not in partial]
    assert len(whole) >= 2
    assert [s.text for s in whole if band(s.score_after) != "strong"] == []
    assert all(s.ownership_id or not s.original.lower().startswith("worked") for s in whole)
    assert all(s.confirm_part for s in whole if s.ownership_id)
    # otherwise honest partial credit (never a sole-credit verb), and at least fair
    assert partial and all(band(s.score_after) != "weak" for s in partial)
    assert all(s.ownership_id is None for s in partial)


def test_every_statement_passes_the_prose_lint(pairs):
    from tests.rewrite.lint import lint_statement

    rules = load_rules(Settings().rules_dir)
    found = {s.text: lint_statement(s, item, rules) for item, s in pairs}
    assert {text: reasons for text, reasons in found.items() if reasons} == {}


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
