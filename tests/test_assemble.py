import datetime as dt
import re

import pytest

from promopacket.assemble import assemble_letter, assemble_packet
from promopacket.models import Meeting, Source
from promopacket.rewrite import load_rules, rewrite_all
from promopacket.settings import Settings
from tests.example_docs import TODAY, example_bundle

RULES_DIR = Settings().rules_dir


def _packet(person_id, **kwargs):
    bundle = example_bundle(person_id)
    statements = rewrite_all(bundle.achievements, load_rules(RULES_DIR))
    return bundle, assemble_packet(bundle, statements, TODAY, RULES_DIR, **kwargs)


def _numbers(text):
    return set(re.findall(r"\d+(?:[.,]\d+)*", text))


def test_value_proposition_is_built_from_the_persons_rows_only():
    bundle, packet = _packet("ana.ruiz")
    vp = packet.value_proposition
    assert vp.startswith("By applying Feature engineering pipeline")
    assert "search and recommendation ranking for the storefront" in vp
    # Z: every number in it is one of the statements' own numbers (none invented).
    statement_numbers = set().union(*(_numbers(s.text) for s in packet.statements))
    assert _numbers(vp) and _numbers(vp) <= statement_numbers
    assert packet.highlights[0].score_after == max(s.score_after for s in packet.statements)


def test_summary_counts_are_counts_of_rows():
    bundle, packet = _packet("ana.ruiz")
    n = len(bundle.achievements)
    assert packet.summary.startswith(f"{n} entries from 3 periods")
    measured = sum(a.baseline is not None and a.result is not None for a in bundle.achievements)
    assert f"{measured} carry a measured change" in packet.summary


def test_groups_levers_and_coverage_account_for_every_row():
    bundle, packet = _packet("ben.okafor")
    n = len(bundle.achievements)
    assert sum(len(g.rows) for g in packet.by_competency) == n
    assert sum(len(g.rows) for g in packet.by_lever) == n
    assert [lever.name for lever in packet.levers][0] == "Build tools and assets"
    assert len(packet.levers) == 8 and len(packet.coverage) == 8
    assert packet.coverage_chart.counts == [c.count for c in packet.coverage]
    hiring = next(c for c in packet.coverage if c.expectation == "Hiring")
    assert (hiring.count, hiring.status) == (0, "no evidence yet")


def test_flags_archetype_and_objections_from_evidence():
    _, ben = _packet("ben.okafor")
    assert any(f.startswith("Many small contributions (8 entries)") for f in ben.flags)
    assert ben.archetype.stated == "Tech Lead" and "evidence agrees" in ben.archetype.text
    _, chen = _packet("chen.li")
    assert chen.archetype.stated is None and chen.archetype.suggested
    assert "Suggested from the evidence" in chen.archetype.text
    governance = next(o for o in chen.objections if "governance" in o.objection)
    assert any("Achievements row" in e for e in governance.evidence)


def test_plan_follows_the_meeting_outcome():
    _, ana = _packet("ana.ruiz")  # development plan, follow-up date given in the row
    assert ana.plan.outcome == "development plan" and ana.plan.checkpoint == "20 October 2026"
    assert ana.plan.focus == [c.expectation for c in ana.coverage if c.count == 0]
    _, chen = _packet("chen.li")  # needed here now (9 Oct), then vague: the plan is the former
    assert chen.plan.outcome == "needed here now" and chen.plan.checkpoint == "23 October 2026"


def test_compensation_is_off_by_default_and_labelled_reference():
    _, off = _packet("ana.ruiz")
    _, on = _packet("ana.ruiz", compensation=True)
    assert off.compensation is None
    assert on.compensation.notice.startswith("Reference only, not advice")
    assert on.compensation.as_of == "2024" and len(on.compensation.rows) == 5


@pytest.mark.parametrize(
    "outcome, words, proposed",
    [
        ("development plan", "a few milestones", "11 January 2027"),  # + 14 days
        ("not yet", "in two quarters", "28 June 2027"),  # + 6 months
        ("needed here now", "handover timeline", "11 January 2027"),
        ("vague", "one concrete thing", "11 January 2027"),
    ],
)
def test_letter_next_step_and_date_match_outcome(outcome, words, proposed):
    bundle = example_bundle("ana.ruiz")
    meeting = Meeting(
        person_id="ana.ruiz",
        date=dt.date(2026, 12, 28),
        with_name="Priya Nair",
        outcome=outcome,
        key_points="k",
        source=Source(sheet="Meetings", row=2),
    )
    letter = assemble_letter(bundle, meeting, [], RULES_DIR)
    assert words in letter.next_step
    assert letter.follow_up_date == proposed  # across a year
    given = meeting.model_copy(update={"follow_up_date": dt.date(2027, 1, 15)})
    assert assemble_letter(bundle, given, [], RULES_DIR).follow_up_date == "15 January 2027"
