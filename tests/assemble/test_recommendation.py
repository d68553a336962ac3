"""People.recommendation and months_in_level: the manager's own words open the packet (quoted,
attributed, never extended), the cover shows time in role and level, and a bad months_in_level
is located advice that leaves the value out."""

from __future__ import annotations

import datetime as dt

import openpyxl
from docx import Document
from openpyxl.utils import get_column_letter

from promopacket.assemble import assemble_packet
from promopacket.read.workbook import read_workbook
from promopacket.render.docx import render_docx
from promopacket.rewrite import load_rules, rewrite_all
from promopacket.validate.records import validate_workbook
from tests.conftest import achievement, person, team
from tests.example_docs import example_bundle

TODAY = dt.date(2026, 11, 23)
WORDS = "Ana already runs the ranking guild; the Lead title matches the work she does {{ 7*7 }}."


def _rendered(bundle, settings, tmp_path):
    statements = rewrite_all(bundle.achievements, load_rules(settings.rules_dir))
    context = assemble_packet(bundle, statements, TODAY, settings.rules_dir)
    out = render_docx(settings.templates_dir / "packet.docx", context, tmp_path / "p.docx")
    return context, [p.text for p in Document(out).paragraphs]


def test_the_managers_words_open_the_packet_and_the_cover_shows_time(settings, tmp_path):
    base = example_bundle("ana.ruiz")
    who = base.person.model_copy(
        update={"recommendation": WORDS, "tenure_months": 30, "months_in_level": 18}
    )
    context, paragraphs = _rendered(base.model_copy(update={"person": who}), settings, tmp_path)
    cover = next(p for p in paragraphs if p.startswith(who.current_title))
    assert "30 months in role · 18 months at level" in cover
    opening = paragraphs[paragraphs.index("Summary") + 1]
    assert opening.startswith(context.case)
    # Quoted verbatim, the template text inside stays literal, attributed to the manager.
    assert opening.endswith(f"{who.manager_name}, the manager, recommends: “{WORDS}”")


def test_no_recommendation_is_said_plainly_and_no_time_is_made_up(settings, tmp_path):
    base = example_bundle("ana.ruiz")
    who = base.person.model_copy(
        update={"recommendation": None, "tenure_months": None, "months_in_level": None}
    )
    _, paragraphs = _rendered(base.model_copy(update={"person": who}), settings, tmp_path)
    opening = paragraphs[paragraphs.index("Summary") + 1]
    assert opening.endswith("No recommendation from the manager is recorded in the workbook.")
    assert "recommends" not in opening
    cover = next(p for p in paragraphs if p.startswith(who.current_title))
    assert "months in role" not in cover and "months at level" not in cover


def test_months_in_level_beyond_tenure_or_negative_is_located_advice(make_workbook, settings):
    path = make_workbook(
        {
            "People": [
                person(person_id="a", tenure_months=12, months_in_level=20),
                person(person_id="b", tenure_months=30, months_in_level=-3),
                person(person_id="c", tenure_months=30, months_in_level=18, recommendation=WORDS),
                person(person_id="d", months_in_level="a year"),
            ],
            "Achievements": [achievement(person_id=p) for p in "abcd"],
            "Team": [team()],
        }
    )
    data = validate_workbook(read_workbook(path, settings), settings)
    by_id = {p.person_id: p for p in data.people}
    assert set(by_id) == {"a", "b", "c", "d"}  # advice: every person kept
    assert [by_id[p].months_in_level for p in "abcd"] == [None, None, 18, None]
    assert by_id["c"].recommendation == WORDS
    header = [c.value for c in openpyxl.load_workbook(path)["People"][1]]
    letter = get_column_letter(header.index("months_in_level") + 1)
    located = {(p.cell, p.code): p for p in data.problems if p.column == "months_in_level"}
    over = located[(f"People!{letter}2", "level_months_over_tenure")]
    assert over.severity == "advice" and "tenure_months is 12" in over.message
    assert over.fix == "Correct one of the two: months_in_level at most tenure_months."
    negative = located[(f"People!{letter}3", "level_months_negative")]
    assert negative.value == "-3" and negative.severity == "advice"
    not_a_number = [p for (cell, _), p in located.items() if cell == f"People!{letter}5"]
    assert [p.severity for p in not_a_number] == ["advice"]
    assert len(located) == 3  # nothing on c's valid 18 months
