from promopacket.ingest import read_workbook
from tests.conftest import achievement, person


def test_reads_rows_with_excel_row_numbers_and_case_insensitive_headers(make_workbook, settings):
    path = make_workbook(
        {
            "people": [
                {
                    "Person ID": "p1",
                    " NAME ": "Pat",
                    "Current_Title": "S",
                    "target title": "L",
                    "Team": "T",
                    "manager name": "M",
                    "extra": "kept out",
                }
            ],
            "Achievements": [achievement()],
        },
        headers={
            "people": [
                "Person ID",
                " NAME ",
                "Current_Title",
                "target title",
                "Team",
                "manager name",
                "extra",
            ]
        },
    )
    raw = read_workbook(path, settings)
    assert not raw.problems
    people = raw.sheets["People"]
    assert people.rows[0].excel_row == 2
    assert people.rows[0].values["person_id"] == "p1"
    assert "extra" not in people.rows[0].values
    assert people.cell("name", 2) == "people!B2"


def test_missing_required_sheet_is_one_workbook_problem(make_workbook, settings):
    raw = read_workbook(make_workbook({"People": [person()]}), settings)
    assert [(p.severity, p.sheet, p.code) for p in raw.problems] == [
        ("workbook", "Achievements", "missing_sheet")
    ]


def test_not_an_xlsx_is_reported_not_raised(tmp_path, settings):
    bogus = tmp_path / "notes.xlsx"
    bogus.write_text("just text")
    raw = read_workbook(bogus, settings)
    assert raw.failed and raw.problems[0].code == "not_xlsx"
