"""letters.yaml: every rule carries examples, every example holds, every variant is shown."""

from __future__ import annotations

import re
import string

import pytest

from promopacket.assemble import assemble_letter
from promopacket.assemble.letter import achievement_sentence, long_date, opening
from promopacket.assemble.letter_rules import letters, variants
from promopacket.assemble.letter_text import (
    Names,
    _match,
    choose,
    copied_run,
    first_name,
    horizon,
    restate_commitment,
    restate_key_point,
    split_clauses,
)
from promopacket.assemble.rules import RulesFileError, load
from promopacket.core.models import Meeting, Person, PersonBundle, Source
from promopacket.core.sentence_template import literal_text
from promopacket.settings import Settings

RULES_DIR = Settings().rules_dir
RULES = letters(RULES_DIR)
KEY_POINTS = [(r, ex) for r in RULES.key_points for ex in r.examples]
COMMITMENTS = [(r, ex) for r in RULES.commitments for ex in r.examples]
HORIZONS = [(r, ex) for r in RULES.horizons for ex in r.examples]
OUTCOMES = [(name, o, ex) for name, o in RULES.outcomes.items() for ex in o.examples]


def _ids(cases):
    return [
        f"{case[0] if isinstance(case[0], str) else case[0].id}-{i}" for i, case in enumerate(cases)
    ]


def shown(variant: str, texts: list[str]) -> bool:
    """Whether some text is this variant with its placeholders filled in."""
    parts = [literal for literal, *_ in string.Formatter().parse(variant)]  # between them
    pattern = ".+?".join(re.escape(p) for p in parts)
    return any(re.search(pattern, text) for text in texts)


@pytest.mark.parametrize("example", RULES.greeting.examples, ids=lambda e: e.expect)
def test_greeting_example(example):
    got = example.greeting or first_name(example.with_name, RULES.greeting.honorifics)
    assert got == example.expect


@pytest.mark.parametrize("rule,example", KEY_POINTS, ids=_ids(KEY_POINTS))
def test_key_point_example(rule, example):
    names = Names.of(example.candidate, example.recipient)
    said = restate_key_point(example.note, example.note, names, RULES)
    assert said.rule is not None and said.rule.id == rule.id  # not shadowed by an earlier rule
    assert said.sentence == example.expect
    assert copied_run(example.note, example.expect) <= RULES.max_copied_words
    for name in (example.candidate, *example.candidate.split()):
        assert name not in example.expect  # first person: never the candidate by name


@pytest.mark.parametrize("rule,example", COMMITMENTS, ids=_ids(COMMITMENTS))
def test_commitment_example(rule, example):
    names = Names.of(example.candidate, example.recipient)
    we = f"{example.earlier_with} and I" if example.earlier_with else "We"
    matched, _ = _match(RULES.commitments, example.note, names)
    assert matched is not None and matched.id == rule.id
    assert restate_commitment(example.note, names, RULES, we=we) == example.expect
    assert example.candidate.split()[0] not in example.expect


@pytest.mark.parametrize("rule,example", HORIZONS, ids=_ids(HORIZONS))
def test_horizon_example(rule, example):
    found = horizon(example.text, example.meeting, RULES)
    assert found is not None and found.rule_id == rule.id
    assert (found.date, found.phrase) == (example.expect, example.phrase)


@pytest.mark.parametrize("example", RULES.earlier.examples, ids=lambda e: e.expect[:30])
def test_earlier_example(example):
    template = RULES.earlier.same if example.same else RULES.earlier.other
    values = {"earlier_date": example.earlier_date, "earlier_with": example.earlier_with}
    assert choose(template, values) == example.expect


@pytest.mark.parametrize("example", RULES.achievement.examples, ids=lambda e: e.text[:30])
def test_achievement_example(example):
    assert achievement_sentence(example.text, RULES, example.seed) == example.expect


@pytest.mark.parametrize("topic", RULES.relevance.topics, ids=lambda t: t.id)
def test_topic_examples_name_a_topic_word(topic):
    for text in topic.examples:
        words = {w.lower() for w in re.findall(r"[\w-]+", text)}
        assert words & {w.lower() for w in topic.words}, text


def _person() -> Person:
    return Person(
        person_id="chen.li",
        name="Chen Li",
        current_title="Senior ML Engineer",
        target_title="Lead ML Engineer",
        team="Fraud Detection",
        manager_name="Marcus Webb",
        source=Source(sheet="People", row=2),
    )


def _outcome_letter(name, example):
    meeting = Meeting(
        person_id="chen.li",
        with_name="Marcus Webb",
        outcome=name,
        source=Source(sheet="Meetings", row=2),
        **example.meeting.model_dump(),
    )
    bundle = PersonBundle(workbook="w.xlsx", person=_person(), meetings=[meeting])
    return assemble_letter(bundle, meeting, [], RULES_DIR)


@pytest.mark.parametrize("name,outcome,example", OUTCOMES, ids=_ids(OUTCOMES))
def test_outcome_example(name, outcome, example):
    letter = _outcome_letter(name, example)
    assert letter.next_step == example.expect.next_step
    assert letter.follow_up_date == long_date(example.expect.follow_up_date)
    if example.expect.subject is not None:
        assert letter.subject == example.expect.subject


