"""The Calibration, Scores and Changes sheets of summary.xlsx, the review files on disk, reruns
that write nothing, and --redact on the HTML review."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from openpyxl.chart import BarChart

from promopacket.read.writer import write_input_workbook
from promopacket.report.review.html import PAGE_SIZE, review_pages
from promopacket.report.review.tables import review_data
from tests.conftest import achievement, person
from tests.report.review.conftest import build_group, cohort_sheets


def _rows(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_calibration_sheet_is_an_excel_table_with_heat_map_chart_and_frozen_header(cohort):
    _, _, second, _ = cohort
    out = Path(second.output_dir)
    book = load_workbook(out / "summary.xlsx")
    assert book.sheetnames == [
        "People",
        "Calibration",
        "Scores",
        "Changes",
        "Workbooks",
        "Problems",
    ]
    sheet = book["Calibration"]
    rows = _rows(sheet)
    assert [r["person_id"] for r in rows] == ["p1", "p2"]
    p1, p2 = rows
    # every figure is the person's own: p1 has two statements, one measured (baseline and result)
    assert (p1["name"], p1["entries"], p1["measured"], p1["needs_metric"]) == ("Pat Doe", 2, 1, 1)
    assert (p2["name"], p2["entries"], p2["problems"]) == ("Bo Stone", 1, 1)
    assert p2["problem_cells"] == "Achievements!H5"
    assert p1["changes"] == 1 and p2["changes"] == 0
    coverage = [h for h in rows[0] if h.startswith("coverage: ")]
    assert len(coverage) == 8 and {p1[h] for h in coverage} <= {"none", "some", "strong"}
    # one Develop people row, unmeasured and weak (score under 40): never counted as coverage
    assert p1["coverage: Team leadership and mentoring"] == "none"
    assert p1["levers_with_evidence"] == "0 of 8"  # as the packet: a weak entry shows no lever
    # an Excel table: filters and sorting act on whole rows; no formula links rows together
    (table,) = sheet.tables.values()
    assert (
        table.displayName == "Calibration"
        and table.ref == f"A1:{sheet.cell(1, len(rows[0])).column_letter}3"
    )
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert not sheet.merged_cells.ranges
    assert sheet.freeze_panes == "B2"
    # the heat map: one rule per coverage word over the coverage columns, and a colour scale
    ranges = {
        str(r.sqref): [rule.formula for rule in r.rules] for r in sheet.conditional_formatting
    }
    heat = [f for f in ranges.values() if ['"none"'] in f]
    assert heat and sorted(sum(heat[0], [])) == ['"feedback"', '"none"', '"some"', '"strong"']
    assert any(rule.type == "colorScale" for r in sheet.conditional_formatting for rule in r.rules)
    # column widths fit their content
    name_col = sheet.column_dimensions["B"].width
    assert name_col >= len("Pat Doe")
    # the score distribution: a native bar chart on the sheet, its data on Scores
    (chart,) = sheet._charts
    assert isinstance(chart, BarChart)
    scores = _rows(book["Scores"])
    assert (
        sum(r["statements before"] for r in scores)
        == 3
        == sum(r["statements after"] for r in scores)
    )
    changes = _rows(book["Changes"])
    assert [
        (c["person_id"], c["change"]) for c in changes if c["change"].startswith("statement")
    ] == [("p1", "statement reworded")]


def test_review_files_and_a_rerun_with_nothing_changed_writes_nothing(cohort, settings):
    path, _, second, _ = cohort
    out = Path(second.output_dir)
    review = out / "review"
    assert (review / "index.html").is_file()
    assert sorted(p.name for p in (review / "people").iterdir()) == ["p1.html", "p2.html"]
    assert (out / "review" / "index.html").stat().st_mode & 0o077 == 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    build_group(path, settings)
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_redact_replaces_names_on_every_review_page(settings, tmp_path):
    sheets = cohort_sheets()
    sheets["Achievements"].append(
        achievement(project="Pairing", statement="Paired with Bo Stone on the ranker")
    )
    sheets["People"][0] = person(email="pat@corp.example", manager_name="Sam Lee")
    settings.inputs_dir.mkdir(parents=True, exist_ok=True)
    path = write_input_workbook(settings.inputs_dir / "team.xlsx", sheets)
    settings = settings.model_copy(update={"redact": True})
    group = build_group(path, settings, redact=True)
    out = Path(group.output_dir)
    text = " ".join(p.read_text(encoding="utf-8") for p in (out / "review").rglob("*.html"))
    book = load_workbook(out / "summary.xlsx")
    text += " ".join(str(c.value) for s in book.worksheets for r in s.iter_rows() for c in r)
    for secret in ("Pat Doe", "Bo Stone", "Sam Lee", "pat@corp.example"):
        assert secret not in text, secret
    assert "Paired with p2 on the ranker" in text
    assert "manager-1" in text


def test_a_large_cohort_is_paginated(cohort):
    _, _, second, _ = cohort
    many = second.model_copy(deep=True)
    (workbook,) = many.workbooks
    template = workbook.people[1]
    workbook.people = [
        template.model_copy(update={"person_id": f"x{i:04d}"}) for i in range(PAGE_SIZE * 2 + 5)
    ]
    data = review_data(many.people, Path(many.output_dir))
    pages = review_pages(many, data)
    assert {"index.html", "calibration-2.html", "calibration-3.html"} <= set(pages)
    assert pages["index.html"].count('<tr>\n<th scope="row"') == PAGE_SIZE
    assert 'aria-current="page">1: x0000 – x0099' in pages["index.html"]
    assert len([k for k in pages if k.startswith("people/")]) == PAGE_SIZE * 2 + 5
