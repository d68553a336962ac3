import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from promopacket.assemble import assemble_letter, assemble_packet
from promopacket.build.person import build_person
from promopacket.core.models import Meeting, Person, PersonBundle, Source, Team
from promopacket.render.docx import Annotation, render_docx
from promopacket.rewrite import load_rules, rewrite_all
from promopacket.settings import Settings
from tests.docx_text import text_dump
from tests.example_docs import TODAY, example_bundles
from tests.rewrite.examples import example_achievement


def _person(name='Pat & <Co> "Doe" {{ 7*7 }} 🚀 مرحبا'):
    return Person(
        person_id="p1",
        name=name,
        current_title="Senior ML Engineer",
        target_title="Lead ML Engineer",
        team="Ranking",
        manager_name="Sam",
        source=Source(sheet="People", row=2),
    )


def _text(path):
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_packet_renders_user_text_literally_with_comments(tmp_path, settings):
    item = example_achievement(
        dict(
            statement="Helped ML team with data pipeline",
            metric="latency",
            baseline=50,
            result=30,
            unit="ms",
            better="lower",
        )
    )
    bundle = PersonBundle(workbook="w.xlsx", person=_person(), achievements=[item])
    rules = load_rules(settings.rules_dir)
    statements = rewrite_all([item], rules)
    context = assemble_packet(bundle, statements, dt.date(2026, 11, 23))
    out = render_docx(
        settings.templates_dir / "packet.docx",
        context,
        tmp_path / "p.docx",
        [Annotation(statements[0].text, "Original: x")],
    )
    text = _text(out)
    assert 'Pat & <Co> "Doe" {{ 7*7 }} 🚀 مرحبا' in text
    assert "Helped reduce latency by 40% (50 ms → 30 ms)" in text
    assert len(list(Document(str(out)).comments)) == 1  # the annotation asked for


def test_letter_renders_user_text_literally(tmp_path, settings):
    meeting = Meeting(
        person_id="p1",
        date=dt.date(2026, 10, 6),
        with_name="Sam {{ 7*7 }} & <Co>",
        outcome="not yet",
        key_points="Keep going",
        commitments="{{ 7*7 }} to be reviewed & <agreed>",
        source=Source(sheet="Meetings", row=2),
    )
    bundle = PersonBundle(workbook="w.xlsx", person=_person(), meetings=[meeting])
    context = assemble_letter(bundle, meeting, [], settings.rules_dir)
    out = render_docx(settings.templates_dir / "follow_up.docx", context, tmp_path / "l.docx")
    text = _text(out)
    assert "To: Sam {{ 7*7 }} & <Co>" in text and "{{ 7*7 }} to be reviewed & <agreed>." in text
    assert "6 April 2027" in text and "two quarters" in text  # not yet: + 6 months
    assert "Kind regards,\n" + 'Pat & <Co> "Doe" {{ 7*7 }} 🚀 مرحبا' in text


# --- the example workbook's documents, end to end through build_person (no Prefect) ---

GOLDEN = Path(__file__).parent.parent / "golden"
NAMES = ("packet.docx", "brief.docx")
PACKET_HEADINGS = [
    "Summary",
    "Impact highlights",
    "Evidence against the Lead expectations",
    "Leadership and scope",
    "What colleagues say",  # every example person has Feedback rows
    "Readiness",
    "Agreed plan",
    "Appendix: every entry",
]
BRIEF_HEADINGS = [
    "Statements before and after",
    "Entries that need a metric",
    "Gaps to close",
    "Reviewer flags and anti-patterns",
    "Objections to prepare",
    "Feedback quotes",
    "What to delegate or hand over",
]


