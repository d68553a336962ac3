"""Build the Word templates in promopacket/templates/ with python-docx.

The .docx files are committed so users can restyle them in Word; this script is how they were
made, so a change to their structure is reviewable. Run: python scripts/make_templates.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TEMPLATES = Path(__file__).resolve().parent.parent / "promopacket" / "templates"
TEXT_WIDTH_CM = 17.0  # A4 (21 cm) less two 2 cm margins: every table's widths add up to this


# --- page, styles, running header and footer ---------------------------------------------------


def _page(doc, header: str) -> None:
    """A4, 2 cm margins, a running header (name, target, confidential) and page numbers."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.6)
    section.header_distance = section.footer_distance = Cm(0.8)
    for name in ("Header", "Footer"):  # the fields take the style's size
        style = doc.styles[name]
        style.font.size, style.font.color.rgb = Pt(8.5), RGBColor(0x59, 0x59, 0x59)
    head = section.header.paragraphs[0]
    head.text = header
    head.style = doc.styles["Header"]
    foot = section.footer.paragraphs[0]
    foot.style = doc.styles["Footer"]
    for text in ("Page ", "PAGE", " of ", "NUMPAGES"):
        if text.isupper():
            _field(foot, text)
        else:
            foot.add_run(text)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when laying out pages."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1")):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _styles(doc) -> None:
    """Body 10 pt, compact spacing; headings stay with what follows them."""
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(10)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.05
    for name, size, before in (("Title", 17, 0), ("Heading 1", 12.5, 9), ("Heading 2", 10.5, 5)):
        style = doc.styles[name]
        style.font.size = Pt(size)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(3)
        fmt.keep_with_next = True
        fmt.keep_together = True
    doc.styles["Title"].paragraph_format.space_after = Pt(2)
    bullet = doc.styles["List Bullet"].paragraph_format
    bullet.space_after = Pt(2)


def _keep_with_next(paragraph):
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


# --- tables ----------------------------------------------------------------------------------


