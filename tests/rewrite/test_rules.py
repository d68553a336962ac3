"""Every rule carries examples; every example holds; a bad rules file is a located error."""

from pathlib import Path

import pytest

from promopacket.rewrite import RulesError, load_rules, rewrite_achievement
from promopacket.rewrite.phrasing import clean, connect, upgrade_verb
from promopacket.rewrite.statement import action_of, parse_statement
from promopacket.settings import Settings
from tests.rewrite.examples import example_achievement

RULES = load_rules(Settings().rules_dir)
TEMPLATES = [(t.id, ex) for t in RULES.templates for ex in t.examples]
UPGRADES = [(u.id, ex) for u in RULES.verb_upgrades for ex in u.examples]
CONNECTORS = [(c.id, ex) for c in RULES.connectors for ex in c.examples]
OPENINGS = [(o.id, ex) for o in RULES.openings for ex in o.examples]
OWNERSHIP = [(o.id, ex) for o in RULES.ownership for ex in o.examples]


def _ids(cases):
    return [f"{rule_id}-{i}" for i, (rule_id, _) in enumerate(cases)]


@pytest.mark.parametrize("rule_id,example", TEMPLATES, ids=_ids(TEMPLATES))
def test_template_example(rule_id, example):
    statement = rewrite_achievement(example_achievement(example.row), RULES)
    assert (statement.rule_id, statement.text) == (rule_id, example.expect)


@pytest.mark.parametrize("rule_id,example", UPGRADES, ids=_ids(UPGRADES))
def test_verb_upgrade_example(rule_id, example):
    item = example_achievement(example.row)
    assert upgrade_verb(clean(item.statement), item, RULES) == (example.expect, rule_id)


@pytest.mark.parametrize("rule_id,example", CONNECTORS, ids=_ids(CONNECTORS))
def test_connector_example(rule_id, example):
    text, connector = connect(example.row["outcome"], RULES)
    assert (connector.id, text) == (rule_id, example.expect)


@pytest.mark.parametrize("rule_id,example", OPENINGS, ids=_ids(OPENINGS))
def test_opening_example(rule_id, example):
    parsed = parse_statement(example.text, RULES)
    assert (parsed.opening_id, parsed.kind, parsed.obj, parsed.verb) == (
        rule_id,
        example.kind,
        example.object,
        example.verb,
    )


@pytest.mark.parametrize("rule_id,example", OWNERSHIP, ids=_ids(OWNERSHIP))
def test_ownership_example(rule_id, example):
    item = example_achievement(example.row)
    action = action_of(parse_statement(item.statement, RULES), item, RULES, improved=True)
    assert (action.support, action.text) == (rule_id, example.expect)


def test_no_ownership_without_a_role():
    item = example_achievement({"statement": "Worked on the Snowflake migration"})
    action = action_of(parse_statement(item.statement, RULES), item, RULES, improved=True)
    assert (action.kind, action.text) == ("contribution", "Contributed to the Snowflake migration")


TIDY = [(t.id, ex) for t in RULES.tidy for ex in t.examples]


@pytest.mark.parametrize("rule_id,example", TIDY, ids=_ids(TIDY))
def test_tidy_example(rule_id, example):
    from promopacket.rewrite.phrasing import tidy

    assert tidy(example.text, RULES) == example.expect


@pytest.mark.parametrize("phrase", RULES.weak_phrases, ids=lambda w: w.id)
def test_weak_phrase_examples_match(phrase):
    for text in phrase.examples:
        assert phrase.id in RULES.weak_matches(text)


def test_every_rule_has_an_example():
    kinds = (
        RULES.templates,
        RULES.weak_phrases,
        RULES.verb_upgrades,
        RULES.connectors,
        RULES.openings,
        RULES.ownership,
        RULES.tidy,
    )
    missing = [rule.id for kind in kinds for rule in kind if not rule.examples]
    assert not missing


def _user_rules(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "extra.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "text,rule_id,field",
    [
        (
            "templates:\n  - id: broken\n    when: {has: [nonsense]}\n    template: x\n",
            "broken",
            "templates.when.has",
        ),
        (
            "templates:\n  - id: typo\n    when: {}\n    template: x\n    exampels: []\n",
            "typo",
            "templates.exampels",
        ),
        (
            "templates:\n  - id: invents\n    when: {}\n    template: '{verb} by 40%'\n",
            "invents",
            "templates.template",
        ),
        (
            "templates:\n  - id: unknown-slot\n    when: {}\n    template: '{baseline_pct}'\n",
            "unknown-slot",
            "templates.template",
        ),
        (
            "weak_phrases:\n  - id: bad-regex\n    pattern: '(unclosed'\n",
            "bad-regex",
            "weak_phrases.pattern",
        ),
        ("sentences: []\n", None, "sentences"),
    ],
)
def test_bad_user_rules_are_located(tmp_path, text, rule_id, field):
    with pytest.raises(RulesError) as info:
        load_rules(Settings().rules_dir, _user_rules(tmp_path, text))
    error = info.value
    assert error.file.endswith("extra.yaml")
    assert (error.rule_id, error.field) == (rule_id, field)


def test_invalid_yaml_names_its_line(tmp_path):
    with pytest.raises(RulesError, match=r"extra.yaml:\d+: not valid YAML"):
        load_rules(Settings().rules_dir, _user_rules(tmp_path, "templates: [\n  - {id: x\n"))


def test_user_rules_override_by_id_and_add_first(tmp_path):
    folder = _user_rules(
        tmp_path,
        "verbs: {lower: Cut}\n"
        "templates:\n"
        "  - id: needs-metric\n"
        "    when: {lacks: [result, baseline]}\n"
        "    template: 'Still to measure: {statement}'\n"
        "    needs_metric: true\n",
    )
    rules = load_rules(Settings().rules_dir, folder)
    assert [t.id for t in rules.templates] == [t.id for t in RULES.templates]
    plain = rewrite_achievement(example_achievement({"statement": "Did some tuning"}), rules)
    assert plain.text == "Still to measure: Did some tuning"
    measured = rewrite_achievement(
        example_achievement(
            dict(
                statement="Tuned the cache", metric="latency", baseline=10, result=5, better="lower"
            )
        ),
        rules,
    )
    assert measured.text == "Tuned the cache, cutting latency by 50% (10 → 5)"
