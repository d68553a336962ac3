"""Every corpus case (both rounds) through read → plan → incremental build, checked from the
real files: no exception, located problems, rows read = used + rejected = the data rows in the
cells, every row in a document or the problems, one folder per person and per workbook,
nothing outside the outputs folder, owner-only modes (under umask 000), inputs unchanged."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from docx import Document

from promopacket.build.manifest import build_person_incremental, environment_hash
from promopacket.build.person import build_person, letter_names
from promopacket.run.cohort import plan_groups, read_intake
from promopacket.run.workbooks import load_and_validate, person_bundles
from tests.hardening.checks import assert_inside, assert_owner_only, fingerprint, rows_in_cells
from tests.hardening.corpus import CASES, CONTROL
from tests.hardening.corpus_feedback import FEEDBACK_CASES, LITERAL_QUOTES
from tests.hardening.corpus_two import ALL_CASES, Case

RECORDS = {
    "People": "people",
    "Achievements": "achievements",
    "Team": "teams",
    "Meetings": "meetings",
    "Feedback": "feedback",
}


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.name for c in ALL_CASES])
def test_corpus_case(case: Case, tmp_path, settings):
    folder = tmp_path / "in"
    folder.mkdir()
    path = case.build(folder)
    before = fingerprint(path)
    settings = settings.model_copy(
        update={**case.settings, "outputs_dir": tmp_path / "out", "data_docs": False}
    )
    old = os.umask(0)  # the most permissive umask: modes must not depend on it
    try:
        intake = read_intake(path, settings)
        groups = plan_groups([intake], settings)
        env = environment_hash(settings)
        results = [
            build_person_incremental(b, Path(g.output_dir), settings, env).result
            for g in groups
            for b in g.bundles
        ]
    finally:
        os.umask(old)
    data = intake.data
    assert fingerprint(path) == before, "inputs are never modified"

    for problem in data.problems:  # located: the file always; a row problem its cell
        assert problem.file and problem.message and problem.fix, problem
        if problem.severity == "row":
            assert problem.sheet and problem.row and problem.cell and problem.column, problem
    codes = {p.code for p in data.problems}
    if case.workbook_code:
        assert data.failed and case.workbook_code in codes, data.problems
        assert not results
        return
    assert not data.failed, [p.message for p in data.problems]
    assert case.row_codes <= codes, (case.row_codes - codes, data.problems)

    # Rows read = used + rejected, and read = the data rows in the real cells.
    in_cells = rows_in_cells(path)
    for sheet, count in data.counts.items():
        assert count.read == count.used + count.rejected, (sheet, count)
        if sheet in in_cells:
            assert count.read == in_cells[sheet], (sheet, count, in_cells[sheet])
    # Every row is used (in a record) or rejected (with a problem on its row), never neither.
    for sheet, attr in RECORDS.items():
        if sheet not in data.counts:
            continue
        used = {r.source.row for r in getattr(data, attr)}
        rejected = {p.row for p in data.problems if p.sheet == sheet and p.blocking}
        assert not used & rejected, sheet
        assert len(used) + len(rejected) == data.counts[sheet].read, (sheet, used, rejected)

    # Every used person has their documents, in a folder of their own.
    assert not [r for r in results if r.status == "failed"], [r.error for r in results]
    if case.documents:
        assert results
    out = settings.outputs_dir
    files = [f for r in results for f in r.files]
    assert len(files) == len(set(files)), Counter(files).most_common(3)
    folders = [{Path(f).parent for f in r.files} for r in results]
    assert all(len(f) == 1 for f in folders), folders
    assert len({next(iter(f)) for f in folders}) == len(results), "a folder shared by two people"
    bundles = {b.person.person_id: b for g in groups for b in g.bundles}
    for result in results:
        bundle = bundles[result.person_id]
        names = sorted(Path(f).name for f in result.files)
        assert "packet.docx" in names, names
        letters = [n for n in names if n.startswith("follow-up-")]
        assert sorted(letters) == sorted(letter_names(bundle.meetings)), (letters, bundle.meetings)
        assert result.statements == len(bundle.achievements)
        for file in result.files:
            document = Document(file)  # complete Word files, with no control characters
            text = "\n".join(p.text for p in document.paragraphs)
            text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
            assert not any(ch in text for ch in CONTROL.replace("\x00", "")), file
    assert_inside(out, files)
    assert_owner_only(out)


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


def test_feedback_text_comes_out_literally(tmp_path, settings):
    """Formula-, template- and markup-looking quotes: every one whole in the brief, the
    packet's as written (never evaluated), a name like '=1+1' kept as text."""
    case = next(c for c in FEEDBACK_CASES if c.name == "feedback-formula-and-template-text")
    data = load_and_validate(case.build(tmp_path), settings)
    assert not [p for p in data.problems if p.sheet == "Feedback"]
    (bundle,) = person_bundles(data)
    result = build_person(bundle, tmp_path / "out", settings)
    texts = {}
    for name in ("packet.docx", "brief.docx"):
        document = Document(next(f for f in result.files if f.endswith(name)))
        text = "\n".join(p.text for p in document.paragraphs)
        texts[name] = text + "\n".join(
            c.text for t in document.tables for r in t.rows for c in r.cells
        )
    for quote in LITERAL_QUOTES:
        assert f"“{quote}”" in texts["brief.docx"], quote
    assert sum(f"“{q}”" in texts["packet.docx"] for q in LITERAL_QUOTES) == 3
    assert "“Fine.” — =1+1, {{ role }}, stakeholder, September 2026" in texts["brief.docx"]
    assert "49" not in texts["packet.docx"] + texts["brief.docx"]
