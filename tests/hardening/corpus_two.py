"""Round two of the adversarial corpus: silent loss, shared output names, inputs that used to
stop a run, and boundaries. Same shape as corpus.py (a builder writes one input, an expectation
says what the user must get); ALL_CASES is both rounds and the Feedback sheet's cases."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import achievement, meeting, person, team
from tests.hardening.corpus import CASES, Case, _book, _repack
from tests.hardening.corpus_feedback import FEEDBACK_CASES


def _set_dimension(ref: str, sheets: tuple[str, ...] = ("sheet1", "sheet2", "sheet3", "sheet4")):
    """Rewrite each named sheet part's <dimension> to ref (as some exporters write 'A1')."""

    def change(name: str, data: bytes) -> bytes | None:
        if not any(name == f"xl/worksheets/{s}.xml" for s in sheets):
            return None
        return re.sub(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), data)

    return change


def _dimension_a1(folder: Path) -> Path:
    people = [person(person_id=f"p{i}", name=f"Person {i}") for i in range(1, 6)]
    achievements = [
        achievement(person_id=f"p{i % 5 + 1}", statement=f"Shipped change {i}") for i in range(30)
    ]
    source = _book(folder, "dim-src.xlsx", People=people, Achievements=achievements)
    return _repack(source, folder / "dimension-a1.xlsx", _set_dimension("A1"))


def _dimension_two_rows(folder: Path) -> Path:
    """Full width, but only the header and one row declared: the silent-loss shape (the
    reader used to stop after one person and one achievement, and its counts agreed)."""
    people = [person(person_id=f"p{i}", name=f"Person {i}") for i in range(1, 6)]
    achievements = [
        achievement(person_id=f"p{i % 5 + 1}", statement=f"Cut cost {i}") for i in range(30)
    ]
    source = _book(folder, "two-rows-src.xlsx", People=people, Achievements=achievements)
    return _repack(source, folder / "dimension-two-rows.xlsx", _set_dimension("A1:Z2"))


def _dimension_narrow(folder: Path) -> Path:
    """The dimension covers two columns and two rows of a sheet far wider and longer."""
    achievements = [achievement(statement=f"Cut cost {i}") for i in range(12)]
    source = _book(folder, "narrow-src.xlsx", Achievements=achievements)
    return _repack(source, folder / "dimension-narrow.xlsx", _set_dimension("A1:B2", ("sheet2",)))


def _dimension_missing(folder: Path) -> Path:
    def drop(name: str, data: bytes) -> bytes | None:
        if name.startswith("xl/worksheets/sheet"):
            return re.sub(rb'<dimension ref="[^"]*"\s*/>', b"", data)
        return None

    return _repack(_book(folder, "nodim-src.xlsx"), folder / "dimension-missing.xlsx", drop)


def _same_day_meetings(folder: Path) -> Path:
    day = dt.date(2026, 10, 6)
    return _book(
        folder,
        "same-day-meetings.xlsx",
        Meetings=[
            meeting(date=day, with_name="Sam Lee"),
            meeting(date=day, with_name="Dee Okafor", outcome="not yet"),
            meeting(date=dt.datetime(2026, 10, 6, 15, 30), with_name="Ray Chen"),
            meeting(date=dt.date(2026, 11, 2)),
        ],
    )


def _same_day_text_and_date(folder: Path) -> Path:
    """One date written three ways: a date cell, ISO text and day-first text."""
    return _book(
        folder,
        "same-day-three-ways.xlsx",
        Meetings=[
            meeting(date=dt.date(2026, 3, 15)),
            meeting(date="2026-03-15", with_name="Dee Okafor"),
            meeting(date="15/03/2026", with_name="Ray Chen"),
        ],
    )


def _retitle(path: Path, changes) -> Path:
    book = load_workbook(path)
    changes(book)
    book.save(path)
    return path


def _copy_sheet(book, name: str, title: str, hidden: bool = False, empty: bool = False):
    sheet = book.copy_worksheet(book[name])
    sheet.title = title
    if empty:
        sheet.delete_rows(2, sheet.max_row)
    if hidden:
        sheet.sheet_state = "hidden"
    return sheet


