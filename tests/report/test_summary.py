"""summary.xlsx, its JSON form and the privacy-safe artifact forms."""

import json

from openpyxl import load_workbook

from promopacket.build.manifest import Manifest
from promopacket.build.results import PersonResult, WorkbookResult
from promopacket.core.models import Problem, SheetCount
from promopacket.report.summary import (
    artifact_markdown,
    artifact_table,
    summary_json,
    write_reports,
    write_summary,
)
from promopacket.run.cohort import GroupResult, RunResult

SECRET = '=HYPERLINK("http://x") Cut cloud spend by $120k for Pat Doe'


def _run(tmp_path) -> RunResult:
    out = tmp_path / "cycle"
    out.mkdir()
    ok = PersonResult(
        person_id="p1",
        workbook="team.xlsx",
        files=[str(out / "p1" / "packet.docx"), str(out / "p1" / "packet.new.docx")],
        kept_edits=["p1/packet.docx"],
        rows_read=4,
        rows_used=3,
        rows_rejected=1,
        statements=3,
        rewritten=2,
        needs_metric=1,
        mean_score_before=30.0,
        mean_score_after=70.5,
        problems=2,
    )
    bad = PersonResult(person_id="p2", workbook="team.xlsx", status="failed", error="Boom: disk")
    problem = Problem(
        file="team.xlsx",
        sheet="Achievements",
        row=7,
        column="baseline",
        cell="Achievements!H7",
        value=SECRET,
        message=f"Not a number: {SECRET}",
        fix="Write a number.",
        severity="row",
        code="bad_number",
    )
    team = WorkbookResult(
        file="team.xlsx",
        output_dir=str(out),
        counts={"Achievements": SheetCount(read=4, used=3, rejected=1)},
        problems=[problem],
        people=[ok, bad],
    )
    broken = WorkbookResult(
        file="broken.xlsx",
        output_dir=str(out),
        failed=True,
        problems=[
            Problem(file="broken.xlsx", message="damaged", fix="re-save", severity="workbook")
        ],
    )
    group = GroupResult(name="cycle", output_dir=str(out), workbooks=[team, broken])
    return RunResult(cohort="cycle", groups=[group])


def test_summary_workbook_has_people_workbooks_and_problems(tmp_path):
    run = _run(tmp_path)
    path, digest, written = write_summary(run.groups[0])
    assert written
    book = load_workbook(path)
    assert book.sheetnames == [
        "People",
        "Calibration",
        "Scores",
        "Changes",
        "Workbooks",
        "Problems",
    ]
    people = [[c.value for c in r] for r in book["People"].iter_rows()]
    header = people[0]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in people[1:]}
    assert rows["p2"]["status"] == "failed" and rows["p2"]["note"] == "Boom: disk"
    assert rows["p1"]["status"] == "up to date, reviewer edits kept"
    assert "packet.new.docx" in rows["p1"]["note"] and rows["p1"]["files"].startswith("p1/")
    assert (rows["p1"]["rows_read"], rows["p1"]["rows_rejected"]) == (4, 1)
    assert rows["p1"]["mean_score_after"] == 70.5 and rows["p1"]["needs_metric"] == 1
    workbooks = {r[0].value: r[1].value for r in book["Workbooks"].iter_rows(min_row=2)}
    assert workbooks == {"team.xlsx": "problems", "broken.xlsx": "not processed"}
    value_cell = next(r for r in book["Problems"].iter_rows(min_row=2) if r[1].value == "team.xlsx")
    assert value_cell[6].value == SECRET and value_cell[6].data_type == "s"  # text, not formula
    # same content: not written again
    assert write_summary(run.groups[0], digest) == (path, digest, False)


def test_reports_are_written_once_per_content(tmp_path):
    run = _run(tmp_path)
    manifest = Manifest()
    paths = write_reports(run.groups[0], manifest)
    stamps = [tmp_path.joinpath(p).stat().st_mtime_ns for p in paths]
    write_reports(run.groups[0], manifest)
    assert [tmp_path.joinpath(p).stat().st_mtime_ns for p in paths] == stamps
    # each report's content hash, and the stamp of what all three were made from (current.py)
    assert set(manifest.reports) == {"summary.xlsx", "problems.xlsx", "review", "inputs"}
    # the review pages are current: not made again, unless one of them is missing
    index = tmp_path.joinpath(paths[2])
    page = next(index.parent.joinpath("people").glob("*.html"))
    page.write_text("stale")
    write_reports(run.groups[0], manifest)
    assert page.read_text() == "stale"
    index.unlink()
    write_reports(run.groups[0], manifest)
    assert index.is_file() and page.read_text() != "stale"


def test_json_summary_matches_the_workbook_rows(tmp_path):
    data = summary_json(_run(tmp_path))
    json.dumps(data)  # serialisable
    assert data["failed"] is True
    assert data["totals"]["failed"] == 1 and data["totals"]["workbooks_failed"] == 1
    (group,) = data["groups"]
    # the same status words as summary.xlsx and the artifacts; this_run says what the run did
    assert {p["person_id"]: (p["status"], p["this_run"]) for p in group["people"]} == {
        "p1": ("up to date, reviewer edits kept", "written"),
        "p2": ("failed", "failed"),
    }
    assert all(isinstance(p["files"], list) for p in group["people"])
    assert [p["cell"] for p in group["problems"]] == [None, "Achievements!H7"]


def test_artifacts_carry_counts_and_ids_only(tmp_path):
    run = _run(tmp_path)
    table = artifact_table(run)
    markdown = artifact_markdown(run)
    text = json.dumps(table) + markdown
    for private in ("Pat Doe", "$120k", "HYPERLINK", "Boom", "damaged"):
        assert private not in text
    assert {row["person_id"] for row in table} == {"p1", "p2"}
    statuses = {row["person_id"]: (row["status"], row["this_run"]) for row in table}
    assert statuses == {
        "p1": ("up to date, reviewer edits kept", "written"),
        "p2": ("failed", "failed"),
    }
    assert "person p2 failed" in markdown and "broken.xlsx: workbook not processed" in markdown
