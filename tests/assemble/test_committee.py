"""The packet read as a committee reads it: rendered by LibreOffice, counted in pages, and
checked for what a committee must never see (coaching, repetition, a setback as a highlight,
a manager's concern left out)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from promopacket.assemble import assemble_packet, build_case
from promopacket.assemble.readiness import concern_clauses
from promopacket.assemble.rules import readiness as readiness_rules
from promopacket.build.person import build_person
from promopacket.render import pdf
from promopacket.render.docx import render_docx
from promopacket.rewrite import load_rules, rewrite_all
from promopacket.settings import Settings
from tests.docx_text import text_dump
from tests.example_docs import TODAY, example_bundle, example_bundles

SETTINGS = Settings()
CANDIDATE_WORDS = re.compile(r"question|prepare|score|premium senior", re.IGNORECASE)
needs_office = pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice not installed")


@pytest.fixture(scope="module")
def packets(tmp_path_factory) -> dict[str, tuple[Path, list]]:
    out = tmp_path_factory.mktemp("committee")
    settings = Settings(outputs_dir=out)
    built = {}
    for bundle in example_bundles():
        result = build_person(bundle, out, settings, today=TODAY)
        packet = next(Path(f) for f in result.files if f.endswith("packet.docx"))
        built[bundle.person.person_id] = (packet, rewrite_all(bundle.achievements, _rules()))
    return built


def _rules():
    return load_rules(SETTINGS.rules_dir)


def _section(dump: str, heading: str) -> str:
    """The dump's lines under one Heading 1, up to the next."""
    after = dump.split(f"# {heading}\n", 1)[1]
    return re.split(r"^# ", after, maxsplit=1, flags=re.MULTILINE)[0]


@needs_office
def test_every_example_packet_is_at_most_three_pages(packets, tmp_path):
    for person_id, (packet, _) in packets.items():
        (converted,) = pdf.convert_to_pdf([packet], tmp_path / person_id)
        pages = pdf.page_count(converted)
        assert 1 <= pages <= 3, f"{person_id}: {pages} pages"


@needs_office
def test_fifteen_entries_fit_three_pages_before_the_appendix(tmp_path):
    """The issue's bound: up to 15 entries in ≤ 3 pages, plus one appendix."""
    ana, ben = example_bundle("ana.ruiz"), example_bundle("ben.okafor")
    moved = [a.model_copy(update={"person_id": "ana.ruiz"}) for a in ben.achievements[:7]]
    bundle = ana.model_copy(update={"achievements": ana.achievements + moved})
    assert len(bundle.achievements) == 15
    statements = rewrite_all(bundle.achievements, _rules())
    context = assemble_packet(bundle, statements, TODAY, SETTINGS.rules_dir)
    body = context.model_copy(update={"appendix": []})
    template = SETTINGS.templates_dir / "packet.docx"
    files = [
        render_docx(template, context, tmp_path / "whole" / "packet.docx"),
        render_docx(template, body, tmp_path / "body" / "packet.docx"),
    ]
    whole, before_appendix = (pdf.page_count(p) for p in pdf.convert_to_pdf(files))
    assert before_appendix <= 3, before_appendix
    assert whole <= before_appendix + 2, whole  # the appendix: 15 rows, one or two pages


@needs_office
def test_fifteen_entries_and_three_long_quotes_fit_three_pages_before_the_appendix(tmp_path):
    """The worst case with Feedback: 15 entries, and three quotes at the 1,000-character cap
    from three people (the packet cuts each at a word boundary)."""
    ana, ben = example_bundle("ana.ruiz"), example_bundle("ben.okafor")
    moved = [a.model_copy(update={"person_id": "ana.ruiz"}) for a in ben.achievements[:7]]
    words = "Ana reviewed every ranking change with us and explained each trade-off plainly. "
    long_quote = (words * 13)[:1000].rsplit(" ", 1)[0]
    quotes = [
        q.model_copy(update={"quote": long_quote, "from_name": f"{q.from_name} {i}"})
        for i, q in enumerate(ana.feedback + ben.feedback[:1])
    ]
    bundle = ana.model_copy(update={"achievements": ana.achievements + moved, "feedback": quotes})
    assert len(bundle.achievements) == 15 and len(bundle.feedback) == 3
    statements = rewrite_all(bundle.achievements, _rules())
    context = assemble_packet(bundle, statements, TODAY, SETTINGS.rules_dir)
    assert len(context.quotes) == 3 and all("…”" in q for q in context.quotes)
    body = context.model_copy(update={"appendix": []})
    template = SETTINGS.templates_dir / "packet.docx"
    files = [render_docx(template, body, tmp_path / "body" / "packet.docx")]
    (before_appendix,) = (pdf.page_count(p) for p in pdf.convert_to_pdf(files))
    assert before_appendix <= 3, before_appendix


def test_no_statement_appears_more_than_twice(packets):
    for person_id, (packet, statements) in packets.items():
        dump = text_dump(packet)
        for statement in statements:
            assert 1 <= dump.count(statement.text) <= 2, (person_id, statement.text)


def test_no_candidate_facing_words_in_a_packet(packets):
    for person_id, (packet, _) in packets.items():
        # An attributed quote is a colleague's words ("answered every question"), not coaching.
        lines = [x for x in text_dump(packet).splitlines() if not x.startswith("“")]
        found = CANDIDATE_WORDS.findall("\n".join(lines))
        assert not found, (person_id, found)


def test_every_manager_concern_is_a_readiness_gap(packets):
    rules = readiness_rules(SETTINGS.rules_dir).concerns
    checked = 0
    for person_id, (packet, _) in packets.items():
        gaps = _section(text_dump(packet), "Readiness").split("Gaps", 1)[1]
        for meeting in example_bundle(person_id).meetings:
            for concern in concern_clauses(meeting.key_points, rules):
                assert f"{meeting.with_name}" in gaps and f"“{concern}”" in gaps, concern
                checked += 1
    assert checked >= 4  # the example states concerns for every person


def test_no_worsened_or_unchanged_result_among_the_highlights(packets):
    for person_id, (packet, statements) in packets.items():
        highlights = _section(text_dump(packet), "Impact highlights")
        setbacks = [s for s in statements if s.direction in ("worsened", "unchanged")]
        for statement in setbacks:
            assert statement.text not in highlights, person_id
    assert any(s.direction == "worsened" for _, (_, st) in packets.items() for s in st)


def test_the_case_is_shared_by_packet_and_brief():
    bundle = example_bundle("chen.li")
    statements = rewrite_all(bundle.achievements, _rules())
    case = build_case(bundle, statements, SETTINGS.rules_dir)
    assert case.overall.startswith(
        "Wait: Marcus Webb asked on 9 October 2026 to wait until 31 December 2026"
    )
    assert [ev.ref for ev in case.evidence] == [f"E{i}" for i in range(1, 9)]
