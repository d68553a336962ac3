"""Issue 25 on six new people (tests/readiness_people.py) and the example: concerns carried
word for word, the manager's position as the overall line, one evidence model, dates and
letters that keep the meeting, level and track wording."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pytest

from promopacket.assemble import rules as rule_files
from promopacket.assemble.concerns import concern_clauses
from promopacket.assemble.dates import horizon
from promopacket.assemble.letter_rules import letters
from promopacket.assemble.letter_text import Names, restate_key_point, unquoted
from promopacket.build.person import person_documents
from promopacket.build.record import RecordFile
from promopacket.build.results import PersonResult
from promopacket.report.review.calibration import calibration_rows
from promopacket.settings import Settings
from tests.assemble.readiness_people import BUILT, OUTCOMES, readiness_bundles
from tests.example_docs import TODAY, example_bundles

SETTINGS = Settings()
RULES = SETTINGS.rules_dir
OLD_MARKERS = [
    "wants more", "want more", "needs", "need to", "gap", "lack", "not yet", "concern",
    "missing", "more evidence", "would like to see", "critical to", "worried", "not ready",
    "too early",
]  # fmt: skip


@lru_cache(maxsize=1)
def documents():
    """person_id → (bundle, PersonDocuments), the six people and the example's three."""
    out = {}
    for bundle in readiness_bundles()[0]:
        out[bundle.person.person_id] = (bundle, person_documents(bundle, SETTINGS, today=BUILT))
    for bundle in example_bundles():
        out[bundle.person.person_id] = (bundle, person_documents(bundle, SETTINGS, today=TODAY))
    return out


NEW_PEOPLE = sorted(OUTCOMES)
EVERYONE = [*NEW_PEOPLE, "ana.ruiz", "ben.okafor", "chen.li"]


def test_the_fixtures_cover_four_ladders_every_outcome_and_no_old_marker_word():
    bundles, problems = readiness_bundles()
    assert not [p for p in problems if p.severity != "advice"]
    assert {b.profile.name for b in bundles} == {
        "ml-engineering", "data-engineering", "software-engineering", "sre",
    }  # fmt: skip
    assert set(OUTCOMES.values()) == {
        "development plan", "not yet", "needed here now", "vague", "none",
    }  # fmt: skip
    for bundle in bundles:
        for meeting in bundle.meetings:
            said = f"{meeting.key_points} {meeting.concerns or ''}".casefold()
            assert not [m for m in OLD_MARKERS if m in said], meeting.key_points


# --- 1. concerns are carried, never guessed away ---


@pytest.mark.parametrize(
    "clause",
    [
        "her work stays within her own team and she keeps the hard parts to herself",
        "moving him now would jeopardise the launch",
        "the only one who can finish the migration before the summer",
    ],
)
def test_a_concern_without_any_marker_word_is_carried(clause):
    rules = rule_files.readiness(RULES).concerns
    assert concern_clauses(f"Strong delivery this year; {clause}.", rules) == [clause]


def _concerns(docs):
    return [*docs.case.concerns, *docs.case.other_concerns]


@pytest.mark.parametrize("person_id", EVERYONE)
def test_every_concern_is_a_gap_an_objection_a_calibration_concern_and_in_the_letter(person_id):
    bundle, docs = documents()[person_id]
    packet_gaps = " ".join(docs.packet.gaps)
    for concern in docs.case.concerns:  # the packet's meetings (the line manager's)
        assert f"“{concern.words}”" in packet_gaps, concern.words
        assert any(f"“{concern.words}”" in c for c in docs.record.concerns), concern.words
    everyone = _concerns(docs)
    # First in the brief's gaps and objections, in the order they were found.
    for i, concern in enumerate(everyone):
        assert f"“{concern.words}”" in docs.brief.gaps[i], (i, docs.brief.gaps)
        assert f"“{concern.words}”" in docs.brief.objections[i].objection
    names = Names.of(bundle.person.name, None)
    letters_rules = letters(RULES)
    for concern in everyone:
        letter = next(
            doc.context
            for doc in docs.letters
            if doc.context.meeting_date.endswith(f"{concern.meeting.date:%B %Y}")
            and doc.context.meeting.with_name == concern.meeting.with_name
        )
        quoted = f"“{concern.words}”" in letter.discussed
        restated = restate_key_point(concern.words, concern.words, names, letters_rules)
        assert quoted or (restated.sentence and restated.sentence in letter.discussed), (
            concern.words,
            letter.discussed,
        )


def test_new_people_carry_their_managers_words():
    ines = documents()["ines.duarte"][1]
    assert [c.words for c in ines.case.concerns] == [
        "her work stays within her own team and she keeps the hard parts to herself",
        "Other teams rarely hear from her",  # the concerns column
    ]
    owen = documents()["owen.price"][1]
    assert owen.case.concerns == []  # praise only: nothing invented


# --- 2. the overall line reports the manager's position ---

