"""Follow-up letters read as the manager receiving them would: first person, nothing pasted,
a next step and date that fit the outcome, one real result, every meeting on record."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from promopacket.assemble import assemble_letter
from promopacket.assemble.letter_rules import letters
from promopacket.assemble.letter_text import copied_run, unquoted
from promopacket.build.person import build_person, letter_names
from promopacket.core.models import Meeting, Person, PersonBundle, Source
from promopacket.render.docx import render_docx
from promopacket.rewrite import rewrite_all
from promopacket.rewrite.loading import cached_rules
from promopacket.run.workbooks import load_and_validate, person_bundles
from promopacket.settings import Settings
from tests.example_docs import EXAMPLE, TODAY, example_bundles
from tests.rewrite.examples import example_achievement

SETTINGS = Settings()
RULES = cached_rules(SETTINGS.rules_dir, SETTINGS.user_rules_dir)
RULES_LETTERS = letters(SETTINGS.rules_dir)
SIGN_OFF = "Kind regards,"
DATE = re.compile(
    r"\b(\d{1,2} (?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December) \d{4})\b"
)


def _body(letter_text: str) -> str:
    """What the sender says: from the greeting to the sign-off (not the address or signature)."""
    start = letter_text.index("Dear ")
    return letter_text[start : letter_text.index(SIGN_OFF)]


def _paragraphs(path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs if p.text.strip())


def _dates(text: str) -> list[dt.date]:
    return [dt.datetime.strptime(d, "%d %B %Y").date() for d in DATE.findall(text)]


@pytest.fixture(scope="module")
def example_letters(tmp_path_factory):
    """Every example meeting's letter, rendered: (bundle, meeting, text of the .docx)."""
    out = tmp_path_factory.mktemp("letters")
    letters = []
    for bundle in example_bundles():
        statements = rewrite_all(bundle.achievements, RULES)
        for meeting, name in zip(bundle.meetings, letter_names(bundle.meetings), strict=True):
            context = assemble_letter(bundle, meeting, statements, SETTINGS.rules_dir)
            path = render_docx(SETTINGS.templates_dir / "follow_up.docx", context, out / name)
            letters.append((bundle, meeting, _paragraphs(path), statements))
    return letters


def test_every_meeting_row_gets_its_letter(example_letters):
    rows = load_workbook(EXAMPLE, read_only=True)["Meetings"].max_row - 1
    assert len(example_letters) == rows
    assert {m.outcome for _, m, _, _ in example_letters} == {
        "development plan",
        "not yet",
        "needed here now",
        "vague",
    }


def test_letters_never_speak_of_the_candidate_by_name(example_letters):
    for bundle, meeting, text, _ in example_letters:
        body = _body(text)
        for name in {bundle.person.name, *bundle.person.name.split()}:
            assert not re.search(rf"\b{re.escape(name)}\b", body), (meeting.source.row, name)
        assert text.rstrip().splitlines()[-2] == bundle.person.name  # signed by the candidate


def test_letters_greet_by_first_name(example_letters):
    for _, meeting, text, _ in example_letters:
        assert f"Dear {meeting.with_name.split()[0]}," in text.splitlines()


def test_letters_copy_no_more_than_eight_words_of_the_notes(example_letters):
    for _, meeting, text, _ in example_letters:
        assert copied_run(meeting.key_points, _body(text)) <= 8, meeting.source.row


def test_letters_restate_every_key_point(example_letters):
    """The example's notes are all said in the letter's voice (no catch-all sentence)."""
    for _, meeting, text, _ in example_letters:
        assert "a few other points" not in text, meeting.source.row
        assert "“" not in _body(text), meeting.source.row  # every clause said in their voice


def test_letters_cite_one_improved_result_never_a_worsened_one(example_letters):
    for _, meeting, text, statements in example_letters:
        cited = [s for s in statements if s.text.rstrip(".")[1:] in text]
        assert len(cited) == 1, meeting.source.row
        assert cited[0].direction == "improved"
    chen = next(t for b, m, t, _ in example_letters if m.outcome == "needed here now")
    assert "rose from $18 to $21" not in chen and "61% → 74%" in chen  # relevant: the fraud model


def test_a_letter_to_someone_else_restates_only_what_was_said_with_them(example_letters):
    chen = [(m, t) for b, m, t, _ in example_letters if b.person.person_id == "chen.li"]
    (first, first_text), (later, later_text) = sorted(chen, key=lambda mt: mt[0].date)
    assert "We will agree a handover plan for the scoring service." in first_text
    assert later.with_name != first.with_name
    assert "handover plan" not in later_text and first.with_name not in later_text


