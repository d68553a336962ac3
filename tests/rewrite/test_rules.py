"""Every rule carries examples; every example holds."""

from pathlib import Path

import pytest

from promopacket.rewrite import load_rules, rewrite_achievement
from promopacket.rewrite.engine import example_achievement
from promopacket.settings import Settings

RULES = load_rules(Settings().rules_dir)
TEMPLATE_EXAMPLES = [(t.id, ex) for t in RULES.templates for ex in t.examples]


@pytest.mark.parametrize(
    "rule_id,example",
    TEMPLATE_EXAMPLES,
    ids=[f"{r}-{i}" for i, (r, _) in enumerate(TEMPLATE_EXAMPLES)],
)
def test_template_example(rule_id, example):
    statement = rewrite_achievement(example_achievement(example.row), RULES)
    assert statement.rule_id == rule_id
    assert statement.text == example.expect


def test_every_rule_has_an_example():
    missing = [t.id for t in RULES.templates if not t.examples]
    missing += [w.id for w in RULES.weak_phrases if not w.examples]
    assert not missing


@pytest.mark.parametrize("phrase", RULES.weak_phrases, ids=lambda w: w.id)
def test_weak_phrase_examples_match(phrase):
    for text in phrase.examples:
        assert phrase.id in RULES.weak_matches(text)


def test_bad_rules_file_is_located(tmp_path: Path):
    from promopacket.rewrite import RulesError

    user = tmp_path / "mine"
    user.mkdir()
    (user / "extra.yaml").write_text(
        "templates:\n  - id: broken\n    when: {has: [nonsense]}\n    template: x\n"
    )
    with pytest.raises(RulesError) as info:
        load_rules(Settings().rules_dir, user)
    assert "extra.yaml" in str(info.value) and "broken" in str(info.value)