def _row_props(row, header: bool = False) -> None:
    """Rows never split across pages; the header row repeats on every page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _fixed_widths(table, widths_cm: list[float]) -> None:
    """Fixed layout with widths suited to the content (the statement column wide)."""
    assert abs(sum(widths_cm) - TEXT_WIDTH_CM) < 0.01, widths_cm
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(TEXT_WIDTH_CM * 567)))
    width.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(width)
    for col, cm in zip(table.columns, widths_cm, strict=True):
        col.width = Cm(cm)
    for row in table.rows:
        for cell, cm in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(cm)


def _table(
    doc,
    headers: list[str],
    widths_cm: list[float],
    loop: str,
    cells: list,
    end: str = "{%tr endfor %}",
):
    """A table with a repeating header row and one Jinja-looped body row (docxtpl {%tr %}).

    A cell is a string, or a list of strings for a cell of several paragraphs (loops inside)."""
    table = doc.add_table(rows=3, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, header in enumerate(headers):
        paragraph = table.rows[0].cells[i].paragraphs[0]
        run = paragraph.add_run(header)
        run.bold = True
        _shade(table.rows[0].cells[i], "E7ECF2")
    table.rows[1].cells[0].text = loop
    for i, cell in enumerate(cells):
        target = table.rows[2].cells[i]
        lines = cell if isinstance(cell, list) else [cell]
        target.text = lines[0]
        for line in lines[1:]:
            target.add_paragraph(line)
    # docxtpl needs the loop start, body and end in separate rows.
    table.add_row().cells[0].text = end
    _row_props(table.rows[0], header=True)
    _row_props(table.rows[2])
    _fixed_widths(table, widths_cm)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(1)
    return table


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _bullets(doc, loop: str, text: str, end: str = "{%p endfor %}") -> None:
    doc.add_paragraph(loop)
    doc.add_paragraph(text, style="List Bullet")
    doc.add_paragraph(end)


def _bold(doc, text: str):
    paragraph = doc.add_paragraph()
    paragraph.add_run(text).bold = True
    return paragraph


# --- the committee's packet ------------------------------------------------------------------


def _packet_top(doc) -> None:
    doc.add_heading("Promotion case: {{ person.name }}", 0)
    doc.add_paragraph(
        "{{ person.current_title }} → {{ person.target_title }} · {{ person.team }} · "
        "Manager: {{ person.manager_name }}"
        "{% if time_in_role %} · {{ time_in_role }}{% endif %}"
        "{% if person.cohort %} · Cycle: {{ person.cohort }}{% endif %} · "
        "Compiled {{ generated_on }} · Ladder: {{ profile }}"
    )
    overall = doc.add_paragraph()
    overall.add_run("Overall: ").bold = True
    overall.add_run("{{ overall }}").bold = True
    _packet_previous_cycle(doc)
    doc.add_heading("Summary", 1)
    doc.add_paragraph("{{ case }} {{ recommendation }}")
    doc.add_paragraph("{{ value_proposition }}")
    doc.add_heading("Impact highlights", 1)
    doc.add_paragraph("{%p if no_highlights %}")
    doc.add_paragraph("{{ no_highlights }}")
    doc.add_paragraph("{%p endif %}")
    _bullets(doc, "{%p for h in highlights %}", "{{ h.text }} ({{ h.source }})")


def _packet_previous_cycle(doc) -> None:
    """Issue 26 part 4: the last cycle's decision, in the committee's words (when there was one)."""
    doc.add_paragraph("{%p if previous_cycle %}")
    doc.add_paragraph("{{ previous_cycle }}")
    doc.add_paragraph("{%p endif %}")


def _packet_evidence(doc) -> None:
    doc.add_heading("Evidence against the {{ level_name }} expectations", 1)
    _table(
        doc,
        ["Expectation", "Best evidence (entry, what changed)"],
        [4.6, 12.4],
        "{%tr for x in expectations %}",
        [
            "{{ x.expectation }}",
            [
                "{%p for e in x.evidence %}",
                "{{ e }}",
                "{%p endfor %}",
                "{%p if x.feedback %}",
                "{{ x.feedback }}",
                "{%p endif %}",
                "{%p if x.note %}",
                "Note: {{ x.note }}",
                "{%p endif %}",
            ],
        ],
    )
    doc.add_heading("Leadership and scope", 1)
    _bullets(doc, "{%p for x in leadership %}", "{{ x }}")
    doc.add_paragraph("{{ archetype }}", style="List Bullet")
    _packet_feedback(doc)


def _packet_feedback(doc) -> None:
    """Issue 26 part 1: up to three attributed quotes (only when the Feedback sheet has any)."""
    doc.add_paragraph("{%p if quotes %}")
    doc.add_heading("What colleagues say", 1)
    intro = _keep_with_next(doc.add_paragraph())
    intro.add_run("{{ quotes_intro }}").italic = True
    _bullets(doc, "{%p for q in quotes %}", "{{ q }}")
    doc.add_paragraph("{%p endif %}")


def _packet_readiness(doc) -> None:
    doc.add_heading("Readiness", 1)
    _keep_with_next(_bold(doc, "Signals"))
    _bullets(doc, "{%p for x in signals %}", "{{ x }}")
    _keep_with_next(_bold(doc, "Gaps"))
    _bullets(doc, "{%p for x in gaps %}", "{{ x }}")
    doc.add_heading("Agreed plan", 1)
    doc.add_paragraph("{%p if plan.none %}")
    doc.add_paragraph("{{ plan.none }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for m in plan.meetings %}")
    _keep_with_next(_bold(doc, "{{ m.heading }}"))
    _keep_with_next(doc.add_paragraph("{{ m.discussed }}"))
    doc.add_paragraph("{%p if m.concerns %}")
    _keep_with_next(doc.add_paragraph("{{ m.concerns }}"))
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if m.agreed %}")
    _keep_with_next(doc.add_paragraph("{{ m.agreed }}"))
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ m.checkpoint }}")
    doc.add_paragraph("{%p endfor %}")
    _keep_with_next(doc.add_paragraph("{{ plan.timeline_intro }}"))
    _table(
        doc,
        ["Phase", "When"],
        [10.0, 7.0],
        "{%tr for phase in plan.timeline %}",
        ["{{ phase.phase }}", "{{ phase.duration }}"],
    )


def _packet_appendix(doc) -> None:
    doc.add_heading("Appendix: every entry", 1)
    _keep_with_next(doc.add_paragraph("{{ appendix_intro }}"))
    table = _table(
        doc,
        ["#", "Competency", "Statement (project, period)", "What changed"],
        [1.1, 3.8, 8.8, 3.3],
        "{%tr for s in appendix %}",
        [
            "{{ s.ref }}",
            "{{ s.group }}",
            [
                "{{ s.text }}",
                "{{ s.project }}, {{ s.period }}"
                "{% if s.evidence %}; evidence: {{r s.evidence }}{% endif %}",
            ],
            "{{ s.measure }}",
        ],
    )
    source = table.rows[2].cells[2].paragraphs[1].runs[0]  # the project line, quieter
    source.italic, source.font.color.rgb = True, RGBColor(0x59, 0x59, 0x59)


def build_packet(path: Path) -> None:
    doc = Document()
    _styles(doc)
    _page(doc, "{{ person.name }} · {{ person.target_title }} · Confidential: promotion committee")
    _packet_top(doc)
    _packet_evidence(doc)
    _packet_readiness(doc)
    _packet_appendix(doc)
    doc.save(path)


# --- the candidate's and manager's brief ----------------------------------------------------


def _brief_top(doc) -> None:
    doc.add_heading("Preparation brief: {{ person.name }}", 0)
    doc.add_paragraph(
        "{{ person.current_title }} → {{ person.target_title }} · {{ person.team }} · "
        "Compiled {{ generated_on }} from {{ workbook }} · Ladder: {{ profile }}"
    )
    doc.add_paragraph().add_run("{{ audience }}").italic = True
    _bold(doc, "{{ overall }}")
    _bullets(doc, "{%p for x in notes %}", "{{ x }}")
    _brief_since(doc)
    doc.add_heading("Statements before and after", 1)
    _keep_with_next(doc.add_paragraph("{{ statements_intro }}"))
    _table(
        doc,
        ["#", "As written", "Rewritten", "Score", "How"],
        [0.8, 4.2, 6.5, 1.6, 3.9],
        "{%tr for s in statements %}",
        ["{{ s.ref }}", "{{ s.original }}", "{{ s.text }}", "{{ s.score }}", "{{ s.rule }}"],
    )
    doc.add_heading("Entries that need a metric", 1)
    doc.add_paragraph("{%p if no_needs_metric %}")
    doc.add_paragraph("{{ no_needs_metric }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for q in needs_metric %}")
    _keep_with_next(doc.add_paragraph("{{ q.entry }}", style="List Bullet"))
    doc.add_paragraph("Question: {{ q.question }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if confirm_part %}")
    doc.add_heading("Your part to confirm", 1)
    doc.add_paragraph("{%p for q in confirm_part %}")
    _keep_with_next(doc.add_paragraph("{{ q.entry }}", style="List Bullet"))
    doc.add_paragraph("{{ q.question }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")


def _brief_since(doc) -> None:
    """Issue 26 part 4: what changed since the previous cycle (only when there was one)."""
    doc.add_paragraph("{%p if since %}")
    doc.add_heading("{{ since.heading }}", 1)
    doc.add_paragraph("{{ since.decision }}")
    doc.add_paragraph("{%p if since.overall %}")
    doc.add_paragraph("{{ since.overall }}")
    doc.add_paragraph("{%p endif %}")
    for part in ("added", "closed", "still_open"):
        doc.add_paragraph(f"{{%p if since.{part}_intro %}}")
        _keep_with_next(doc.add_paragraph(f"{{{{ since.{part}_intro }}}}"))
        _bullets(doc, f"{{%p for x in since.{part} %}}", "{{ x }}")
        doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endif %}")


def _brief_coaching(doc) -> None:
    doc.add_heading("Gaps to close", 1)
    _bullets(doc, "{%p for x in gaps %}", "{{ x }}")
    doc.add_heading("Reviewer flags and anti-patterns", 1)
    _bullets(doc, "{%p for x in flags %}", "{{ x }}")
    doc.add_paragraph("{{ archetype }}", style="List Bullet")
    doc.add_heading("Objections to prepare", 1)
    doc.add_paragraph("{%p for o in objections %}")
    doc.add_heading("{{ o.objection }}", 2)
    _keep_with_next(doc.add_paragraph("Approach: {{ o.stance }}"))
    _bullets(doc, "{%p for e in o.evidence %}", "{{ e }}")
    doc.add_paragraph("{%p endfor %}")
    _brief_feedback(doc)
    doc.add_heading("What to delegate or hand over", 1)
    _bullets(doc, "{%p for x in delegation %}", "{{ x }}")
    doc.add_paragraph("{%p if compensation %}")
    doc.add_heading("{{ compensation.title }}", 1)
    doc.add_paragraph("{{ compensation.notice }}")
    _keep_with_next(
        doc.add_paragraph(
            "{{ compensation.region }}, {{ compensation.as_of }}, {{ compensation.basis }}."
        )
    )
    _table(
        doc,
        ["Role", "Range", "Note"],
        [6.5, 4.5, 6.0],
        "{%tr for row in compensation.rows %}",
        ["{{ row.role }}", "{{ row.range }}", "{{ row.note }}"],
    )
    doc.add_paragraph("{%p endif %}")


def _brief_feedback(doc) -> None:
    """Issue 26 part 1: every quote whole, what it speaks to and answers, and the packet's use."""
    doc.add_paragraph("{%p if feedback %}")
    doc.add_heading("Feedback quotes", 1)
    _keep_with_next(doc.add_paragraph("{{ feedback_intro }}"))
    _table(
        doc,
        ["Quote (word for word)", "Speaks to, answers, the packet"],
        [10.5, 6.5],
        "{%tr for f in feedback %}",
        [
            ["{{ f.quote }}", "{{ f.cell }}"],
            ["{%p for n in f.notes %}", "{{ n }}", "{%p endfor %}"],
        ],
    )
    doc.add_paragraph("{%p endif %}")


