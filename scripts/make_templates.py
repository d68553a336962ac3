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


STATEMENT_HEADERS = ["Period", "Project", "Statement", "Metric", "Source"]
STATEMENT_CELLS = [
    "{{ s.period }}",
    "{{ s.project }}",
    "{{ s.text }}",
    "{{ s.metric }}",
    "{{ s.source }}",
]


def _bullets(doc, loop: str, text: str, end: str = "{%p endfor %}") -> None:
    doc.add_paragraph(loop)
    doc.add_paragraph(text, style="List Bullet")
    doc.add_paragraph(end)


def _grouped_tables(doc, groups: str) -> None:
    """One sub-heading and one statement table per group (competency or lever)."""
    doc.add_paragraph(f"{{%p for g in {groups} %}}")
    doc.add_heading("{{ g.name }}", 2)
    _table(doc, STATEMENT_HEADERS, "{%tr for s in g.rows %}", STATEMENT_CELLS)
    doc.add_paragraph("{%p endfor %}")


def _cover(doc) -> None:
    doc.add_heading("Promotion case: {{ person.name }}", 0)
    doc.add_paragraph("{{ person.current_title }} → {{ person.target_title }}")
    doc.add_paragraph(
        "Team: {{ person.team }} · Manager: {{ person.manager_name }}"
        "{% if person.cohort %} · Cycle: {{ person.cohort }}{% endif %}"
    )
    doc.add_paragraph("Prepared {{ generated_on }} from {{ workbook }}")
    doc.add_page_break()


def _summary(doc) -> None:
    doc.add_heading("Executive summary", 1)
    doc.add_paragraph("{{ summary }}")
    doc.add_paragraph("{{ value_proposition }}", style="Intense Quote")
    doc.add_paragraph(
        "{% if team and team.mission %}Team mission: {{ team.mission }}"
        "{% if team.priorities %} · Priorities: {{ team.priorities }}{% endif %}{% endif %}"
    )
    doc.add_heading("Impact highlights", 1)
    doc.add_paragraph(
        "{% if not highlights %}No entry carries a measurement yet; see the appendix.{% endif %}"
    )
    _bullets(
        doc,
        "{%p for s in highlights %}",
        "{{ s.text }} ({{ s.project }}, {{ s.period }}; {{ s.source }})",
    )


def _evidence(doc) -> None:
    doc.add_heading("Achievements by competency", 1)
    _grouped_tables(doc, "by_competency")
    doc.add_heading("Achievements by leadership lever", 1)
    _grouped_tables(doc, "by_lever")
    doc.add_heading("Leadership evidence against the eight levers", 1)
    _table(
        doc,
        ["Lever", "Entries", "Strongest evidence"],
        "{%tr for lever in levers %}",
        [
            "{{ lever.name }}",
            "{{ lever.count }}",
            "{% if lever.strongest %}{{ lever.strongest }}{% else %}No evidence yet{% endif %}",
        ],
    )
    doc.add_heading("Coverage of the Lead role expectations", 1)
    _table(
        doc,
        ["Expectation", "Entries", "Status", "Projects"],
        "{%tr for c in coverage %}",
        ["{{ c.expectation }}", "{{ c.count }}", "{{ c.status }}", "{{ c.projects }}"],
    )
    doc.add_paragraph("{%p if coverage_chart %}")
    doc.add_paragraph("{{ coverage_chart }}")
    doc.add_paragraph("{%p endif %}")


def _assessment(doc) -> None:
    doc.add_heading("Readiness signals and gaps", 1)
    doc.add_heading("Signals", 2)
    doc.add_paragraph("{% if not signals %}No readiness signal in the entries yet.{% endif %}")
    _bullets(doc, "{%p for x in signals %}", "{{ x }}")
    doc.add_heading("Gaps", 2)
    doc.add_paragraph("{% if not gaps %}No gap found against these signals.{% endif %}")
    _bullets(doc, "{%p for x in gaps %}", "{{ x }}")
    doc.add_heading("Archetype fit", 1)
    doc.add_paragraph("{{ archetype.text }}")
    doc.add_heading("Reviewer flags", 1)
    doc.add_paragraph("{% if not flags %}No anti-pattern found in the entries.{% endif %}")
    _bullets(doc, "{%p for x in flags %}", "{{ x }}")
    doc.add_heading("Anticipated objections", 1)
    doc.add_paragraph("{%p for o in objections %}")
    doc.add_heading("{{ o.objection }}", 2)
    doc.add_paragraph("Approach: {{ o.stance }}")
    _bullets(doc, "{%p for e in o.evidence %}", "{{ e }}")
    doc.add_paragraph("{%p endfor %}")