def test_every_variant_is_shown_by_an_example():
    """A variant no example reaches is a sentence nobody has read: each needs its example."""
    missing = []
    for rule in RULES.key_points + RULES.commitments:
        for variant in variants(rule.sentence):
            if not shown(variant, [ex.expect for ex in rule.examples]):
                missing.append(f"{rule.id}: {variant}")
    for name, outcome in RULES.outcomes.items():
        texts = [ex.expect.next_step for ex in outcome.examples]
        subjects = [ex.expect.subject for ex in outcome.examples if ex.expect.subject]
        for sentence in outcome.next_step:
            missing += [f"{name}: {v}" for v in variants(sentence) if not shown(v, texts)]
        if isinstance(outcome.subject, list):
            missing += [f"{name}: {v}" for v in outcome.subject if not shown(v, subjects)]
    achievements = [ex.expect for ex in RULES.achievement.examples]
    for sentence in RULES.achievement.phrasings():
        missing += [v for v in variants(sentence) if not shown(v, achievements)]
    assert not missing


def test_outcome_sentences_never_name_the_candidate_or_hold_a_digit():
    """Numbers in a letter are dates or the person's own results, never rule text."""
    for name, outcome in RULES.outcomes.items():
        for text in outcome.sentences():
            assert not re.search(r"\d", literal_text(text)), (name, text)


def test_clauses_split_at_semicolons_full_stops_and_bullets():
    assert split_clauses("Strong modelling; needs visible influence.") == [
        "Strong modelling",
        "needs visible influence",
    ]
    assert split_clauses("- first point\n- second point\n• third") == [
        "first point",
        "second point",
        "third",
    ]
    assert split_clauses("p99 at 95.5 ms. Next") == ["p99 at 95.5 ms", "Next"]


def test_a_rule_without_examples_is_a_located_error(tmp_path):
    text = (RULES_DIR / "letters.yaml").read_text(encoding="utf-8")
    broken = text.replace(
        '        expect: "I understand that the team relies on me for the scoring service at the '
        'moment."\n',
        "",
    ).replace(
        '      - note: "Chen is essential to the scoring service"\n',
        "",
    )
    assert broken != text
    broken = broken.replace(
        '    sentence: "I understand that the team relies on me for {what:the} at the moment."\n'
        "    examples:\n",
        '    sentence: "I understand that the team relies on me for {what:the} at the moment."\n'
        "    examples: []\n",
    )
    (tmp_path / "letters.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(RulesFileError, match=r"letters.yaml:\d+: key_points.1.examples"):
        letters(tmp_path)


def test_an_unknown_filter_is_a_located_error(tmp_path):
    text = (RULES_DIR / "letters.yaml").read_text(encoding="utf-8")
    (tmp_path / "letters.yaml").write_text(
        text.replace("{what:lower} from me, and", "{what:shout} from me, and"), encoding="utf-8"
    )
    with pytest.raises(RulesFileError, match=r"key_points.3.sentence.*unknown filter 'shout'"):
        load(tmp_path, "letters.yaml", type(RULES))


def test_achievement_phrasing_varies_with_person_and_meeting_and_is_stable():
    """Letters do not all open their example the same way; the choice never changes between runs."""
    text = "Reduced feature ingestion latency by 40% (50 min → 30 min)"
    seeds = [f"{p}|2026-10-{d:02d}" for p in ("ana", "ben", "chen", "dara") for d in (6, 13, 20)]
    first = {seed: achievement_sentence(text, RULES, seed) for seed in seeds}
    again = {seed: achievement_sentence(text, RULES, seed) for seed in seeds}
    assert first == again
    openings = {sentence.split(":")[0].split(",")[0] for sentence in first.values()}
    assert len(openings) == len(RULES.achievement.phrasings()), openings


def test_an_old_style_filter_is_a_located_error_saying_the_new_syntax(tmp_path):
    """A user's letters.yaml from before the one syntax must not print braces silently."""
    text = (RULES_DIR / "letters.yaml").read_text(encoding="utf-8")
    (tmp_path / "letters.yaml").write_text(
        text.replace("{what:lower} from me, and", "{what|lower} from me, and"), encoding="utf-8"
    )
    with pytest.raises(RulesFileError) as caught:
        load(tmp_path, "letters.yaml", type(RULES))
    message = str(caught.value)
    assert re.search(r"letters.yaml:\d+: key_points.3.sentence", message), message
    assert "write {what:lower}" in message


@pytest.mark.parametrize("name", sorted(RULES.outcomes))
def test_letter_opening_varies_with_person_and_meeting_and_is_stable(name):
    """Every opening phrasing of an outcome is reached by some person and meeting, each one
    fills with a meeting's values, and a person's choice never changes between runs."""
    outcome = RULES.outcomes[name]
    values = dict(meeting_date="6 October 2026", current_title="Senior", target_title="Lead")
    seeds = [f"{p}|2026-10-{d:02d}" for p in ("ana", "ben", "chen", "dara") for d in (6, 13, 20)]
    first = {seed: choose(opening(outcome, seed), values) for seed in seeds}
    assert first == {seed: choose(opening(outcome, seed), values) for seed in seeds}
    assert None not in first.values()
    assert len(set(first.values())) == len(outcome.openings()) >= 3
