"""The shipped templates are laid out as a committee reads them: fixed column widths with the
statement column widest, header rows that repeat, rows that never split, headings kept with
what follows, a running header and page numbers."""

from __future__ import annotations

import pytest
from docx import Document
from docx.oxml.ns import qn

from promopacket.settings import Settings

TEMPLATES = Settings().templates_dir


def _twips(cell) -> int:
    return int(cell._tc.tcPr.find(qn("w:tcW")).get(qn("w:w")))


@pytest.mark.parametrize("name", ["packet.docx", "brief.docx"])
def test_tables_have_fixed_widths_repeating_headers_and_unsplit_rows(name):
    document = Document(str(TEMPLATES / name))
    assert document.tables
    for table in document.tables:
        tbl_pr = table._tbl.tblPr
        assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        header, body = table.rows[0], table.rows[2]  # row 1 and the last hold the loop tags
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert body._tr.trPr.find(qn("w:cantSplit")) is not None
        widths = [_twips(c) for c in header.cells]
        assert sum(widths) == pytest.approx(17.0 * 567, abs=len(widths) * 2)
        texts = [c.text for c in header.cells]
        statement = next(
            (i for i, t in enumerate(texts) if t.startswith(("Statement", "Rew"))), None
        )
        if statement is not None:  # the statement column is the widest
            assert widths[statement] == max(widths), (name, texts, widths)


@pytest.mark.parametrize("name", ["packet.docx", "brief.docx"])
def test_headings_keep_with_next_body_is_ten_point_and_pages_are_numbered(name):
    document = Document(str(TEMPLATES / name))
    for style in ("Heading 1", "Heading 2"):
        assert document.styles[style].paragraph_format.keep_with_next
    assert document.styles["Normal"].font.size.pt >= 10
    section = document.sections[0]
    assert "Confidential" in section.header.paragraphs[0].text
    assert "{{ person.name }}" in section.header.paragraphs[0].text
    assert "{{ person.target_title }}" in section.header.paragraphs[0].text
    fields = [f.text.strip() for f in section.footer._element.xpath(".//w:instrText")]
    assert fields == ["PAGE", "NUMPAGES"]