OVERALL = {
    "nadia.haddad": "Wait: Joel Park asked on 2 November 2026 to wait until 31 May 2027",
    "ines.duarte": "Not yet: Amara Obi asked on 12 October 2026 to revisit on 31 March 2027",
    "ravi.menon": "Development plan: Clara Voss offered one on 16 November 2026",
    "mei.tanaka": "No recommendation from the manager recorded",
    "owen.price": "Ready: Sofia Marin offered a development plan on 24 November 2026",
    "lena.fischer": "No recommendation from the manager recorded",
    "chen.li": "Wait: Marcus Webb asked on 9 October 2026 to wait until 31 December 2026",
}


def _calibration():
    people, records = [], {}
    for person_id, (bundle, docs) in documents().items():
        people.append(
            PersonResult(person_id=person_id, workbook=bundle.workbook, record=docs.record)
        )
        records[person_id] = RecordFile(current=docs.record)
    return calibration_rows(people, records, SETTINGS.outputs_dir, today=BUILT)[1]


@pytest.mark.parametrize("person_id", list(OVERALL))
def test_the_overall_line_is_the_managers_position_everywhere(person_id):
    _, docs = documents()[person_id]
    line = docs.packet.overall
    assert line.startswith(OVERALL[person_id]), line
    assert line in docs.brief.overall and docs.record.overall == line
    row = next(r for r in _calibration() if r.person_id == person_id)
    assert row.overall == line
    assert row.manager_outcome == OUTCOMES.get(person_id, docs.case.manager_outcome)
    if not line.startswith("Ready"):
        assert "Ready" not in line


def test_ready_needs_a_development_plan_three_signals_and_no_open_concern():
    for _person_id, (_, docs) in documents().items():
        if docs.packet.overall.startswith("Ready"):
            assert docs.case.manager_outcome == "development plan"
            assert len(docs.case.readiness.signals) >= 3 and not docs.case.concerns


# --- 3. one evidence model ---


@pytest.mark.parametrize("person_id", EVERYONE)
def test_packet_brief_and_calibration_agree(person_id):
    bundle, docs = documents()[person_id]
    case, packet, record = docs.case, docs.packet, docs.record
    score = case.ladder.readiness.evidence_score
    weak = {ev.ref for ev in case.evidence if ev.setback or ev.score < score}
    # Coverage: the packet's table and the calibration say the same.
    coverage = {c.expectation: c.level for c in record.coverage}
    for row in packet.expectations:
        assert row.shown == (coverage[row.expectation] in ("some", "strong")), row.expectation
        # Quotes alone never make an expectation shown: the calibration marks it "feedback".
        assert (coverage[row.expectation] == "feedback") == (
            not row.shown and row.feedback is not None
        ), row.expectation
        cited = {e.split()[0] for e in row.evidence if row.shown}
        assert not cited & weak, (row.expectation, cited)
    # Levers: shown in the packet ⇔ counted in the calibration; never both shown and missing.
    lines = " ".join(packet.leadership)
    counted = {lv.name for lv in record.levers if lv.count}
    missing = next((x for x in packet.leadership if x.startswith("Not yet shown:")), "")
    for lever in case.ladder.levers:
        assert (lever in counted) != (
            lever in missing.split(": ", 1)[-1].rstrip(".").split(", ")
        ), lever
    assert all(lv.entries for lv in case.levers if lv.name in counted)
    # No worse, unchanged or weak entry answers an objection or is cited as reach.
    for objection in docs.brief.objections:
        assert not {e.split()[0] for e in objection.evidence} & weak, objection.objection
    assert not {ev.ref for ev in case.reach} & weak
    assert "not yet shown" not in " ".join(packet.signals + packet.gaps), lines
    # The value proposition names only levers the packet shows.
    benefits = case.ladder.plan.lever_benefits
    for lever, benefit in benefits.items():
        if benefit in packet.value_proposition:
            assert lever in counted, lever
    # The calibration's strong count never counts a setback.
    strong = sum(ev.score >= 70 and not ev.setback for ev in case.evidence)
    row = next(r for r in _calibration() if r.person_id == person_id)
    assert row.strong == strong


# --- 4. dates ---


@pytest.mark.parametrize(
    "text, meeting, expect",
    [
        ("we need her until March", dt.date(2026, 10, 9), dt.date(2027, 3, 31)),
        ("a successor in place by December", dt.date(2026, 10, 9), dt.date(2026, 12, 31)),
        ("revisit after the Q2 launch", dt.date(2026, 11, 2), dt.date(2027, 6, 30)),
        ("talk again next year", dt.date(2026, 10, 9), dt.date(2027, 1, 1)),
        ("revisit in two quarters", dt.date(2026, 10, 8), dt.date(2027, 4, 8)),
        ("look again mid-2027", dt.date(2026, 10, 9), dt.date(2027, 6, 30)),
        ("until March", dt.date(2027, 4, 2), dt.date(2028, 3, 31)),  # the next March
        ("she may move later", dt.date(2026, 10, 9), None),  # "may" is not a month
    ],
)
def test_horizons_are_read_with_a_date_library(text, meeting, expect):
    found = horizon(text, meeting, letters(RULES))
    assert (found.date if found else None) == expect


