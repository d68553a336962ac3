import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from promopacket.assemble import assemble_letter, assemble_packet
from promopacket.models import Meeting, Person, PersonBundle, Source, Team
from promopacket.pipeline import build_person
from promopacket.render import Annotation, render_docx, text_dump
from promopacket.rewrite import load_rules, rewrite_all
from promopacket.rewrite.engine import example_achievement
from promopacket.settings import Settings
from tests.example_docs import TODAY, example_bundles


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
    assert "which reduced latency by 40% (50 ms → 30 ms)" in text
    assert len(list(Document(str(out)).comments)) == 1


def test_letter_has_follow_up_a_week_later(tmp_path, settings):
    meeting = Meeting(
        person_id="p1",
        date=dt.date(2026, 10, 6),
        with_name="Sam",
        outcome="not yet",
        key_points="Keep going",
        source=Source(sheet="Meetings", row=2),
    )
    context = assemble_letter(_person("Pat"), meeting, settings.rules_dir)
    out = render_docx(settings.templates_dir / "follow_up.docx", context, tmp_path / "l.docx")
    text = _text(out)
    assert "13 October 2026" in text and "two quarters" in text


# --- the example workbook's documents, end to end through build_person (no Prefect) ---

GOLDEN = Path(__file__).parent / "golden"
PACKET_HEADINGS = [
    "Executive summary",
    "Impact highlights",
    "Achievements by competency",
    "Achievements by leadership lever",
    "Leadership evidence against the eight levers",
    "Coverage of the Lead role expectations",
    "Readiness signals and gaps",
    "Archetype fit",
    "Reviewer flags",
    "Anticipated objections",
    "Development plan and timeline",
    "Appendix A: entries that still need a metric",
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
    assert compared == 7  # 3 packets and 4 follow-up letters


def test_every_packet_has_its_sections_a_chart_and_comments(example_documents):
    for person_id, result in example_documents.items():
        packet = Document(result.files[0])
        headings = [p.text for p in packet.paragraphs if p.style.name.startswith("Heading 1")]
        assert headings == PACKET_HEADINGS + [
            "Appendix B: every statement and its original wording"
        ]
        assert len(packet.inline_shapes) == 1, person_id  # the coverage chart
        assert len(list(packet.comments)) == result.rewritten > 0, person_id


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