def test_a_later_letter_to_the_same_person_keeps_the_earlier_commitments():
    bundle, first = _letter_bundle("needed here now", "Busy quarter ahead", "Agree a handover plan")
    later = first.model_copy(
        update={"date": first.date + dt.timedelta(days=30), "commitments": None}
    )
    bundle = bundle.model_copy(update={"meetings": [first, later]})
    letter = assemble_letter(bundle, later, [], SETTINGS.rules_dir)
    assert letter.earlier and letter.earlier[0].commitments == ["We will agree a handover plan."]


def test_the_vague_letter_asks_one_thing_and_names_the_opening(example_letters):
    _, meeting, text, _ = next(x for x in example_letters if x[1].outcome == "vague")
    assert "Lead opening on the platform team" in text  # the notes mention it
    assert "want to see from me for that role?" in text
    assert "get to know the platform team" in text  # a relationship with the target team
    assert _body(text).count("?") == 1  # one concrete ask


# --- the date fits the outcome ---


def _letter(outcome, key_points="Good conversation", commitments=None, follow_up=None, **kw):
    statements = kw.pop("statements", [])
    bundle, meeting = _letter_bundle(outcome, key_points, commitments, follow_up, **kw)
    return meeting, assemble_letter(bundle, meeting, statements, SETTINGS.rules_dir)


def _letter_bundle(outcome, key_points="Good conversation", commitments=None, follow_up=None, **kw):
    person = Person(
        person_id="pat",
        name="Pat Doe",
        current_title="Senior ML Engineer",
        target_title="Lead ML Engineer",
        team="Search",
        manager_name="Sam Roe",
        source=Source(sheet="People", row=2),
    )
    meeting = Meeting(
        person_id="pat",
        date=kw.pop("date", dt.date(2026, 10, 6)),  # a Tuesday
        with_name=kw.pop("with_name", "Sam Roe"),
        outcome=outcome,
        key_points=key_points,
        commitments=commitments,
        follow_up_date=follow_up,
        source=Source(sheet="Meetings", row=2),
        **kw,
    )
    return PersonBundle(workbook="w.xlsx", person=person, meetings=[meeting]), meeting


def _proposed(meeting, letter) -> dt.date:
    return dt.datetime.strptime(letter.follow_up_date, "%d %B %Y").date()


def test_development_plan_proposes_milestones_soon_and_a_checkpoint_a_quarter_on():
    meeting, letter = _letter("development plan", "Wants more evidence of delegation")
    settle, checkpoint = _dates(letter.next_step)
    assert _proposed(meeting, letter) == settle
    assert 7 <= (settle - meeting.date).days <= 28
    assert 80 <= (checkpoint - settle).days <= 100
    assert "milestones, starting with delegation" in letter.next_step


def test_not_yet_checks_in_at_the_agreed_horizon_default_two_quarters():
    meeting, letter = _letter("not yet", "Needs more stakeholder influence")
    assert 175 <= (_proposed(meeting, letter) - meeting.date).days <= 190
    assert "two quarters" in letter.next_step
    meeting, letter = _letter("not yet", "Revisit in three months")
    assert 88 <= (_proposed(meeting, letter) - meeting.date).days <= 95
    assert "revisit this in three months" in letter.next_step
    assert "a week" not in letter.next_step and "7 days" not in letter.next_step


def test_needed_here_now_proposes_a_handover_ending_at_the_horizon():
    meeting, letter = _letter("needed here now", "Pat is critical to the Q4 launch until year end")
    agree, done = _dates(letter.next_step)
    assert _proposed(meeting, letter) == agree and done == dt.date(2026, 12, 31)
    assert "handover timeline" in letter.next_step and agree < done


def test_vague_makes_one_ask_within_weeks_and_names_no_opening_it_was_not_told():
    meeting, letter = _letter("vague", "Non-committal")
    assert 7 <= (_proposed(meeting, letter) - meeting.date).days <= 21
    assert letter.next_step.count("?") == 1 and "opening" not in letter.next_step
    assert "the teams I would work with as Lead ML Engineer" in letter.next_step


def test_a_weekend_date_moves_to_monday_and_a_given_date_is_kept():
    meeting, letter = _letter("vague", date=dt.date(2026, 10, 10))  # Saturday + 14 = Saturday
    assert _proposed(meeting, letter).weekday() == 0 and letter.letter_date == "12 October 2026"
    given = dt.date(2026, 10, 31)  # a Saturday, agreed in the meeting: kept as written
    meeting, letter = _letter("vague", follow_up=given)
    assert _proposed(meeting, letter) == given


# --- what the letter says ---


def test_greeting_override_and_titles():
    _, letter = _letter("vague", with_name="Dr. Dana Kim")
    assert letter.greeting == "Dr Kim"
    _, letter = _letter("vague", with_name="Dana Kim", greeting="Professor Kim")
    assert letter.greeting == "Professor Kim"


