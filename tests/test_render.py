import datetime as dt

from docx import Document

from promopacket.assemble import assemble_letter, assemble_packet
from promopacket.models import Meeting, Person, PersonBundle, Source
from promopacket.render import Annotation, render_docx
from promopacket.rewrite import load_rules, rewrite_all
from promopacket.rewrite.engine import example_achievement


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
    assert "Reduced latency by 40% (50 ms → 30 ms)" in text
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
