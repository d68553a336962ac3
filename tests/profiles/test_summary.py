"""summary.xlsx says which profile each person was judged against, even when unchanged."""

from __future__ import annotations

from openpyxl import load_workbook

from promopacket.build.results import PersonResult, WorkbookResult
from promopacket.report.summary import write_summary
from promopacket.run.cohort import GroupResult, read_intake, with_row_counts
from tests.conftest import achievement, person


def test_summary_names_the_profile_used(tmp_path, make_workbook, settings):
    path = make_workbook(
        {
            "People": [
                person(person_id="ops", current_title="SRE", target_title="Staff SRE"),
                person(person_id="ml"),
            ],
            "Achievements": [achievement(person_id="ops"), achievement(person_id="ml")],
        }
    )
    intake = read_intake(path, settings)
    # An unchanged person's result carries no profile of its own: the intake fills it in.
    results = [
        with_row_counts(
            PersonResult(person_id=pid, workbook=path.name, status="unchanged"), [intake]
        )
        for pid in ("ops", "ml")
    ]
    out = tmp_path / "out"
    out.mkdir()
    written, _, _ = write_summary(
        GroupResult(
            name="book",
            output_dir=str(out),
            workbooks=[WorkbookResult(file=path.name, output_dir=str(out), people=results)],
        )
    )
    sheet = load_workbook(written)["People"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("profile")
    by_person = {row[0]: row[column] for row in rows[1:]}
    assert by_person == {
        "ops": "sre (matched from the target title), level Staff",
        "ml": "ml-engineering (matched from the target title), level Lead",
    }
