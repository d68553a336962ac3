"""Every corpus case: no traceback, a located problem or a correct document, nothing lost."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from docx import Document

from promopacket.pipeline import build_person, load_and_validate, person_bundles
from tests.hardening.corpus import CASES, CONTROL, Case


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case(case: Case, tmp_path, settings):
    folder = tmp_path / "in"
    folder.mkdir()
    path = case.build(folder)
    settings = settings.model_copy(update=case.settings)
    before = _digest(path)
    data = load_and_validate(path, settings)  # must not raise, whatever the input
    assert _digest(path) == before, "input files are never modified"

    workbook_codes = {p.code for p in data.problems if p.severity == "workbook"}
    if case.workbook_code:
        assert data.failed
        assert case.workbook_code in workbook_codes, data.problems
        assert all(p.message and p.fix for p in data.problems)
        return
    assert not data.failed, [p.message for p in data.problems]
    row_problems = [p for p in data.problems if p.severity == "row"]
    assert case.row_codes <= {p.code for p in row_problems}, row_problems
    for problem in row_problems:  # located: sheet, Excel row, column and cell
        assert problem.sheet and problem.row and problem.cell, problem
    for sheet, count in data.counts.items():
        assert count.read == count.used + count.rejected, sheet
        rejected_rows = {p.row for p in row_problems if p.sheet == sheet}
        assert len(rejected_rows) == count.rejected, (sheet, rejected_rows, count)

    out = tmp_path / "out"
    written = []
    for bundle in person_bundles(data):
        result = build_person(bundle, out, settings)
        written += result.files
    if case.documents:
        assert written
    for file in written:
        document = Document(file)  # re-opens: valid Word XML
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert not any(ch in text for ch in CONTROL.replace("\x00", "")), file
        assert out.resolve() in Path(file).resolve().parents, "writes stay inside outputs"


def test_user_text_comes_out_literally(tmp_path, settings):
    case = next(c for c in CASES if c.name == "emoji-rtl-jinja")
    data = load_and_validate(case.build(tmp_path), settings)
    (bundle,) = person_bundles(data)
    result = build_person(bundle, tmp_path / "out", settings)
    text = ""  # the packet and the brief (which alone shows the original wording)
    for name in ("packet.docx", "brief.docx"):
        document = Document(next(f for f in result.files if f.endswith(name)))
        text += "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Zoë 🚀 مرحبا بالعالم" in text
    assert "{{ 7*7 }} {% for x in y %} & <b>bold</b>" in text
    assert "{{ config }}" in text
    assert "49" not in text
