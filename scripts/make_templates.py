"""Build the Word templates in templates/ with python-docx.

The .docx files are committed so users can restyle them in Word; this script is how they were
made, so a change to their structure is reviewable. Run: python scripts/make_templates.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Pt

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _table(doc, headers: list[str], loop: str, cells: list[str], end: str = "{%tr endfor %}"):
    """A table with a header row and one Jinja-looped body row (docxtpl {%tr %} tags)."""
    table = doc.add_table(rows=3, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, header in enumerate(headers):
        run = table.rows[0].cells[i].paragraphs[0].add_run(header)
        run.bold = True
    table.rows[1].cells[0].text = loop
    for i, cell in enumerate(cells):
        table.rows[2].cells[i].text = cell
    # docxtpl needs the loop start, body and end in separate rows.
    table.add_row().cells[0].text = end
    return table


def build_packet(path: Path) -> None:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_heading("Promotion case: {{ person.name }}", 0)
    doc.add_paragraph("{{ person.current_title }} → {{ person.target_title }}")
    doc.add_paragraph(
        "Team: {{ person.team }} · Manager: {{ person.manager_name }}"
        "{% if person.cohort %} · Cycle: {{ person.cohort }}{% endif %}"
    )
    doc.add_paragraph("Prepared {{ generated_on }} from {{ workbook }}")

    doc.add_heading("Achievements", 1)
    doc.add_paragraph(
        "Each statement below is built from the workbook row it cites; the "
        "original wording follows it. Numbers come only from that row."
    )
    _table(
        doc,
        ["Period", "Project", "Statement", "Original", "Score", "Source"],
        "{%tr for s in statements %}",
        [
            "{{ s.period }}",
            "{{ s.project }}",
            "{{ s.text }}",
            "{{ s.original }}",
            "{{ s.score_before }} → {{ s.score_after }}",
            "{{ s.source }}",
        ],
    )

    doc.add_heading("Entries that still need a metric", 1)
    doc.add_paragraph("{% if not needs_metric %}Every entry carries a measurement.{% endif %}")
    doc.add_paragraph("{%p for s in needs_metric %}")
    doc.add_paragraph("{{ s.original }} ({{ s.source }})", style="List Bullet")
    doc.add_paragraph("Question for the candidate: {{ s.question }}")
    doc.add_paragraph("{%p endfor %}")
    doc.save(path)


def build_follow_up(path: Path) -> None:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_paragraph("{{ letter_date }}")
    doc.add_paragraph("Dear {{ meeting.with_name }},")
    doc.add_paragraph(
        "Thank you for meeting with me on {{ meeting_date }} to discuss my move "
        "from {{ person.current_title }} to {{ person.target_title }}. I remain "
        "keen to take on that role and to grow what I contribute to the team."
    )
    doc.add_paragraph("What we discussed:")
    doc.add_paragraph("{{ meeting.key_points }}")
    doc.add_paragraph(
        "{% if meeting.commitments %}What we agreed: {{ meeting.commitments }}{% endif %}"
    )
    doc.add_paragraph("{{ next_step }}")
    doc.add_paragraph("Could we meet again on {{ follow_up_date }} to review progress?")
    doc.add_paragraph("Kind regards,")
    doc.add_paragraph("{{ person.name }}")
    doc.save(path)


def main() -> int:
    TEMPLATES.mkdir(exist_ok=True)
    build_packet(TEMPLATES / "packet.docx")
    build_follow_up(TEMPLATES / "follow_up.docx")
    print(f"wrote {TEMPLATES / 'packet.docx'} and {TEMPLATES / 'follow_up.docx'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
