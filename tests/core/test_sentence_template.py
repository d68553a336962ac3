"""The one sentence-template syntax: {name} and {name:filter}, values never parsed."""

from __future__ import annotations

import pytest

from promopacket.core.sentence_template import check, fill, literal_text, placeholders


@pytest.mark.parametrize(
    "template,value,expect",
    [
        ("for {what:the}.", "Scoring service", "for the scoring service."),
        ("for {what:the}.", "our Scoring service", "for our Scoring service."),
        ("for {what:the}.", "SLO reviews", "for the SLO reviews."),
        ("more {what:lower}.", "Visible influence", "more visible influence."),
        ("more {what:lower}.", "API design", "more API design."),
        ("about {what:def}.", "a new team", "about the new team."),
        ("about {what:def}.", "An opening", "about the opening."),
        ("role?{what:if}", "anything", "role?"),
        ("plain {what}.", "  Kept  ", "plain Kept."),
    ],
)
def test_filters(template, value, expect):
    assert fill(template, {"what": value}) == expect


def test_a_missing_or_blank_value_leaves_the_variant_out():
    assert fill("for {what} by {until}.", {"what": "x"}) is None
    assert fill("for {what}.", {"what": "  "}) is None
    assert fill("for {what}.", {"what": None}) is None


@pytest.mark.parametrize("value", ["{{ 7*7 }}", "{what}", "{what:the}", "{0.__class__}"])
def test_values_are_substituted_never_parsed(value):
    assert fill("We discussed {what}.", {"what": value}) == f"We discussed {value}."


def test_placeholders_and_literal_text():
    assert placeholders("{We} will {verb:lower} {rest}.") == ["We", "verb", "rest"]
    assert literal_text("{We} will {verb:lower} {rest}.") == " will  ."


@pytest.mark.parametrize(
    "template,message",
    [
        ("for {what|the}.", r"old filter syntax; write \{what:the\}"),
        ("for {what:shout}.", "unknown filter 'shout'"),
        ("for {what.__class__}.", "must be a plain name"),
        ("for {what!r}.", "conversions are not allowed"),
        ("for {what.", "not a sentence template"),
        ("for {}.", "must be a plain name"),
    ],
)
def test_bad_templates_say_the_fix(template, message):
    with pytest.raises(ValueError, match=message):
        check(template)
