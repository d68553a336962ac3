from promopacket.read.workbook import read_workbook
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


def _edit(path, change):
    from openpyxl import load_workbook

    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def test_merged_person_id_is_copied_down_its_rows(make_workbook, settings):
    rows = [achievement(project="A"), achievement(person_id=None, project="B")]
    rows.append(achievement(person_id=None, project="C"))
    path = make_workbook({"People": [person()], "Achievements": rows})
    _edit(path, lambda b: b["Achievements"].merge_cells("A2:A4"))
    raw = read_workbook(path, settings)
    sheet = raw.sheets["Achievements"]
    assert [(r.excel_row, r.values["person_id"]) for r in sheet.rows] == [
        (2, "p1"),
        (3, "p1"),
        (4, "p1"),
    ]


def test_wide_merge_leaves_the_other_columns_blank(make_workbook, settings):
    path = make_workbook({"People": [person()], "Achievements": [achievement(competency=None)]})
    _edit(path, lambda b: b["Achievements"].merge_cells("D2:E2"))  # statement over competency
    row = read_workbook(path, settings).sheets["Achievements"].rows[0]
    assert row.values["statement"] == "Helped ML team with data pipeline"
    assert row.values["competency"] is None


def test_hidden_sheet_is_read_and_reported_as_advice(make_workbook, settings):
    path = make_workbook({"People": [person()], "Achievements": [achievement()]})
    _edit(path, lambda b: setattr(b["People"], "sheet_state", "hidden"))
    raw = read_workbook(path, settings)
    assert len(raw.sheets["People"].rows) == 1
    assert [(p.severity, p.sheet, p.code) for p in raw.problems] == [
        ("advice", "People", "sheet_hidden")
    ]


def test_visible_sheet_wins_over_a_hidden_namesake(make_workbook, settings):
    path = make_workbook(
        {
            "people_old": [person(person_id="old")],
            "People": [person()],
            "Achievements": [achievement()],
        },
        headers={"people_old": list(person())},
    )

    def hide_old(book):
        book["people_old"].title = "PEOPLE "
        book["PEOPLE "].sheet_state = "hidden"

    _edit(path, hide_old)
    raw = read_workbook(path, settings)
    assert raw.sheets["People"].title == "People"
    assert raw.sheets["People"].rows[0].values["person_id"] == "p1"


def test_blank_rows_header_offset_and_spaces_keep_excel_row_numbers(make_workbook, settings):
    path = make_workbook({"People": [person()], "Achievements": [achievement()]})

    def shift(book):
        ws = book["Achievements"]
        ws.insert_rows(1, 2)  # header now on row 3, data on row 4
        ws.insert_rows(5, 3)  # three blank rows, then a row with spaces only in data cells
        ws["A8"] = "  p1  "
        ws["B8"], ws["C8"], ws["D8"] = "2026-Q2 ", "Search", " Did it "
        ws["A9"] = "   "

    _edit(path, shift)
    sheet = read_workbook(path, settings).sheets["Achievements"]
    assert [r.excel_row for r in sheet.rows] == [4, 8]
    assert sheet.cell("statement", 8) == "Achievements!D8"


def test_duplicate_header_keeps_the_first_and_says_so(make_workbook, settings):
    headers = [*achievement(), "Statement"]
    path = make_workbook(
        {"People": [person()], "Achievements": [{**achievement(), "Statement": "second"}]},
        headers={"Achievements": headers},
    )
    raw = read_workbook(path, settings)
    assert raw.sheets["Achievements"].rows[0].values["statement"].startswith("Helped")
    (problem,) = raw.problems
    assert (problem.severity, problem.column, problem.code) == (
        "advice",
        "statement",
        "duplicate_header",
    )
    assert "D and K" in problem.message


def test_missing_column_suggests_the_near_miss_header(make_workbook, settings):
    headers = [h if h != "statement" else "statment" for h in achievement()]
    row = {**achievement(), "statment": "x"}
    raw = read_workbook(
        make_workbook(
            {"People": [person()], "Achievements": [row]}, headers={"Achievements": headers}
        ),
        settings,
    )
    (problem,) = raw.problems
    assert "rename 'statment' to 'statement'" in problem.fix


def test_uncalculated_formula_is_flagged_not_blank(make_workbook, settings):
    path = make_workbook({"People": [person()], "Achievements": [achievement(result=None)]})
    _edit(path, lambda b: b["Achievements"].__setitem__("I2", "=H2*0.6"))
    row = read_workbook(path, settings).sheets["Achievements"].rows[0]
    assert row.values["result"] is None
    assert row.flags == {"result": ("no_cached_value", "=H2*0.6")}
