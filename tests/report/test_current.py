"""Reports made again only when what they are made from changed (report/current.py)."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from promopacket.build.manifest import load_manifest
from promopacket.read.writer import write_input_workbook
from promopacket.report.current import current_reports, reports_stamp, settled_run
from promopacket.report.summary import summary_json, write_reports
from promopacket.run.cohort import RunResult
from promopacket.run.decisions import DecisionBook
from promopacket.run.request import CohortRequest
from tests.conftest import achievement, person
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


def _flow_run(settings, **params):
    from promopacket.flows.cohort import build_cohort
    from promopacket.flows.states import result_of

    return result_of(build_cohort(CohortRequest(**params), settings, return_state=True))


def _two_workbooks(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_input_workbook(folder / "team.xlsx", cohort_sheets())
    write_input_workbook(  # a rejected row: cached, reported, and settled like the rest
        folder / "search.xlsx",
        {
            "People": [person(person_id="p9", name="Cy", cohort="2027-H1")],
            "Achievements": [achievement(person_id="p9"), achievement(person_id="ghost")],
        },
    )


def test_a_settled_run_is_what_the_flow_returns_when_nothing_changed(prefect_harness, settings):
    """settled_run (no Prefect) gives the very result, summary and JSON a cohort flow run gives
    on a rerun with nothing changed, per workbook and for a named cohort."""
    _two_workbooks(settings.inputs_dir)
    for params in ({}, {"cohort": "2027-H1"}):  # not 2026-H2: its artifacts are checked
        cohort = params.get("cohort")
        assert settled_run([settings.inputs_dir], cohort, settings) is None  # nothing built yet
        first = _flow_run(settings, **params)
        assert {p.status for g in first.groups for p in g.people} >= {"ok"}
        flow_rerun = _flow_run(settings, **params)
        settled = settled_run([settings.inputs_dir], cohort, settings)
        assert settled is not None
        assert {p.status for g in settled.groups for p in g.people} <= {"unchanged", "failed"}
        assert settled.model_dump() == flow_rerun.model_dump()
        assert summary_json(settled, reuse=True) == summary_json(flow_rerun, reuse=True)
        rejected = [p for g in settled.groups for p in g.problems if p.row]
        assert rejected, "the rejected row is still reported"


def test_anything_to_do_unsettles_the_run(prefect_harness, settings):
    """A changed workbook, a deleted document, a reviewer's edit (the summary notes it), a
    committee's saved summary or other settings each mean the flow runs; once it has, the
    next run is settled again."""
    _two_workbooks(settings.inputs_dir)
    _flow_run(settings)
    folders = [settings.inputs_dir]
    assert settled_run(folders, None, settings) is not None
    out = settings.outputs_dir / "team"

    packet = out / "p1" / "packet.docx"
    doc = Document(str(packet))
    doc.add_paragraph("Committee note.")
    doc.save(str(packet))
    assert settled_run(folders, None, settings) is None  # the summary is to say so
    flow_rerun = _flow_run(settings)
    settled = settled_run(folders, None, settings)
    (p1,) = [p for g in settled.groups for p in g.people if p.person_id == "p1"]
    assert p1.kept_edits == ["p1/packet.docx"] and p1.status == "unchanged"
    assert flow_rerun.model_dump() == settled.model_dump()

    redacting = settings.model_copy(update={"redact": True})
    assert settled_run(folders, None, redacting) is None

    (out / "p2" / "brief.docx").unlink()
    assert settled_run(folders, None, settings) is None
    _flow_run(settings)
    assert settled_run(folders, None, settings) is not None

    edit_cell(settings.inputs_dir / "team.xlsx", "Achievements", "result", 2, 25)
    assert settled_run(folders, None, settings) is None
    _flow_run(settings)
    assert settled_run(folders, None, settings) is not None

    book = load_workbook(out / "summary.xlsx")  # the committee saves the summary
    book.save(out / "summary.xlsx")
    assert settled_run(folders, None, settings) is None


def test_a_folder_with_an_unreadable_workbook_is_never_settled(prefect_harness, settings):
    """A workbook that could not be read is never cached: each run goes through the flow,
    which reports it (and ends Failed)."""
    _two_workbooks(settings.inputs_dir)
    (settings.inputs_dir / "corrupt.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    first = _flow_run(settings)
    assert first.failed
    assert settled_run([settings.inputs_dir], None, settings) is None