def _two_people_tabs(folder: Path) -> Path:
    path = _book(folder, "two-people-tabs.xlsx")

    def change(book):
        sheet = _copy_sheet(book, "People", "people ")
        sheet["A2"] = "p9"

    return _retitle(path, change)


def _empty_namesake_tab(folder: Path) -> Path:
    path = _book(folder, "empty-namesake-tab.xlsx")
    return _retitle(path, lambda b: _copy_sheet(b, "Meetings", "MEETINGS", empty=True))


def _hidden_namesake_with_rows(folder: Path) -> Path:
    path = _book(folder, "hidden-namesake.xlsx")
    return _retitle(path, lambda b: _copy_sheet(b, "Achievements", "achievements_", hidden=True))


def _header_again(folder: Path) -> Path:
    path = _book(
        folder,
        "header-again.xlsx",
        People=[person(), person(person_id="p2", name="Kim Ro")],
        Achievements=[achievement(), achievement(person_id="p2")],
    )

    def change(book):
        ws = book["People"]
        ws.insert_rows(3)
        for cell in ws[1]:
            ws.cell(row=3, column=cell.column, value=cell.value)

    return _retitle(path, change)


def _header_again_restyled(folder: Path) -> Path:
    """A second table pasted below the first, its header written 'PERSON ID', 'STATEMENT'."""
    path = _book(folder, "header-again-restyled.xlsx", Achievements=[achievement()] * 2)

    def change(book):
        ws = book["Achievements"]
        header = [cell.value for cell in ws[1]]
        row = ws.max_row + 2
        second = achievement(statement="Second table row")
        for column, name in enumerate(header, start=1):
            ws.cell(row=row, column=column, value=str(name).replace("_", " ").upper())
            ws.cell(row=row + 1, column=column, value=second.get(name))

    return _retitle(path, change)


def _team_header_again(folder: Path) -> Path:
    path = _book(folder, "team-header-again.xlsx", Team=[team(), team(team="Search")])
    return _retitle(
        path,
        lambda b: [
            b["Team"].cell(row=3, column=c, value=v) for c, v in ((1, "TEAM"), (2, "Mission"))
        ],
    )


# --- 2. one person's documents in another's folder -------------------------------------------


def _trailing_punctuation_ids(folder: Path) -> Path:
    ids = ["p1", "p1.", "p1-", "p1..", "P1-x", ".p1", "p1.-"]
    return _book(
        folder,
        "trailing-punctuation-ids.xlsx",
        People=[person(person_id=i, name=f"Person {n}") for n, i in enumerate(ids)],
        Achievements=[achievement(person_id=i, statement=f"Work of {i}") for i in ids],
        Meetings=[meeting(person_id=i) for i in ids],
    )


def _long_shared_prefix_ids(folder: Path) -> Path:
    stem = "team-ranking-" + "x" * 70
    ids = [stem + "a", stem + "b", stem[:80]]
    return _book(
        folder,
        "long-ids.xlsx",
        People=[person(person_id=i, name=f"Person {n}") for n, i in enumerate(ids)],
        Achievements=[achievement(person_id=i) for i in ids],
        Meetings=[],
    )


def _ids_named_like_outputs(folder: Path) -> Path:
    ids = ["summary.xlsx", "manifest.json", "validation", "review", "Problems.XLSX", "con-1"]
    return _book(
        folder,
        "ids-like-outputs.xlsx",
        People=[person(person_id=i, name=f"Person {n}") for n, i in enumerate(ids)],
        Achievements=[achievement(person_id=i) for i in ids],
        Meetings=[meeting(person_id=i) for i in ids],
    )


def _named(name: str):
    def build(folder: Path) -> Path:
        return _book(folder, name)

    build.__name__ = f"_named_{name}"
    return build


# --- 3. inputs that used to stop the run -------------------------------------------------------

