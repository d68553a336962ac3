import datetime as dt
import re

import pytest

from promopacket.assemble import assemble_brief, assemble_letter, assemble_packet
from promopacket.core.models import Meeting, Source
from promopacket.rewrite import load_rules, rewrite_all
from promopacket.rewrite.arithmetic import format_number
from promopacket.settings import Settings
from tests.example_docs import TODAY, example_bundle
from tests.rewrite.examples import example_achievement

RULES_DIR = Settings().rules_dir


def _packet(person_id, **kwargs):
    bundle = example_bundle(person_id)
    statements = rewrite_all(bundle.achievements, load_rules(RULES_DIR))
    return bundle, assemble_packet(bundle, statements, TODAY, RULES_DIR, **kwargs)


def _brief(person_id, **kwargs):
    bundle = example_bundle(person_id)
    statements = rewrite_all(bundle.achievements, load_rules(RULES_DIR))
    return bundle, assemble_brief(bundle, statements, TODAY, RULES_DIR, **kwargs)


def _bundle(achievements, meetings=()):
    """A one-person bundle from rows written here (the example people are the usual input)."""
    base = example_bundle("ana.ruiz")
    items = [
        example_achievement(dict(period="2026-Q1", project=f"Project {i}", **row)).model_copy(
            update={"source": Source(sheet="Achievements", row=i + 2)}
        )
        for i, row in enumerate(achievements)
    ]
    return base.model_copy(update={"achievements": items, "meetings": list(meetings)})


def _numbers(text):
    return set(re.findall(r"\d+(?:[.,]\d+)*", text))


def test_value_proposition_is_third_person_forward_looking_and_invents_nothing():
    bundle, packet = _packet("ana.ruiz")
    vp = packet.value_proposition
    assert vp.startswith("As Lead ML Engineer, Ana would lead the Ranking Platform team by ")
    assert "search and recommendation ranking for the storefront" in vp
    assert not re.search(r"\b(I|my|me)\b", vp)
    rows = bundle.achievements
    values = [v for a in rows for v in (a.baseline, a.result) if v is not None]
    measures = set().union(*(_numbers(f"{format_number(v)} {v}") for v in values))
    measures |= set().union(*(_numbers(a.metric or "") for a in rows))  # "p99 latency"
    counts = {
        str(len(packet.appendix)),
        str(len(packet.expectations)),
        str(sum(row.shown for row in packet.expectations)),
        str(sum(a.baseline is not None and a.result is not None for a in rows)),
    }
    assert _numbers(packet.case) <= measures | counts  # measures as the rows give them, counts


def test_case_counts_are_counts_of_rows():
    bundle, packet = _packet("ana.ruiz")
    n = len(bundle.achievements)
    improved = sum(
        a.baseline is not None and a.result is not None and a.better is not None
        for a in bundle.achievements
    )
    assert f"{improved} of {n} entries show a measured improvement" in packet.case


def test_highlights_are_improvements_and_strong_end_to_end_work_never_a_setback():
    bundle, chen = _packet("chen.li")
    texts = [h.text for h in chen.highlights]
    assert 3 <= len(texts) <= 5
    assert not any("rose from $18 to $21" in t for t in texts)  # the worsened cost
    assert any(t.startswith("Migrated the fraud scoring service") for t in texts)  # unmeasured
    statements = rewrite_all(bundle.achievements, load_rules(RULES_DIR))
    setbacks = {s.text for s in statements if s.direction in ("worsened", "unchanged")}
    for person_id in ("ana.ruiz", "ben.okafor", "chen.li"):
        _, packet = _packet(person_id)
        assert not setbacks & {h.text for h in packet.highlights}, person_id


def test_every_entry_is_in_the_appendix_once_numbered_and_grouped():
    for person_id in ("ana.ruiz", "ben.okafor", "chen.li"):
        bundle, packet = _packet(person_id)
        refs = [row.ref for row in packet.appendix]
        assert refs == [f"E{i}" for i in range(1, len(bundle.achievements) + 1)]
        groups = [row.group for row in packet.appendix if row.group]
        assert len(groups) == len(set(groups)), person_id  # each competency heads one group


