"""Role profiles: every shipped profile loads, every example in it holds, and a broken profile
is refused with `file: key: message` lines (never a traceback, never half-used)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from promopacket.assemble.readiness import threshold_holds
from promopacket.profiles import (
    ProfileError,
    choose_profile,
    load_profiles,
    profile_for_title,
    read_profile,
)
from promopacket.profiles.loading import example_failures, matches
from promopacket.settings import Settings

RULES = Settings().rules_dir
SHIPPED_DIR = RULES / "profiles"
SHIPPED = load_profiles(RULES)
EXPECTED = {"ml-engineering", "data-engineering", "software-engineering", "sre"}


def test_the_four_ladders_ship():
    assert EXPECTED <= set(SHIPPED)


def _matcher_examples():
    for name, profile in SHIPPED.items():
        for group in ("expectations", "archetypes", "objections"):
            for item in getattr(profile, group):
                for i, ex in enumerate(item.examples):
                    label = getattr(item, "id", None) or getattr(item, "name", None)
                    label = label or item.objection
                    yield pytest.param(item, ex, id=f"{name}:{group}:{label}:{i}")


@pytest.mark.parametrize(("rule", "example"), list(_matcher_examples()))
def test_every_evidence_example_holds(rule, example):
    assert matches(rule, example.row) == example.matches


def _signal_examples():
    for name, profile in SHIPPED.items():
        for signal in profile.signals:
            for i, ex in enumerate(signal.examples):
                yield pytest.param(signal, ex, id=f"{name}:{signal.id}:{i}")


@pytest.mark.parametrize(("signal", "example"), list(_signal_examples()))
def test_every_signal_threshold_example_holds(signal, example):
    assert threshold_holds(signal.threshold, example.counts) is example.holds


def _pattern_examples():
    from promopacket.profiles.loading import _patterns

    for name, profile in SHIPPED.items():
        for where, pattern in _patterns(profile, ""):
            for i, ex in enumerate(pattern.examples):
                yield pytest.param(pattern, ex, id=f"{name}:{where}:{i}")


@pytest.mark.parametrize(("pattern", "example"), list(_pattern_examples()))
def test_every_sentence_pattern_example_holds(pattern, example):
    assert pattern(**example.values) == example.expect


def _title_examples():
    for name, profile in SHIPPED.items():
        for ex in profile.match.examples:
            yield pytest.param(name, ex, id=f"{name}:{ex.title}")


@pytest.mark.parametrize(("name", "example"), list(_title_examples()))
def test_every_title_example_holds(name, example):
    assert (profile_for_title(example.title, SHIPPED) == name) == example.chosen


def _level_examples():
    for name, profile in SHIPPED.items():
        for ex in profile.levels.examples:
            yield pytest.param(profile, ex, id=f"{name}:{ex.target_title}")


@pytest.mark.parametrize(("profile", "example"), list(_level_examples()))
def test_every_level_example_holds(profile, example):
    assert profile.level(example.target_title).name == example.level


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_rule_carries_an_example(name):
    profile = SHIPPED[name]
    assert profile.match.examples and profile.levels.examples
    for item in [*profile.expectations, *profile.archetypes, *profile.objections]:
        if not getattr(item, "compensation", False):
            assert any(ex.matches for ex in item.examples), item
    assert example_failures(profile) == []


@pytest.mark.parametrize(
    ("target", "current", "expected", "level"),
    [
        ("Staff Data Engineer", "Senior Data Engineer", "data-engineering", "Staff"),
        ("Staff Software Engineer", "Senior Backend Engineer", "software-engineering", "Staff"),
        ("Principal Engineer", "Staff Backend Engineer", "software-engineering", "Principal"),
        ("Lead ML Engineer", "Senior ML Engineer", "ml-engineering", "Lead"),
        ("Staff SRE", "Senior Site Reliability Engineer", "sre", "Staff"),
        ("Engineering Manager", "Senior Platform Engineer", "software-engineering", "Manager"),
        ("Senior Software Engineer, ML Platform", "", "ml-engineering", "Lead"),
    ],
)
def test_titles_choose_the_ladder_and_the_level(target, current, expected, level):
    choice = choose_profile(SHIPPED, target_title=target, current_title=current)
    assert (choice.name, choice.level) == (expected, level)


def test_choice_order_column_then_titles_then_workbook_then_builtin():
    both = dict(target_title="Staff Data Engineer", current_title="Senior Data Engineer")
    assert choose_profile(SHIPPED, column="SRE", **both).how == "column"
    assert choose_profile(SHIPPED, column="sre", **both).name == "sre"
    assert choose_profile(SHIPPED, **both).how == "target_title"
    odd = dict(target_title="Wizard", current_title="Mage")
    chosen = choose_profile(SHIPPED, workbook_default="data-engineering", **odd)
    assert (chosen.name, chosen.how) == ("data-engineering", "workbook")
    assert choose_profile(SHIPPED, **odd).name == "ml-engineering"
    assert choose_profile(SHIPPED, **odd).how == "default"


# --- broken profiles: located errors -------------------------------------------------------


def _copy(tmp_path: Path, edit, name: str = "sre") -> Path:
    data = yaml.safe_load((SHIPPED_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / f"{data.get('name', name)}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _unlined(lines: list[str]) -> list[str]:
    """The lines without their line numbers (test_errors_name_their_yaml_line checks those)."""
    return [re.sub(r"\.yaml:\d+: ", ".yaml: ", line) for line in lines]


def _errors(path: Path) -> list[str]:
    with pytest.raises(ProfileError) as caught:
        read_profile(path)
    return _unlined(caught.value.lines)


def test_errors_name_their_yaml_line(tmp_path):
    path = _copy(tmp_path, lambda d: d["expectations"][1].update(weight=3))
    with pytest.raises(ProfileError) as caught:
        read_profile(path)
    (line,) = caught.value.lines
    number = int(re.match(r"sre\.yaml:(\d+): ", line).group(1))
    assert path.read_text(encoding="utf-8").splitlines()[number - 1].strip() == "weight: 3"


def test_unknown_key_is_located(tmp_path):
    path = _copy(tmp_path, lambda d: d["expectations"][1].update(weight=3))
    assert _errors(path) == [
        "sre.yaml: expectations[incident-leadership].weight: unknown key "
        "(a profile's keys are a closed set; see README 'Role profiles')"
    ]


def test_duplicate_names_are_located(tmp_path):
    def twice(d):
        d["competencies"].append(dict(d["competencies"][0]))

    lines = _errors(_copy(tmp_path, twice))
    assert lines == ["sre.yaml: competencies: duplicate name 'Incident response & postmortems'"]


def test_missing_examples_are_located(tmp_path):
    def drop(d):
        d["archetypes"][2]["examples"] = []
        del d["match"]["examples"]

    lines = _errors(_copy(tmp_path, drop))
    assert "sre.yaml: match.examples: required key is missing" in lines
    assert "sre.yaml: archetypes[Architect].examples: at least one example is required" in lines


def test_failing_example_is_located(tmp_path):
    def wrong(d):
        d["expectations"][0]["examples"][0]["row"]["statement"] = "Fixed a typo"

    assert _errors(_copy(tmp_path, wrong)) == [
        "sre.yaml: expectations[reliability-strategy].examples[0]: the row does not match, "
        "the example says otherwise"
    ]


def test_unknown_lever_in_a_rule_is_located_with_the_closest(tmp_path):
    def typo(d):
        d["archetypes"][0]["levers"][0] = "Develop peeple"

    assert _errors(_copy(tmp_path, typo)) == [
        "sre.yaml: archetypes[Tech Lead].levers: unknown lever 'Develop peeple'; "
        "did you mean 'Develop people'?"
    ]


def test_unknown_placeholder_is_located(tmp_path):
    def placeholder(d):
        d["signals"][0]["gap"]["text"] = "No {mentees} yet."

    lines = _errors(_copy(tmp_path, placeholder))
    assert lines[0] == (
        "sre.yaml: signals[coaches-others].gap: unknown placeholder {mentees} (allowed: {count}, "
        "{count_entries}, {improved}, {refs}, {strong}, {strong_entries}, {strong_refs}, {total})"
    )
    assert lines[1].startswith("sre.yaml: signals[coaches-others].gap.examples[0]: ")


def test_not_yaml_and_name_mismatch(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        read_profile(bad)
    assert re.match(r"broken\.yaml:\d+: not valid YAML", caught.value.lines[0])
    renamed = _copy(tmp_path, lambda d: None)
    other = renamed.rename(tmp_path / "ops.yaml")
    assert _errors(other) == ["ops.yaml: name: 'sre' must match the file name 'ops'"]


def test_user_folder_adds_and_overrides(tmp_path):
    def company(d):
        d["name"] = "platform-acme"
        d["label"] = "Acme platform"
        d["match"] = {
            "words": ["acme platform"],
            "priority": 50,
            "examples": [{"title": "Staff Acme Platform Engineer"}],
        }

    _copy(tmp_path, company, name="software-engineering")
    _copy(tmp_path, lambda d: d.update(label="Our SRE ladder"))
    profiles = load_profiles(RULES, tmp_path)
    assert profiles["sre"].label == "Our SRE ladder"
    assert profiles["platform-acme"].label == "Acme platform"
    assert choose_profile(profiles, target_title="Staff Acme Platform Engineer").name == (
        "platform-acme"
    )


def test_user_folder_errors_name_the_folder(tmp_path):
    _copy(tmp_path, lambda d: d.update(colour="red"))
    with pytest.raises(ProfileError) as caught:
        load_profiles(RULES, tmp_path)
    assert _unlined(caught.value.lines) == [
        f"{tmp_path}/sre.yaml: colour: unknown key "
        "(a profile's keys are a closed set; see README 'Role profiles')"
    ]


def test_a_user_title_example_that_another_profile_wins_is_refused(tmp_path):
    def steal(d):
        d["name"] = "ops"
        d["match"] = {"words": ["engineer"], "priority": 0, "examples": [{"title": "Staff SRE"}]}

    _copy(tmp_path, steal)
    with pytest.raises(ProfileError) as caught:
        load_profiles(RULES, tmp_path)
    assert caught.value.lines == [f"{tmp_path}/ops.yaml: match.examples[0]: 'Staff SRE' picks sre"]