def test_a_handover_or_checkpoint_is_never_before_the_horizon():
    for _, (_bundle, docs) in documents().items():
        found = docs.case.horizon
        if found is None:
            continue
        for letter in docs.letters:
            if letter.context.meeting.outcome in ("needed here now", "not yet"):
                text = letter.context.next_step
                assert f"{found.date.day} {found.date:%B %Y}" in text, text
    nadia = documents()["nadia.haddad"][1]
    assert "Handover complete by 31 May 2027." in nadia.packet.plan.meetings[0].checkpoint


def test_a_date_past_when_built_is_said_to_have_passed():
    nadia = documents()["nadia.haddad"][1]
    assert "16 November 2026, which has passed (compiled 2 December 2026)" in " ".join(
        nadia.brief.notes
    )
    row = next(r for r in _calibration() if r.person_id == "lena.fischer")
    assert row.next_checkpoint == ""  # no meeting with her manager
    ana = next(r for r in _calibration() if r.person_id == "ana.ruiz")
    assert ana.next_checkpoint == "20 October 2026 (passed)"


# --- 5. letters keep the meeting ---


def test_letters_quote_what_no_rule_restates_and_never_say_a_generic_line():
    for person_id, (_, docs) in documents().items():
        for letter in docs.letters:
            body = letter.context.discussed
            assert "a few other points" not in body
            for clause in letter.context.not_restated:
                assert f"“{clause}”" in body, (person_id, clause)
            assert "from me before the move" not in body or "successor" not in body


def test_a_letter_to_someone_else_restates_only_what_was_said_with_them():
    owen = documents()["owen.price"][1]
    rita = next(d.context for d in owen.letters if d.context.meeting.with_name == "Rita Gomez")
    assert not rita.earlier and "ledger" not in " ".join(rita.agreed)


def test_the_letter_cites_the_entry_that_answers_the_concern():
    ben = documents()["ben.okafor"][1]
    (priya,) = [d.context for d in ben.letters]
    assert "experiments per month" in priya.achievement  # cross-team influence (E4)
    # Chen only worked on CI/CD for models (E3, lever 'Push improvements widely'): taking part is
    # no evidence of the lever, so it no longer answers 'cross-org influence'; the letter cites
    # his strongest relevant result instead.
    chen = documents()["chen.li"][1]
    marcus = next(d.context for d in chen.letters if d.context.meeting.with_name == "Marcus Webb")
    assert "deploys per month" not in marcus.achievement
    assert "fraud recall" in marcus.achievement


def test_letters_speak_in_the_first_person_outside_quotes():
    for person_id, (bundle, docs) in documents().items():
        first = bundle.person.name.split()[0]
        for letter in docs.letters:
            said = unquoted(letter.context.discussed + " " + letter.context.next_step)
            assert first not in said, (person_id, said)


# --- 6. level and track wording; whose meetings the committee sees ---


def test_staff_and_principal_never_lead_the_team_lead_levels_do():
    for person_id in NEW_PEOPLE:
        _, docs = documents()[person_id]
        lead = docs.case.ladder.leads_team
        assert ("would lead the" in docs.packet.value_proposition) == lead, person_id
    assert not documents()["owen.price"][1].case.ladder.leads_team  # Staff


def test_a_change_of_track_is_said_and_prepared():
    ravi = documents()["ravi.menon"][1]
    assert ravi.case.track_change == ("Software engineering (backend / platform)", "ML engineering")
    assert "change of track" in ravi.packet.case
    assert any("Moving from Software engineering" in o.objection for o in ravi.brief.objections)
    mei = documents()["mei.tanaka"][1]
    assert mei.case.track_change is None


def test_only_the_line_managers_meetings_reach_the_packet_unless_a_setting_adds_them():
    bundle, owen = documents()["owen.price"]
    headings = [m.heading for m in owen.packet.plan.meetings]
    assert len(headings) == 1 and "Sofia Marin" in headings[0]
    everyone = person_documents(
        bundle, SETTINGS.model_copy(update={"packet_all_meetings": True}), today=BUILT
    )
    assert [m.heading.split(" · ")[1].split(",")[0] for m in everyone.packet.plan.meetings] == [
        "Rita Gomez",
        "Sofia Marin",
    ]


def test_no_concern_open_says_whose_meetings_when_others_raised_one():
    """Lena met only another team's head and Owen met one too: their concerns are in the brief,
    so the overall line (packet and brief) says it speaks for the line manager's meetings."""
    docs = documents()
    for person_id in ("lena.fischer", "owen.price"):
        _, made = docs[person_id]
        assert made.brief.gaps, person_id  # the other meeting's concern, carried in the brief
        assert made.packet.overall.endswith("no concern open from the line manager."), (
            made.packet.overall
        )
    _, ana = docs["ana.ruiz"]  # met only her line manager: the plain words
    assert "from the line manager" not in ana.packet.overall