@pytest.fixture(scope="module")
def example_documents(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    settings = Settings(outputs_dir=out)
    return {
        b.person.person_id: build_person(b, out, settings, today=TODAY) for b in example_bundles()
    }


def test_example_documents_match_golden_dumps(example_documents, update_golden):
    GOLDEN.mkdir(exist_ok=True)
    compared = 0
    for person_id, result in example_documents.items():
        for file in map(Path, result.files):
            golden = GOLDEN / f"{person_id}--{file.stem}.txt"
            dump = text_dump(file)
            if update_golden:
                golden.write_text(dump, encoding="utf-8")
            assert golden.is_file(), f"missing {golden.name}: run pytest --update-golden"
            assert dump == golden.read_text(encoding="utf-8"), f"{golden.name} differs"
            compared += 1
    assert compared == 10  # 3 packets, 3 briefs and 4 follow-up letters


def _headings(path):
    return [p.text for p in Document(path).paragraphs if p.style.name == "Heading 1"]


def test_packet_and_brief_have_their_sections_and_comments_only_in_the_brief(example_documents):
    for person_id, result in example_documents.items():
        packet, brief = (next(f for f in result.files if f.endswith(n)) for n in NAMES)
        assert _headings(packet) == PACKET_HEADINGS, person_id
        confirm = ["Your part to confirm"] if "Your part to confirm" in _headings(brief) else []
        assert _headings(brief) == BRIEF_HEADINGS[:2] + confirm + BRIEF_HEADINGS[2:], person_id
        assert not list(Document(packet).comments), person_id  # the committee's copy is clean
        assert len(list(Document(brief).comments)) == result.rewritten > 0, person_id


def test_review_puts_the_comments_on_the_packet_too(tmp_path):
    bundle = example_bundles()[0]
    settings = Settings(outputs_dir=tmp_path, review=True)
    result = build_person(bundle, tmp_path, settings, today=TODAY)
    packet = next(f for f in result.files if f.endswith("packet.docx"))
    assert len(list(Document(packet).comments)) == result.rewritten > 0


def test_running_header_and_page_numbers_on_both_documents(example_documents):
    result = example_documents["ana.ruiz"]
    for name in NAMES:
        section = Document(next(f for f in result.files if f.endswith(name))).sections[0]
        header = section.header.paragraphs[0].text
        assert header.startswith("Ana Ruiz · Lead ML Engineer · Confidential"), header
        fields = section.footer._element.xpath(".//w:instrText")
        assert [f.text.strip() for f in fields] == ["PAGE", "NUMPAGES"]


def test_hostile_text_in_every_field_comes_out_as_written(tmp_path, settings):
    hostile = 'R&D <b>bold</b> "q" {{ 7*7 }} {% if x %} 🚀 مرحبا עברית'
    long_text = "x" * 15_000
    item = example_achievement(
        dict(
            statement=hostile + "\x07",
            project=hostile,
            metric="latency",
            baseline=50,
            result=30,
            unit="ms",
            better="lower",
            outcome=long_text,
        )
    )
    bundle = PersonBundle(
        workbook="w.xlsx",
        person=_person(),
        team=Team(
            team="Ranking", mission=hostile, priorities=hostile, source=Source(sheet="Team", row=2)
        ),
        achievements=[item],
    )
    statements = rewrite_all([item], load_rules(settings.rules_dir))
    context = assemble_packet(bundle, statements, TODAY, settings.rules_dir, compensation=True)
    out = render_docx(settings.templates_dir / "packet.docx", context, tmp_path / "p.docx")
    text = _text(out)
    assert text.count(hostile) >= 3 and long_text in text
    assert "\x07" not in text and "49" not in text


# --- the committee's decision and a previous cycle (issue 26): separate goldens -------------

DECIDED = "ana.ruiz--2026-H2-not-yet"


@pytest.fixture(scope="module")
def decided_documents(tmp_path_factory):
    """Ana in her second cycle: "not yet" in 2026-H1 (two of her entries were there, one of
    the two concerns then is still open), and "not yet" again in this cycle."""
    from promopacket.core.models import CycleStatement, Decision, PreviousCycle

    bundle = next(b for b in example_bundles() if b.person.person_id == "ana.ruiz")
    then = [
        CycleStatement(project=a.project, period=a.period, original=a.statement, text=a.statement)
        for a in bundle.achievements[:2]
    ]
    previous = PreviousCycle(
        cycle="2026-H1",
        decision="not yet",
        reason="Show the feature store's reach beyond Ranking {{ 7*7 }} first.",
        overall="Not yet: Priya Nair said so on 2 April 2026; 2 concerns open.",
        concerns=[
            "Priya Nair, 2 April 2026: “wants more evidence of developing others”",
            "Priya Nair, 2 April 2026: “no design review led yet”",
        ],
        statements=then,
    )
    decision = Decision(
        decision="not yet",
        reason="Mentoring is visible; hiring and talks to non-technical audiences are not.",
        cycle="example",
        decided_on=dt.date(2026, 11, 30),
        cell="Calibration!J2",
    )
    decided = bundle.model_copy(update={"decision": decision, "previous_cycle": previous})
    out = tmp_path_factory.mktemp("decided")
    return build_person(decided, out, Settings(outputs_dir=out), today=TODAY)


def test_decided_documents_match_golden_dumps(decided_documents, update_golden):
    files = {Path(f).stem: Path(f) for f in decided_documents.files}
    assert {"packet", "brief", "decision-letter"} <= set(files)
    for stem in ("packet", "brief", "decision-letter"):
        golden = GOLDEN / f"{DECIDED}--{stem}.txt"
        dump = text_dump(files[stem])
        if update_golden:
            golden.write_text(dump, encoding="utf-8")
        assert golden.is_file(), f"missing {golden.name}: run pytest --update-golden"
        assert dump == golden.read_text(encoding="utf-8"), f"{golden.name} differs"
    packet = text_dump(files["packet"]).splitlines()
    line = "Previous cycle 2026-H1: not yet — “Show the feature store's reach beyond Ranking {{ 7*7 }} first.”"  # noqa: E501
    assert packet[3] == line  # under the overall line, the committee's words as typed