MARKUP = "[/] [@click=(] [bold red]x[/bold red] [link=file:///etc/passwd]y[/link]"


def _markup_cells(folder: Path) -> Path:
    return _book(
        folder,
        "markup-cells.xlsx",
        People=[person(name=f"Pat {MARKUP}"), person(person_id="p2", email="[/]@[x")],
        Achievements=[achievement(statement=MARKUP, outcome="[/]"), achievement(baseline="[/]")],
        Meetings=[meeting(key_points=MARKUP, outcome="[red]vague")],
    )


def _bad_shared_string(folder: Path) -> Path:
    """A cell pointing at shared string 9999 of a table holding a few dozen."""

    def change(name: str, data: bytes) -> bytes | None:
        if name != "xl/worksheets/sheet1.xml":
            return None
        text = data.decode()
        # openpyxl writes inline strings; make B2 a shared-string reference out of range.
        patched = re.sub(
            r'<c r="B2"([^>]*) t="inlineStr"><is><t>[^<]*</t></is></c>',
            r'<c r="B2"\1 t="s"><v>9999</v></c>',
            text,
        )
        assert patched != text, "B2 is not an inline string"
        return patched.encode()

    return _repack(
        _book(folder, "sst-src.xlsx"), folder / "shared-string-out-of-range.xlsx", change
    )


def _far_dates(folder: Path) -> Path:
    return _book(
        folder,
        "far-dates.xlsx",
        Meetings=[
            meeting(date=dt.date(9999, 12, 31)),
            meeting(date=dt.date(2026, 3, 1), follow_up_date=dt.date(9999, 12, 31)),
            meeting(date=dt.date(1, 1, 1), with_name="Dee Okafor"),
            meeting(date="9999-12-31", with_name="Ray Chen"),
            meeting(date=dt.date(2026, 4, 1), with_name="Kim Ro"),
        ],
    )


def _extreme_numbers(folder: Path) -> Path:
    return _book(
        folder,
        "extreme-numbers.xlsx",
        Achievements=[
            achievement(baseline=1e30, result=1),
            achievement(baseline=50, result=1e-300),
            achievement(baseline=1e-300, result=1e-299),
            achievement(baseline="1,000,000,000,000,000,000", result=2),
            achievement(baseline=-1e300, result=1e300),
            achievement(statement="A sane one", baseline=50, result=30),
        ],
        People=[person(), person(person_id="p2", tenure_months=1e20)],
    )


def _negative_date_serial(folder: Path) -> Path:
    path = _book(folder, "negative-date-serial.xlsx", Meetings=[meeting(), meeting(with_name="B")])

    def change(book):
        ws = book["Meetings"]
        for row, serial in ((2, -5), (3, 0)):
            ws.cell(row=row, column=2, value=serial).number_format = "yyyy-mm-dd"

    return _retitle(path, change)


def _latin1_file_name(folder: Path) -> Path:
    name = os.fsdecode(b"r\xe9sum\xe9-latin1.xlsx")  # not UTF-8: a surrogate-escaped str
    source = _book(folder, "latin1-src.xlsx")
    target = folder / name
    source.rename(target)
    return target


def _strict_ooxml(folder: Path) -> Path:
    """A 'Strict Open XML' save: the same parts under the purl.oclc.org namespaces."""
    transitional = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    strict = b"http://purl.oclc.org/ooxml/spreadsheetml/main"

    def change(name: str, data: bytes) -> bytes | None:
        if name.endswith(".xml") and transitional in data:
            return data.replace(transitional, strict)
        return None

    return _repack(_book(folder, "strict-src.xlsx"), folder / "strict-ooxml.xlsx", change)


def _folder_named_xlsx(folder: Path) -> Path:
    path = folder / "folder-named.xlsx"
    path.mkdir()
    (path / "inside.txt").write_text("not a workbook")
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "named-pipe.xlsx"
    os.mkfifo(path, 0o600)
    return path


