"""Attributed quotes (the Feedback sheet) on one realistic person per ladder: which quotes the
packet shows and why, what the brief lists, and that a quote is never a measured result — with
and without the Feedback rows, every count, signal, gap, coverage and statement is the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from promopacket.assemble import feedback as quotes
from promopacket.assemble import rules as rule_files
from promopacket.build.person import person_documents
from promopacket.read.writer import write_input_workbook
from promopacket.run.workbooks import load_and_validate, person_bundles
from promopacket.settings import Settings
from tests.profiles.people import FEEDBACK, PEOPLE, sheets_for

SETTINGS = Settings()
TODAY = dt.date(2026, 10, 20)
RULES = rule_files.feedback_wording(SETTINGS.rules_dir)
LADDERS = sorted(PEOPLE)


@pytest.fixture(scope="module")
def ladders(tmp_path_factory):
    """profile → (bundle, documents with feedback, documents of the same rows without it)."""
    root = tmp_path_factory.mktemp("feedback")
    found = {}
    for name in LADDERS:
        path = write_input_workbook(root / f"{name}.xlsx", sheets_for(name))
        data = load_and_validate(path, SETTINGS)
        assert not [p for p in data.problems if p.sheet == "Feedback"], name
        (bundle,) = person_bundles(data)
        assert len(bundle.feedback) == len(FEEDBACK[name])
        bare = bundle.model_copy(update={"feedback": []})
        found[name] = (
            bundle,
            person_documents(bundle, SETTINGS, today=TODAY),
            person_documents(bare, SETTINGS, today=TODAY),
        )
    return found


@pytest.mark.parametrize("name", LADDERS)
def test_feedback_changes_no_count_signal_gap_statement_or_coverage(ladders, name):
    _, with_quotes, without = ladders[name]
    a, b = with_quotes.packet, without.packet
    for field in ("overall", "case", "signals", "gaps", "highlights", "appendix", "plan"):
        assert getattr(a, field) == getattr(b, field), field
    assert [s.text for s in with_quotes.statements] == [s.text for s in without.statements]
    assert [(x.expectation, x.evidence, x.shown, x.note) for x in a.expectations] == [
        (x.expectation, x.evidence, x.shown, x.note) for x in b.expectations
    ]
    shown = {c.expectation: c.shown for c in without.case.coverage}
    for row in with_quotes.case.coverage:
        assert row.shown == shown[row.expectation]  # a quote never makes it shown
        assert row.level == ("feedback" if row.feedback and not row.shown else row.level)
    assert not b.quotes and b.quotes_intro is None and not without.brief.feedback


@pytest.mark.parametrize("name", LADDERS)
def test_the_packet_shows_up_to_three_quotes_concern_answers_first(ladders, name):
    bundle, docs, _ = ladders[name]
    packet, case = docs.packet, docs.case
    assert 1 <= len(packet.quotes) <= 3
    assert packet.quotes_intro and "not measured results" in packet.quotes_intro
    chosen, _ = quotes.packet_choice(list(case.quotes), bundle.person, RULES)
    assert len({q.item.from_name for q in chosen}) == len(chosen)  # one quote per author
    # The first row of each ladder answers the line manager's concern; it leads the packet.
    first = FEEDBACK[name][0]
    assert chosen[0].item.quote == first["quote"] and chosen[0].packet_concern
    manager = bundle.person.manager_name
    assert any(c.meeting.with_name == manager for c in chosen[0].answers)
    assert packet.quotes[0].startswith(f"“{first['quote']}” — {first['from_name']}")
    assert packet.quotes[0].endswith(f"{first['relationship']}, {first['date']:%B %Y}")
    # Attributed: name, role when given, relationship, month and year.
    for line, quote in zip(packet.quotes, chosen, strict=True):
        item = quote.item
        role = f", {item.from_role}" if item.from_role else ""
        assert line.endswith(f" — {item.from_name}{role}, {item.relationship}, {item.date:%B %Y}")


@pytest.mark.parametrize("name", LADDERS)
def test_a_long_quote_is_cut_at_a_word_boundary_in_the_packet_and_whole_in_the_brief(ladders, name):
    _, docs, _ = ladders[name]
    long_rows = [r for r in FEEDBACK[name] if len(r["quote"]) > RULES.packet_chars]
    assert long_rows  # each ladder has one
    brief_lines = [f.quote for f in docs.brief.feedback]
    for row in long_rows:
        assert any(f"“{row['quote']}”" in line for line in brief_lines)  # whole, word for word
        shown = [q for q in docs.packet.quotes if q.endswith(f"{row['date']:%B %Y}")]
        for line in shown:
            words = line[1 : line.index("” — ")]
            assert words.endswith("…") and len(words) <= RULES.packet_chars
            kept = words.removesuffix("…").rstrip()
            assert row["quote"].startswith(kept)
            assert row["quote"][len(kept)] in " ,;:"  # the cut falls between words


@pytest.mark.parametrize("name", LADDERS)
def test_the_brief_lists_every_quote_with_what_it_answers_and_the_packets_use(ladders, name):
    bundle, docs, _ = ladders[name]
    listed = docs.brief.feedback
    assert docs.brief.feedback_intro
    assert len(listed) == len(bundle.feedback)
    cells = [f.cell for f in listed]
    assert cells == [f"Feedback!F{r.source.row}" for r in bundle.feedback]
    notes = [" ".join(f.notes) for f in listed]
    manager = bundle.person.manager_name
    assert f"Answers {manager}'s concern" in notes[0]
    in_packet = sum("In the packet" in n for n in notes)
    assert in_packet == len(docs.packet.quotes)
    for n in notes:  # every quote says whether the packet shows it, and if not, why
        assert "In the packet" in n or "Not in the packet" in n
    # The manager's concern objection cites the quote that answers it, marked as feedback.
    answered = [
        o
        for o in docs.brief.objections
        if manager in o.objection
        and any(e.startswith("Feedback, not a measured result: “") for e in o.evidence)
    ]
    assert answered and all(o.objection.startswith(f"{manager} said on") for o in answered)


@pytest.mark.parametrize("name", LADDERS)
def test_the_evidence_table_and_reach_name_quotes_as_feedback(ladders, name):
    bundle, docs, _ = ladders[name]
    packet = docs.packet
    noted = [x for x in packet.expectations if x.feedback]
    named = {r["expectation"] for r in FEEDBACK[name] if r.get("expectation")}
    assert len(noted) == len(named)
    for row in noted:
        assert row.feedback.startswith("Feedback (a quote, not a measured result): ")
    reach = [x for x in packet.leadership if x.startswith("Influence beyond the team")]
    wide = {r["from_name"] for r in FEEDBACK[name] if r["relationship"] in RULES.beyond_team}
    assert len(reach) == (1 if wide else 0)
    assert all(author in reach[0] for author in wide)


def test_a_manager_quote_stays_out_of_the_packet_when_the_recommendation_speaks(ladders):
    bundle, _, _ = ladders["ml-engineering"]
    manager_row = next(r for r in FEEDBACK["ml-engineering"] if r["relationship"] == "manager")
    row = next(f.source.row for f in bundle.feedback if f.quote == manager_row["quote"])

    def choice(recommendation):
        person = bundle.person.model_copy(update={"recommendation": recommendation})
        case = person_documents(
            bundle.model_copy(update={"person": person}), SETTINGS, today=TODAY
        ).case
        return quotes.packet_choice(list(case.quotes), person, RULES)

    # With no recommendation recorded, the manager's quote is not ruled out for that reason.
    _, why_silent = choice(None)
    assert why_silent.get(row) != RULES.words["manager_voice"]
    # With the manager's own words on the cover, their quote stays out of the packet.
    chosen, why = choice("Ready now.")
    assert manager_row["quote"] not in [q.item.quote for q in chosen]
    assert why[row] == RULES.words["manager_voice"]


def test_a_quote_for_an_uncovered_expectation_comes_before_general_feedback(tmp_path):
    sheets = sheets_for("software-engineering")
    sheets["Feedback"] = [
        dict(sheets["Feedback"][3], quote="General words.", date=dt.date(2026, 10, 1)),
        dict(sheets["Feedback"][1], from_name="Kai Ono"),  # names 'communication'
    ]
    data = load_and_validate(write_input_workbook(tmp_path / "b.xlsx", sheets), SETTINGS)
    (bundle,) = person_bundles(data)
    docs = person_documents(bundle, SETTINGS, today=TODAY)
    found = {q.item.from_name: q for q in docs.case.quotes}
    assert found["Kai Ono"].uncovered and found["Kai Ono"].tier == 1
    assert found["Mia Lopez"].tier == 3
    assert docs.packet.quotes[0].startswith(f"“{found['Kai Ono'].item.quote}”")


def test_an_expectation_the_profile_lacks_is_advice_and_the_quote_is_general(tmp_path):
    sheets = sheets_for("sre")
    sheets["Feedback"] = [dict(sheets["Feedback"][0], expectation="Model governance")]
    data = load_and_validate(write_input_workbook(tmp_path / "b.xlsx", sheets), SETTINGS)
    (problem,) = [p for p in data.problems if p.sheet == "Feedback"]
    assert (problem.code, problem.severity, problem.cell) == (
        "not_in_profile",
        "advice",
        "Feedback!G2",
    )
    assert "Mentoring and on-call health" in problem.fix  # the profile's labels are the fix
    (item,) = data.feedback
    assert item.expectation is None  # kept, as general feedback


def test_an_expectation_by_label_is_stored_as_its_id(tmp_path):
    sheets = sheets_for("ml-engineering")
    data = load_and_validate(write_input_workbook(tmp_path / "b.xlsx", sheets), SETTINGS)
    by_name = {f.from_name: f.expectation for f in data.feedback}
    assert by_name["Rosa Diaz"] == "communication"  # typed as its label
    assert by_name["Tiago Costa"] == "team-leadership"
    assert by_name["Tom Becker"] is None


@given(st.text(alphabet=st.sampled_from("abc de,;.!?\u00a0xyz"), max_size=400))
def test_shorten_never_changes_a_word(text):
    limit = 60
    out = quotes.shorten(text, limit)
    flat = " ".join(text.split())
    if out == flat:
        return  # it fitted (or was one unbreakable word)
    assert out.endswith(quotes.ELLIPSIS) and len(out) <= limit
    kept = out.removesuffix(quotes.ELLIPSIS).rstrip()
    assert kept and flat.startswith(kept)
    assert flat[len(kept)] in quotes._TRAILING  # the cut falls between words


def test_unquoted_drops_only_one_enclosing_pair():
    assert quotes.unquoted("“Great reviews.”") == "Great reviews."
    assert quotes.unquoted('"Great" and "fast"') == '"Great" and "fast"'
    assert quotes.unquoted("She said “yes”") == "She said “yes”"


def test_example_workbook_shows_the_feature(tmp_path):
    """make demo: every example person has quotes; Chen's manager quote stays in the brief."""
    from tests.conftest import EXAMPLE

    data = load_and_validate(Path(EXAMPLE), SETTINGS)
    assert data.counts["Feedback"].used == data.counts["Feedback"].read == 7
    for bundle in person_bundles(data):
        docs = person_documents(bundle, SETTINGS, today=TODAY)
        assert docs.packet.quotes and len(docs.brief.feedback) == len(bundle.feedback)
        if bundle.person.person_id == "chen.li":
            assert not any("Marcus Webb" in q for q in docs.packet.quotes)
            assert any("Marcus Webb" in f.quote for f in docs.brief.feedback)