def build_brief(path: Path) -> None:
    doc = Document()
    _styles(doc)
    _page(
        doc,
        "{{ person.name }} · {{ person.target_title }} · Confidential: candidate and manager only",
    )
    _brief_top(doc)
    _brief_coaching(doc)
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


# --- the decision letter (issue 26 part 3): written for a committee's "not yet" -------------


def build_decision_letter(path: Path) -> None:
    """To the person: the decision, the committee's words quoted, what to show by when."""
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.styles["Normal"].paragraph_format.space_after = Pt(8)
    doc.add_paragraph("{{ letter_date }}")
    doc.add_paragraph("To: {{ person.name }}, {{ person.current_title }}, {{ person.team }}")
    doc.add_paragraph().add_run("Subject: {{ subject }}").bold = True
    doc.add_paragraph("Dear {{ greeting }},")
    doc.add_paragraph("{{ decision }}")
    doc.add_paragraph("{{ reason }}")
    doc.add_paragraph("{%p if show_intro %}")
    _keep_with_next(doc.add_paragraph("{{ show_intro }}"))
    _bullets(doc, "{%p for item in to_show %}", "{{ item }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if nothing_to_show %}")
    doc.add_paragraph("{{ nothing_to_show }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ next_step }}")
    doc.add_paragraph("{{ closing }}")
    doc.add_paragraph("{{ signature }}")
    doc.save(path)


def main() -> int:
    TEMPLATES.mkdir(exist_ok=True)
    build_packet(TEMPLATES / "packet.docx")
    build_brief(TEMPLATES / "brief.docx")
    build_follow_up(TEMPLATES / "follow_up.docx")
    build_decision_letter(TEMPLATES / "decision_letter.docx")
    print(f"wrote packet.docx, brief.docx, follow_up.docx and decision_letter.docx in {TEMPLATES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
