"""The decision letter and the previous-cycle wording (assemble/decision.py): the committee's
words quoted as typed, what to show from the case only, a date with where it comes from."""

from __future__ import annotations

import datetime as dt

from promopacket.build.person import person_documents
from promopacket.core.models import Decision, PreviousCycle
from promopacket.settings import Settings
from tests.example_docs import TODAY, example_bundle

SETTINGS = Settings()


def _decided(bundle, reason="Hiring is not shown.", **meeting):
    decision = Decision(decision="not yet", reason=reason, decided_on=dt.date(2026, 11, 30))
    if meeting:
        first = bundle.meetings[0].model_copy(update=meeting)
        bundle = bundle.model_copy(update={"meetings": [first, *bundle.meetings[1:]]})
    return bundle.model_copy(update={"decision": decision})


def test_letter_lists_uncovered_expectations_and_open_concerns_by_the_ladders_horizon():
    docs = person_documents(_decided(example_bundle("ana.ruiz")), SETTINGS, today=TODAY)
    letter = docs.decision_letter
    uncovered = [row.expectation for row in docs.case.coverage if not row.shown]
    assert uncovered  # the example leaves some expectations without evidence
    assert letter.to_show[: len(uncovered)] == [
        f"Evidence of {e}: none of your entries shows it yet." for e in uncovered
    ]
    concerns = docs.packet.gaps[: len(docs.case.concerns)]
    assert letter.to_show[len(uncovered) :] == [f"An answer to {c}" for c in concerns]
    assert letter.reason == "In the committee's own words: “Hiring is not shown.”"
    # 30 November 2026 + the ML ladder's 182 days
    assert letter.show_intro.startswith("What to show by 31 May 2027, 182 days after")
    assert letter.letter_date == "30 November 2026"


def test_letter_takes_the_date_in_the_managers_notes_when_later():
    bundle = _decided(
        example_bundle("ana.ruiz"),
        outcome="not yet",
        key_points="Not yet, let's revisit in 9 months; wants more evidence of developing others",
    )
    docs = person_documents(bundle, SETTINGS, today=TODAY)
    horizon = docs.case.horizon.date
    assert horizon > dt.date(2026, 11, 30)
    day = f"{horizon.day} {horizon:%B %Y}"
    assert docs.decision_letter.show_intro == (
        f"What to show by {day}, the date in Priya Nair's notes of 6 October 2026:"
    )


def test_no_letter_without_a_not_yet_and_no_reason_is_said_so():
    bundle = example_bundle("ben.okafor")
    assert person_documents(bundle, SETTINGS, today=TODAY).decision_letter is None
    promoted = bundle.model_copy(
        update={"decision": Decision(decision="promote", decided_on=dt.date(2026, 11, 30))}
    )
    assert person_documents(promoted, SETTINGS, today=TODAY).decision_letter is None
    silent = _decided(bundle, reason=None)
    letter = person_documents(silent, SETTINGS, today=TODAY).decision_letter
    assert letter.reason.startswith("The committee recorded no reason")


def test_previous_cycle_lines():
    bundle = example_bundle("chen.li")
    cases = [
        (
            PreviousCycle(cycle="2026-H1", decision="defer", reason="Budget {{ 7*7 }}."),
            "Previous cycle 2026-H1: defer — “Budget {{ 7*7 }}.”",
        ),
        (
            PreviousCycle(cycle="2026-H1", decision="not yet"),
            "Previous cycle 2026-H1: not yet (no reason recorded).",
        ),
        (PreviousCycle(cycle="2026-H1"), "Previous cycle 2026-H1: no committee decision recorded."),
    ]
    for previous, line in cases:
        docs = person_documents(
            bundle.model_copy(update={"previous_cycle": previous}), SETTINGS, today=TODAY
        )
        assert docs.packet.previous_cycle == line
        assert docs.brief.since.decision == line
    assert person_documents(bundle, SETTINGS, today=TODAY).packet.previous_cycle is None
