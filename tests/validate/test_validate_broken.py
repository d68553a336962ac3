"""One broken workbook per kind of problem, each built in code, run through `promopacket validate`.

Each case asserts the exact blocking problems (severity, sheet, Excel row, column, code), the
exit status, that no traceback escapes, and that per sheet rows read = used + rejected with
every rejected row explained by a row problem and no used row carrying one.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import load_workbook
from typer.testing import CliRunner

from promopacket.cli import app
from promopacket.cli import init as _init  # noqa: F401  (registers commands: with two or
from promopacket.cli import validate as _validate  # noqa: F401  more, typer keeps names)
from tests.conftest import achievement, meeting, person, team

runner = CliRunner()


def edit(path: Path, change) -> Path:
    """Open a built workbook with openpyxl, let change(book) alter it, save it in place."""
    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def with_cached_value(path: Path, formula: str, value: str) -> Path:
    """Give a formula the saved result Excel would store (openpyxl writes none)."""
    patched = path.with_name("cached-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(
                    f"<f>{formula}</f><v></v>".encode(), f"<f>{formula}</f><v>{value}</v>".encode()
                )
            dst.writestr(item, data)
    return patched


def basic(**sheets):
    base = {"People": [person()], "Achievements": [achievement()]}
    base.update(sheets)
    return base


# --- workbook-level cases: (path builder, expected problems) ---------------------------------


def _text_as_xlsx(tmp, mk):
    (tmp / "notes.xlsx").write_text("just some notes, not a workbook at all\n")
    return tmp / "notes.xlsx"


def _csv(tmp, mk):
    (tmp / "people.csv").write_text("person_id,name,team\np1,Pat,Ranking\n")
    return tmp / "people.csv"


def _old_xls(tmp, mk):
    (tmp / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    return tmp / "old.xls"


def _encrypted(tmp, mk):
    plain = mk(basic(), name="plain.xlsx")
    with plain.open("rb") as src, (tmp / "locked.xlsx").open("wb") as out:
        OOXMLFile(src).encrypt("secret", out)
    return tmp / "locked.xlsx"


def _ods(tmp, mk):
    with zipfile.ZipFile(tmp / "team.ods", "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr("content.xml", "<office:document-content/>")
    return tmp / "team.ods"


def _empty_file(tmp, mk):
    (tmp / "empty.xlsx").write_bytes(b"")
    return tmp / "empty.xlsx"


def _corrupt(tmp, mk):
    good = mk(basic()).read_bytes()
    (tmp / "cut.xlsx").write_bytes(good[: len(good) // 2])  # a download cut in half
    return tmp / "cut.xlsx"


def _missing_sheet(tmp, mk):
    return mk({"People": [person()]})


def _missing_column(tmp, mk):
    headers = [c for c in achievement() if c != "statement"] + ["statment"]
    row = {**achievement(), "statment": "Did things"}
    return mk(basic(Achievements=[row]), headers={"Achievements": headers})


def _no_people(tmp, mk):
    return mk({"People": [], "Achievements": []})


def _too_many_rows(tmp, mk):
    return mk(basic(Achievements=[achievement()] * 4))


WB = "workbook"
WORKBOOK_CASES = {
    "text-file-named-xlsx": (_text_as_xlsx, {(WB, None, None, None, "not_xlsx")}, {}),
    "csv-given": (_csv, {(WB, None, None, None, "csv_file")}, {}),
    "old-xls": (_old_xls, {(WB, None, None, None, "old_xls")}, {}),
    "password-protected": (_encrypted, {(WB, None, None, None, "encrypted")}, {}),
    "ods-given": (_ods, {(WB, None, None, None, "not_xlsx")}, {}),
    "empty-file": (_empty_file, {(WB, None, None, None, "empty_file")}, {}),
    "corrupt-truncated": (_corrupt, {(WB, None, None, None, "corrupt")}, {}),
    "missing-sheet": (_missing_sheet, {(WB, "Achievements", None, None, "missing_sheet")}, {}),
    "missing-column": (
        _missing_column,
        {(WB, "Achievements", None, "statement", "missing_column")},
        {},
    ),
    "no-people-rows": (_no_people, {(WB, "People", None, None, "empty_workbook")}, {}),
    "too-many-rows": (
        _too_many_rows,
        {(WB, "Achievements", None, None, "too_many_rows")},
        {"PROMOPACKET_MAX_ROWS_PER_SHEET": "3"},
    ),
}


# --- row-level cases -----------------------------------------------------------------------


def _formula_uncached(tmp, mk):
    path = mk(basic(Achievements=[achievement(), achievement(project="Two")]))
    return edit(path, lambda b: b["Achievements"].__setitem__("H3", "=40+10"))


def _excel_error(tmp, mk):
    path = mk(basic(Achievements=[achievement(), achievement(project="Two")]))
    return edit(path, lambda b: b["Achievements"].__setitem__("I2", "#DIV/0!"))


def _rejected_person(tmp, mk):
    return mk(basic(People=[person(team="  ")], Achievements=[achievement()]))


R = "row"
ROW_CASES = {
    "required-empty": (
        lambda t, mk: mk(basic(Achievements=[achievement(statement="   ")])),
        {(R, "Achievements", 2, "statement", "required")},
        {},
    ),
    "bad-id": (
        lambda t, mk: mk(
            basic(People=[person(person_id="p 1")], Achievements=[achievement(person_id="p 1")])
        ),
        {
            (R, "People", 2, "person_id", "bad_id"),
            (R, "Achievements", 2, "person_id", "bad_id"),
        },
        {},
    ),
    "duplicate-person": (
        lambda t, mk: mk(basic(People=[person(), person(person_id=" P1 ", name="Dup")])),
        {
            (R, "People", 2, "person_id", "duplicate"),
            (R, "People", 3, "person_id", "duplicate"),
            (R, "Achievements", 2, "person_id", "person_rejected"),
        },
        {},
    ),
    "unknown-person": (
        lambda t, mk: mk(basic(Achievements=[achievement(), achievement(person_id="ghost")])),
        {(R, "Achievements", 3, "person_id", "unknown_person")},
        {},
    ),
    "not-a-number": (
        lambda t, mk: mk(basic(Achievements=[achievement(baseline="lots")])),
        {(R, "Achievements", 2, "baseline", "not_number")},
        {},
    ),
    "number-with-unit": (
        lambda t, mk: mk(basic(Achievements=[achievement(result="30 min")])),
        {(R, "Achievements", 2, "result", "not_number")},
        {},
    ),
    "not-whole-number": (
        lambda t, mk: mk(basic(Team=[team(headcount="2.5")])),
        {(R, "Team", 2, "headcount", "not_integer")},
        {},
    ),
    "not-a-date": (
        lambda t, mk: mk(basic(Meetings=[meeting(date="next Tuesday")])),
        {(R, "Meetings", 2, "date", "not_date")},
        {},
    ),
    "vocab-unknown": (
        lambda t, mk: mk(basic(Achievements=[achievement(better="lowr")])),
        {(R, "Achievements", 2, "better", "not_in_vocab")},
        {},
    ),
    "meeting-outcome-unknown": (
        lambda t, mk: mk(basic(Meetings=[meeting(outcome="maybe later")])),
        {(R, "Meetings", 2, "outcome", "not_in_vocab")},
        {},
    ),
    "formula-without-saved-result": (
        _formula_uncached,
        {(R, "Achievements", 3, "baseline", "no_cached_value")},
        {},
    ),
    "excel-error-value": (_excel_error, {(R, "Achievements", 2, "result", "excel_error")}, {}),
    "text-too-long": (
        lambda t, mk: mk(basic(Achievements=[achievement(statement="x" * 60)])),
        {(R, "Achievements", 2, "statement", "too_long")},
        {"PROMOPACKET_MAX_CELL_CHARS": "50"},
    ),
    "person-rejected-cascades": (
        _rejected_person,
        {
            (R, "People", 2, "team", "required"),
            (R, "Achievements", 2, "person_id", "person_rejected"),
        },
        {},
    ),
}
CASES = {**WORKBOOK_CASES, **ROW_CASES}


def run_validate(path: Path, monkeypatch, env: dict) -> tuple[int, dict]:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = runner.invoke(app, ["validate", str(path), "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def assert_accounted(report: dict) -> None:
    """Nothing lost: read = used + rejected, and each rejected row has a row problem."""
    for sheet, count in report["counts"].items():
        assert count["read"] == count["used"] + count["rejected"], sheet
        if report["failed"]:
            assert count["used"] == 0
            continue
        rows = {p["row"] for p in report["problems"] if p["sheet"] == sheet and p["severity"] == R}
        assert len(rows) == count["rejected"], sheet


@pytest.mark.parametrize("case", list(CASES))
def test_broken_workbook_is_reported_exactly(case, tmp_path, make_workbook, monkeypatch):
    build, expected, env = CASES[case]
    code, report = run_validate(build(tmp_path, make_workbook), monkeypatch, env)
    blocking = {
        (p["severity"], p["sheet"], p["row"], p["column"], p["code"])
        for p in report["problems"]
        if p["severity"] != "advice"
    }
    assert blocking == expected
    assert code == 1
    assert report["failed"] == (case in WORKBOOK_CASES)
    for problem in report["problems"]:
        assert problem["message"] and problem["fix"]
        if problem["severity"] == R:
            letter_row = problem["cell"].split("!")[1]
            assert letter_row.endswith(str(problem["row"]))
    assert_accounted(report)


def test_located_problem_names_cell_value_and_closest_fix(tmp_path, make_workbook, monkeypatch):
    path = make_workbook(basic(Achievements=[achievement(competency="XAI", better="lowr")]))
    _, report = run_validate(path, monkeypatch, {})
    by_column = {p["column"]: p for p in report["problems"]}
    assert by_column["better"]["cell"] == "Achievements!K2"
    assert by_column["better"]["value"] == "lowr"
    assert by_column["better"]["fix"].startswith("Did you mean 'lower'?")
    # A competency outside the person's profile is advice: the entry stays, untagged.
    assert by_column["competency"]["severity"] == "advice"
    assert "Did you mean 'Explainable AI (XAI)'?" in by_column["competency"]["fix"]


def test_bad_optional_people_value_is_advice_and_exit_zero(tmp_path, make_workbook, monkeypatch):
    path = make_workbook(basic(People=[person(manager_email="sam at example")]))
    code, report = run_validate(path, monkeypatch, {})
    assert code == 0
    (problem,) = [p for p in report["problems"] if p["code"] == "not_email"]
    assert (problem["severity"], problem["cell"]) == ("advice", "People!H2")
    assert report["counts"]["People"] == {"read": 1, "used": 1, "rejected": 0}


def test_formula_with_saved_result_is_read_through(tmp_path, make_workbook, monkeypatch):
    path = make_workbook(basic())
    edit(path, lambda b: b["Achievements"].__setitem__("H2", "=40+10"))
    code, report = run_validate(with_cached_value(path, "40+10", "50"), monkeypatch, {})
    assert code == 0
    assert report["counts"]["Achievements"] == {"read": 1, "used": 1, "rejected": 0}


def test_unreadable_file_message_names_the_file_and_fix(tmp_path, make_workbook, monkeypatch):
    code, report = run_validate(_encrypted(tmp_path, make_workbook), monkeypatch, {})
    (problem,) = report["problems"]
    assert problem["file"] == "locked.xlsx"
    assert "password" in problem["message"] and "Encrypt with Password" in problem["fix"]


def test_table_output_shows_the_cell(tmp_path, make_workbook):
    path = make_workbook(basic(Achievements=[achievement(baseline="lots")]))
    result = runner.invoke(app, ["validate", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "Achievements!H2" in result.output and "'lots' is not a number" in result.output
    assert "Achievements: read 1, used 0, rejected 1" in result.output