def test_expectations_table_cites_the_best_entries_or_not_yet_shown():
    _, chen = _packet("chen.li")
    assert len(chen.expectations) == 8
    appendix = {row.ref: row for row in chen.appendix}
    for row in chen.expectations:
        assert 1 <= len(row.evidence) <= 2
        if not row.shown:
            assert row.evidence == ["not yet shown"]
        for cited in row.evidence if row.shown else []:
            ref = cited.split()[0]
            assert ref in appendix and appendix[ref].text not in cited  # cited, not repeated
            assert "rose from" not in appendix[ref].text  # a worsened result is no evidence
    hiring = next(r for r in chen.expectations if r.expectation == "Hiring")
    assert hiring.evidence == ["not yet shown"] and hiring.note == "gap raised by Marcus Webb"
    # The governance-meetings entry (no result, a low score) is too weak to cite.
    weak = next(r.ref for r in chen.appendix if r.project == "Governance")
    assert not any(c.startswith(weak + " ") for r in chen.expectations for c in r.evidence)


@pytest.mark.parametrize(
    "person_id, concern, denied_signal",
    [
        ("ana.ruiz", "wants more evidence of developing others", "Develops others"),
        ("ben.okafor", "needs visible cross-team influence", "Trusted beyond the team"),
        ("chen.li", "sees gaps in cross-org influence and hiring", "Trusted beyond the team"),
        ("chen.li", "Chen is critical to the fraud model migration until year end", None),
    ],
)
def test_every_manager_concern_is_a_gap_in_their_words_and_never_contradicted(
    person_id, concern, denied_signal
):
    bundle, packet = _packet(person_id)
    assert any(f"“{concern}”" in gap for gap in packet.gaps), packet.gaps
    if denied_signal:
        assert not any(s.startswith(denied_signal) for s in packet.signals)
    assert not packet.overall.startswith("Ready now")


def test_readiness_needs_the_threshold_not_one_keyword_hit():
    # One weak mentoring entry is a keyword hit, not a signal.
    bundle = _bundle([dict(statement="Mentored new joiners", lever="Develop people")])
    packet = assemble_packet(
        bundle, rewrite_all(bundle.achievements, load_rules(RULES_DIR)), TODAY, RULES_DIR
    )
    assert not any(s.startswith("Develops others") for s in packet.signals)
    assert any(g.startswith("Coaching others to their level") for g in packet.gaps)


def test_plan_lists_every_meeting_newest_first_with_the_timeline_that_fits():
    _, chen = _packet("chen.li")
    headings = [m.heading for m in chen.plan.meetings]
    # Only the line manager's meetings reach the committee (Dana Kim heads another team).
    assert len(headings) == 1 and headings[0].startswith("9 October 2026 · Marcus Webb")
    assert chen.plan.meetings[0].agreed == "Agreed: Agree a handover plan for the scoring service."
    assert chen.plan.meetings[0].checkpoint.endswith("Handover complete by 31 December 2026.")
    phases = [p.phase for p in chen.plan.timeline]  # Marcus is the manager: needed here now
    assert phases[0] == "Hand over the current scope" and "Landscape mapping" not in phases
    _, ana = _packet("ana.ruiz")
    assert ana.plan.meetings[0].checkpoint == (
        "Next checkpoint: 20 October 2026, which has passed (compiled 23 November 2026); "
        "a new date is needed."
    )
    # Before any conversation: the internal transfer timeline.
    bundle = _bundle([dict(statement="Built a tool")])
    none = assemble_packet(bundle, rewrite_all(bundle.achievements, load_rules(RULES_DIR)), TODAY)
    assert none.plan.none and none.plan.timeline[0].phase == "Landscape mapping"


def test_overall_line_is_honest_about_the_data_and_the_manager():
    _, ben = _packet("ben.okafor")
    assert ben.overall.startswith("Not yet: Priya Nair asked on 8 October 2026 to revisit")
    unmeasured = _bundle([dict(statement=f"Worked on thing {i}") for i in range(4)])
    packet = assemble_packet(
        unmeasured, rewrite_all(unmeasured.achievements, load_rules(RULES_DIR)), TODAY
    )
    # No meeting with the manager: no verdict the manager did not give.
    assert packet.overall.startswith("No recommendation from the manager recorded; 0 of 5")


