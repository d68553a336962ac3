"""Reports made again only when what they are made from changed (report/current.py)."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from promopacket.build.manifest import load_manifest
from promopacket.read.writer import write_input_workbook
from promopacket.report.current import current_reports, reports_stamp
from promopacket.report.summary import summary_json, write_reports
from promopacket.run.cohort import RunResult
from promopacket.run.decisions import DecisionBook
from tests.report.review.conftest import build_group, cohort_sheets, edit_cell


def _people_rows(group) -> dict[str, dict]:
    sheet = load_workbook(Path(group.output_dir) / "summary.xlsx")["People"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    return {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}


def test_a_rebuild_with_nothing_changed_finds_the_reports_current(settings):
    settings.inputs_dir.mkdir(parents=True)
    path = write_input_workbook(settings.inputs_dir / "team.xlsx", cohort_sheets())
    first = build_group(path, settings)  # written
    second = build_group(path, settings)  # unchanged: the same documents
    assert {p.status for p in first.people} == {"ok"}
    assert {p.status for p in second.people} == {"unchanged"}
    manifest = load_manifest(Path(second.output_dir))
    assert reports_stamp(first, manifest) == reports_stamp(second, manifest)
    assert current_reports(second, manifest) == second.reports
    # a missing report is made again
    Path(second.reports[1]).unlink()
    assert current_reports(second, manifest) is None
    write_reports(second, manifest)
    assert Path(second.reports[1]).is_file()


def test_a_changed_cell_makes_the_reports_again(settings):
    settings.inputs_dir.mkdir(parents=True)
    path = write_input_workbook(settings.inputs_dir / "team.xlsx", cohort_sheets())
    first = build_group(path, settings)
    edit_cell(path, "Achievements", "result", 2, 25)
    second = build_group(path, settings)
    manifest = load_manifest(Path(second.output_dir))
    assert reports_stamp(first, manifest) != reports_stamp(second, manifest)
    changes = load_workbook(Path(second.output_dir) / "summary.xlsx")["Changes"]
    assert changes.max_row > 1 and changes.cell(2, 1).value == "p1"  # p1's change is listed


def test_a_reviewer_edit_on_an_unchanged_person_shows_in_the_summary(settings):
    settings.inputs_dir.mkdir(parents=True)
    path = write_input_workbook(settings.inputs_dir / "team.xlsx", cohort_sheets())
    first = build_group(path, settings)
    assert _people_rows(first)["p1"]["status"] == "up to date"
    packet = Path(first.output_dir) / "p1" / "packet.docx"
    doc = Document(str(packet))
    doc.add_paragraph("Committee note.")
    doc.save(str(packet))
    again = build_group(path, settings)
    assert {p.status for p in again.people} == {"unchanged"}
    assert _people_rows(again)["p1"]["status"] == "up to date, reviewer edits kept"


def test_a_summary_the_committee_saved_is_never_taken_as_current(settings):
    settings.inputs_dir.mkdir(parents=True)
    path = write_input_workbook(settings.inputs_dir / "team.xlsx", cohort_sheets())
    group = build_group(path, settings)
    manifest = load_manifest(Path(group.output_dir))
    assert current_reports(group, manifest) is not None
    for flag in ({"read_summary": True}, {"must_write": True}, {"writable": False}):
        group.committee = DecisionBook(folder=group.output_dir, **flag)
        assert current_reports(group, manifest) is None, flag


def test_json_reuses_the_tables_written_only_for_the_same_group(settings):
    settings.inputs_dir.mkdir(parents=True)
    path = write_input_workbook(settings.inputs_dir / "team.xlsx", cohort_sheets())
    group = build_group(path, settings)
    fresh = json.loads(json.dumps(summary_json(RunResult(groups=[group])), default=str))
    assert summary_json(RunResult(groups=[group]), reuse=True) == fresh
    # the workbook changed and was rebuilt: the tables kept are not this group's any more
    edit_cell(path, "Achievements", "result", 2, 25)
    again = build_group(path, settings)
    new = json.loads(json.dumps(summary_json(RunResult(groups=[again])), default=str))
    assert new != fresh
    assert summary_json(RunResult(groups=[again]), reuse=True) == new