def _cohort_lookalikes(folder: Path) -> Path:
    """Cohort written with an en dash, a zero-width space, full-width digits, NBSP."""
    values = ["2026–H2", "2026-\u200bH2", "２０２６-H2", "2026-H2\u00a0", "2026\u2011H2"]
    ids = [f"c{i}" for i in range(len(values))]
    return _book(
        folder,
        "cohort-lookalikes.xlsx",
        People=[person(person_id=i, cohort=v) for i, v in zip(ids, values, strict=True)],
        Achievements=[achievement(person_id=i) for i in ids],
        Meetings=[],
    )


ROUND_TWO: tuple[Case, ...] = (
    # 1. silent loss
    Case("dimension-declares-A1", _dimension_a1, documents=True),
    Case("dimension-declares-two-rows", _dimension_two_rows, documents=True),
    Case("dimension-narrower-than-the-sheet", _dimension_narrow, documents=True),
    Case("dimension-element-missing", _dimension_missing, documents=True),
    Case("meetings-on-one-date", _same_day_meetings, documents=True),
    Case("one-date-written-three-ways", _same_day_text_and_date, documents=True),
    Case("two-visible-people-tabs-with-rows", _two_people_tabs, "duplicate_sheet"),
    Case("empty-namesake-tab", _empty_namesake_tab, documents=True),
    Case("hidden-namesake-tab-with-rows", _hidden_namesake_with_rows, documents=True),
    Case(
        "header-row-again-mid-sheet",
        _header_again,
        row_codes=frozenset({"repeated_header"}),
        documents=True,
    ),
    Case(
        "second-table-with-restyled-header",
        _header_again_restyled,
        row_codes=frozenset({"repeated_header"}),
        documents=True,
    ),
    Case(
        "team-header-again",
        _team_header_again,
        row_codes=frozenset({"repeated_header"}),
        documents=True,
    ),
    Case("cohort-values-that-look-alike", _cohort_lookalikes, documents=True),
    # 2. shared output names
    Case("ids-differing-by-trailing-punctuation", _trailing_punctuation_ids, documents=True),
    Case("long-ids-sharing-a-prefix", _long_shared_prefix_ids, documents=True),
    Case("ids-named-like-the-runs-own-files", _ids_named_like_outputs, documents=True),
    Case("workbook-name-with-a-space", _named("Q1 plan.xlsx"), documents=True),
    Case("workbook-name-with-a-dash", _named("Q1-plan.xlsx"), documents=True),
    Case("workbook-name-with-an-underscore", _named("Q1_plan.xlsx"), documents=True),
    Case("workbook-named-like-the-error-log", _named("promopacket-error.log.xlsx"), documents=True),
    Case("workbook-named-summary", _named("summary.xlsx"), documents=True),
    # 3. one input never stops the run
    Case(
        "markup-in-cells",
        _markup_cells,
        row_codes=frozenset({"not_email", "not_number"}),
        documents=True,
    ),
    Case(
        "markup-in-the-file-name", _named("[red]notes[\\] [@click=(] [link=x].xlsx"), documents=True
    ),
    Case("shared-string-index-out-of-range", _bad_shared_string, "corrupt"),
    Case(
        "dates-at-the-ends-of-the-calendar",
        _far_dates,
        row_codes=frozenset({"out_of_range"}),
        documents=True,
    ),
    Case(
        "numbers-too-large-or-too-small",
        _extreme_numbers,
        row_codes=frozenset({"out_of_range"}),
        documents=True,
    ),
    Case(
        "negative-and-zero-date-serials",
        _negative_date_serial,
        row_codes=frozenset({"out_of_range"}),
        documents=True,
    ),
    Case("file-name-not-utf8", _latin1_file_name, documents=True),
    Case("strict-open-xml", _strict_ooxml, "strict_ooxml"),
    # 4. boundaries
    Case("folder-named-like-a-workbook", _folder_named_xlsx, "not_a_file"),
    Case("named-pipe-named-like-a-workbook", _fifo, "not_a_file"),
)

ALL_CASES: tuple[Case, ...] = CASES + ROUND_TWO + FEEDBACK_CASES