def _plan(doc) -> None:
    doc.add_paragraph("{%p if plan %}")
    doc.add_heading("Development plan and timeline", 1)
    doc.add_paragraph(
        "After the conversation with {{ plan.with_name }} on {{ plan.meeting_date }} "
        "({{ plan.outcome }}): {{ plan.intro }}"
    )
    doc.add_paragraph("{% if plan.commitments %}Agreed: {{ plan.commitments }}{% endif %}")
    doc.add_paragraph("{% if plan.focus %}Candidate milestones (no evidence yet):{% endif %}")
    _bullets(doc, "{%p for x in plan.focus %}", "{{ x }}")
    _table(
        doc,
        ["Phase", "Typical duration"],
        "{%tr for phase in plan.timeline %}",
        ["{{ phase.phase }}", "{{ phase.duration }}"],
    )
    doc.add_paragraph("Review checkpoint: {{ plan.checkpoint }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if compensation %}")
    doc.add_heading("{{ compensation.title }}", 1)
    doc.add_paragraph("{{ compensation.notice }}")
    doc.add_paragraph(
        "{{ compensation.region }}, {{ compensation.as_of }}, {{ compensation.basis }}."
    )
    _table(
        doc,
        ["Role", "Range", "Note"],
        "{%tr for row in compensation.rows %}",
        ["{{ row.role }}", "{{ row.range }}", "{{ row.note }}"],
    )
    doc.add_paragraph("{%p endif %}")


def _appendix(doc) -> None:
    doc.add_heading("Appendix A: entries that still need a metric", 1)
    doc.add_paragraph("{% if not needs_metric %}Every entry carries a measurement.{% endif %}")
    doc.add_paragraph("{%p for s in needs_metric %}")
    doc.add_paragraph("{{ s.original }} ({{ s.project }}, {{ s.source }})", style="List Bullet")
    doc.add_paragraph("Question for the candidate: {{ s.question }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Appendix B: every statement and its original wording", 1)
    doc.add_paragraph(
        "Each statement is built from the workbook row it cites; numbers come only from "
        "that row. Word comments give the rule and the arithmetic."
    )
    _table(
        doc,
        ["Statement", "Original", "Score", "Source"],
        "{%tr for s in statements %}",
        [
            "{{ s.text }}",
            "{{ s.original }}",
            "{{ s.score_before }} → {{ s.score_after }}",
            "{{ s.source }}",
        ],
    )


def build_packet(path: Path) -> None:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10.5)
    _cover(doc)
    _summary(doc)
    _evidence(doc)
    _assessment(doc)
    _plan(doc)
    _appendix(doc)
    doc.save(path)


def build_follow_up(path: Path) -> None:
    """The letter: every sentence is assembled in the candidate's voice (letters.yaml)."""
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.styles["Normal"].paragraph_format.space_after = Pt(8)
    doc.add_paragraph("{{ letter_date }}")
    doc.add_paragraph(
        "To: {{ meeting.with_name }}{% if meeting.with_role %}, {{ meeting.with_role }}{% endif %}"
    )
    doc.add_paragraph().add_run("Subject: {{ subject }}").bold = True
    doc.add_paragraph("Dear {{ greeting }},")
    doc.add_paragraph("{{ thanks }}")
    doc.add_paragraph("{%p if discussed %}")
    doc.add_paragraph("{{ discussed }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if achievement %}")
    doc.add_paragraph("{{ achievement }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if agreed %}")
    doc.add_paragraph("What we agreed:")
    _bullets(doc, "{%p for item in agreed %}", "{{ item }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for e in earlier %}")
    doc.add_paragraph("{{ e.intro }}")
    _bullets(doc, "{%p for item in e.commitments %}", "{{ item }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{ next_step }}")
    doc.add_paragraph("{{ closing }}")
    doc.add_paragraph("Kind regards,")
    doc.add_paragraph("{{ person.name }}")
    doc.add_paragraph("{{ person.current_title }}, {{ person.team }}")
    doc.save(path)


def main() -> int:
    TEMPLATES.mkdir(exist_ok=True)
    build_packet(TEMPLATES / "packet.docx")
    build_follow_up(TEMPLATES / "follow_up.docx")
    print(f"wrote {TEMPLATES / 'packet.docx'} and {TEMPLATES / 'follow_up.docx'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