def test_packet_holds_no_coaching_and_no_first_person():
    for person_id in ("ana.ruiz", "ben.okafor", "chen.li"):
        _, packet = _packet(person_id)
        # Colleagues' quotes are their own words (first person is theirs), shown in quotation
        # marks and attributed; everything the packet writes itself is third person.
        assert packet.quotes and all(q.startswith("“") and "” — " in q for q in packet.quotes)
        text = packet.model_dump_json(exclude={"quotes"}).casefold()
        for word in ("question", "prepare", "score", "premium senior", '"i ', " my "):
            assert word not in text, (person_id, word)


def test_brief_holds_the_coaching_with_the_managers_concerns_first():
    _, ana = _brief("ana.ruiz")
    assert ana.objections[0].objection == (
        "Priya Nair said on 6 October 2026: “wants more evidence of developing others”"
    )
    assert ana.statements[0].score and ana.needs_metric and ana.needs_metric[0].question
    assert any("premium Senior" in f for f in ana.flags) is False  # Ana shows leverage
    _, chen = _brief("chen.li")
    assert chen.delegation[0].startswith("Agreed with Marcus Webb on 9 October 2026:")
    assert any(f.startswith("Results that got worse (1)") for f in chen.flags)
    comp = next(o for o in chen.objections if "compensation" in o.objection)
    # configuration advice is for the README and the CLI, never for a reader
    assert "PROMOPACKET" not in comp.evidence[0] and "range" in comp.evidence[0]


def test_compensation_is_off_by_default_and_labelled_reference():
    _, off = _brief("ana.ruiz")
    _, on = _brief("ana.ruiz", compensation=True)
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


def test_no_citation_doubles_its_label():
    """'E8 Mentoring: data scientists mentored: 2' read as two labels; one colon per citation."""
    for person_id in ("ana.ruiz", "ben.okafor", "chen.li"):
        _, packet = _packet(person_id)
        cited = [c for row in packet.expectations for c in row.evidence]
        assert cited
        assert not [c for c in cited if c.count(": ") > 1], person_id
    _, ben = _packet("ben.okafor")
    assert any(
        c.endswith("Mentoring: data scientists mentored 2")
        for r in ben.expectations
        for c in r.evidence
    )


def test_delegation_never_offers_work_the_person_only_took_part_in():
    """'Helped with the image service' is not the person's to hand over; a participation opening
    whose role column says they owned the work is."""
    measured = dict(metric="p99 latency", baseline=400, result=250, unit=" ms", better="lower")
    rows = [
        dict(
            statement="Helped with the image service", lever="Own the team's ML systems", **measured
        ),
        dict(
            statement="Worked on the feature store",
            lever="Build tools and assets",
            role="owned",
            **measured,
        ),
    ]
    bundle = _bundle(rows)
    statements = rewrite_all(bundle.achievements, load_rules(RULES_DIR))
    assert [s.participation for s in statements] == [True, False]
    brief = assemble_brief(bundle, statements, TODAY, RULES_DIR)
    offered = " ".join(brief.delegation)
    assert "Project 0" not in offered
    assert "Project 1" in offered


def test_taking_part_is_no_evidence_of_a_leadership_lever():
    """'Helped with the image service' tagged 'Own the end-to-end' does not show the lever (the
    packet listed it under 'Leadership levers with evidence', the readiness signal counted it);
    the same words with role 'owned' do."""
    measured = dict(metric="p99 latency", baseline=400, result=250, unit=" ms", better="lower")
    lever = dict(statement="Helped with the image service", lever="Own the end-to-end", **measured)
    for role, shown in ((None, False), ("contributed", False), ("owned", True)):
        bundle = _bundle([dict(lever, role=role)] if role else [lever])
        statements = rewrite_all(bundle.achievements, load_rules(RULES_DIR))
        packet = assemble_packet(bundle, statements, TODAY, RULES_DIR)
        said = " ".join(packet.leadership)
        assert ("Leadership levers with evidence: Own the end-to-end (E1)" in said) is shown, role