def test_commitments_become_first_person_bullets():
    _, letter = _letter(
        "development plan",
        commitments="Pat to mentor two engineers; Sam to add Pat to the staffing review; "
        "Lee to share Pat's design doc",
    )
    assert letter.agreed == [
        "I will mentor two engineers.",
        "You kindly agreed to add me to the staffing review.",
        "Lee will share my design doc.",
    ]


def test_a_note_no_rule_restates_is_quoted_word_for_word_never_replaced(tmp_path):
    note = "The quarterly roadmap review surfaced a dependency on the vendor contract renewal"
    _, letter = _letter("not yet", f"Needs more delegation; {note}")
    assert letter.not_restated == [note]
    assert f"“{note}”" in letter.discussed and "a few other points" not in letter.discussed
    assert copied_run(note, unquoted(letter.discussed + letter.next_step)) <= 8


def test_a_long_captured_phrase_is_not_pasted():
    """A rule that would copy more than eight words of the note is not used."""
    long = "wants more evidence of developing others across the three squads in the wider org"
    _, letter = _letter("development plan", long)
    assert copied_run(long, unquoted(letter.discussed + letter.next_step)) <= 8
    assert letter.not_restated == [long] and f"“{long}”" in letter.discussed


def test_no_improved_result_means_no_achievement_sentence():
    worse = example_achievement(
        dict(
            statement="Worked on cost",
            metric="cost",
            baseline=18,
            result=21,
            unit="$",
            better="lower",
        )
    )
    statements = rewrite_all([worse], RULES)
    assert statements[0].direction == "worsened"
    _, letter = _letter("vague", statements=statements)
    assert letter.achievement is None


def test_unrestated_notes_are_a_word_comment_for_the_sender(tmp_path):
    """End to end: the comment names the Meetings row and the clause; the body does not."""
    bundle = next(b for b in example_bundles() if b.person.person_id == "ben.okafor")
    meeting = bundle.meetings[0].model_copy(
        update={"key_points": "Strong modelling; the offsite agenda was reshuffled twice"}
    )
    bundle = bundle.model_copy(update={"meetings": [meeting]})
    result = build_person(bundle, tmp_path, Settings(outputs_dir=tmp_path), today=TODAY)
    letter = Document(next(f for f in result.files if "follow-up" in f))
    comments = [c.text for c in letter.comments]
    assert len(comments) == 1 and "the offsite agenda was reshuffled twice" in comments[0]
    assert f"Meetings row {meeting.source.row}" in comments[0]
    assert "“the offsite agenda was reshuffled twice”" in _paragraphs_of(letter)


def _paragraphs_of(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_greeting_column_in_a_workbook(tmp_path):
    """The optional Meetings.greeting column is read, validated as text and used."""
    wb = load_workbook(EXAMPLE)
    ws = wb["Meetings"]
    headers = [str(c.value or "").lower() for c in ws[1]]
    column = headers.index("greeting") + 1 if "greeting" in headers else ws.max_column + 1
    ws.cell(row=1, column=column, value="Greeting")
    ws.cell(row=2, column=column, value="Ms Nair")
    path = tmp_path / "greet.xlsx"
    wb.save(path)
    data = load_and_validate(path, SETTINGS)
    bundle = next(b for b in person_bundles(data) if b.meetings and b.meetings[0].greeting)
    letter = assemble_letter(bundle, bundle.meetings[0], [], SETTINGS.rules_dir)
    assert letter.greeting == "Ms Nair"


# --- properties: whatever the notes say, nothing pasted and nobody in the third person ---

NOTE_WORDS = st.sampled_from(
    "Pat Pat's Sam needs wants more evidence of is critical to the migration until year end "
    "gaps in hiring strong modelling discussed a Lead opening on platform team no commitment "
    "revisit in 6 months delegation influence cross-team visible developing others and".split()
)
NOTES = st.lists(
    st.lists(NOTE_WORDS, min_size=1, max_size=16).map(" ".join), min_size=1, max_size=4
).map("; ".join)


@given(key_points=NOTES, outcome=st.sampled_from(list(RULES_LETTERS.outcomes)))
@settings(max_examples=150, deadline=None)
def test_any_notes_give_a_first_person_letter_that_copies_at_most_eight_words(key_points, outcome):
    _, letter = _letter(outcome, key_points)
    said = " ".join(
        [letter.subject, letter.thanks, letter.discussed, letter.next_step, letter.closing]
    )
    assert copied_run(key_points, unquoted(said)) <= 8  # quotes are the manager's own words
    assert not re.search(r"\bPat\b", unquoted(said))
