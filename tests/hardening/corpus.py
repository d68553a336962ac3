"""The adversarial input corpus, built in code: hostile and clumsy workbooks.

Each case is (name, builder, expectation). A builder writes one file into a folder and returns
its path. The expectation says what a user must get: a workbook-level problem with a code, row
problems with codes, or clean documents.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook

from promopacket.read.writer import write_input_workbook
from tests.conftest import EXAMPLE, achievement, meeting, person, team

CONTROL = "".join(chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\n\r")


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], Path]
    workbook_code: str | None = None  # the workbook fails with this problem code
    row_codes: frozenset[str] = field(default_factory=frozenset)  # row problems expected
    documents: bool = False  # at least one packet must be produced
    settings: dict = field(default_factory=dict)  # Settings overrides (limits) for this case


def _book(folder: Path, name: str, **sheets) -> Path:
    base = {
        "People": [person()],
        "Achievements": [achievement()],
        "Team": [team()],
        "Meetings": [meeting()],
    }
    base.update(sheets)
    return write_input_workbook(folder / name, base)


def _bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return build


def _truncated(folder: Path) -> Path:
    data = EXAMPLE.read_bytes()
    path = folder / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _zip_bomb(folder: Path) -> Path:
    """A valid-looking package whose shared strings expand to ~300 MB from a few hundred kB."""
    source = _book(folder, "bomb-source.xlsx")
    path = folder / "zip-bomb.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        block = b"<si><t>" + b"A" * 1_000_000 + b"</t></si>"
        with dst.open("xl/sharedStrings.xml.bomb", "w", force_zip64=True) as fh:
            for _ in range(300):
                fh.write(block)
    source.unlink()
    return path


def _million_rows(folder: Path) -> Path:
    """A sheet whose dimension claims a million rows but holds three."""
    path = _book(folder, "million-claim.xlsx")
    patched = folder / "million-rows.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode()
                start = text.find("<dimension ref=")
                if start >= 0:
                    end = text.find("/>", start)
                    text = text[:start] + '<dimension ref="A1:Z1048576"' + text[end:]
                data = text.encode()
            dst.writestr(item, data)
    path.unlink()
    return patched


def _real_million_rows(folder: Path) -> Path:
    """Far more data rows than the default limit allows."""
    rows = [achievement(statement=f"Entry {i}") for i in range(25_000)]
    return _book(folder, "too-many-rows.xlsx", Achievements=rows)


def _password(folder: Path) -> Path:
    import msoffcrypto

    plain = _book(folder, "plain.xlsx")
    path = folder / "password.xlsx"
    with plain.open("rb") as src, path.open("wb") as dst:
        office = msoffcrypto.OfficeFile(src)
        office.encrypt("secret", dst)
    plain.unlink()
    return path


def _ods(folder: Path) -> Path:
    path = folder / "sheet.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    return path


def _empty_workbook(folder: Path) -> Path:
    path = folder / "empty.xlsx"
    Workbook().save(path)
    return path


def _headers_only(folder: Path) -> Path:
    return _book(folder, "headers-only.xlsx", People=[], Achievements=[], Team=[], Meetings=[])


def _wrong_types(folder: Path) -> Path:
    bad = dict(
        person_id="p 1!",
        name=None,
        email="not-an-email",
        current_title=None,
        tenure_months="two years",
        archetype="Wizard",
    )
    ach = achievement(
        person_id="p1",
        baseline="fifty",
        result="n/a",
        better="sideways",
        competency="Juggling",
        lever="Magic",
    )
    meet = meeting(date="someday", outcome="perhaps", follow_up_date="never")
    return _book(
        folder,
        "wrong-types.xlsx",
        People=[person(), person(**bad)],
        Achievements=[ach],
        Meetings=[meet],
        Team=[team(headcount="many")],
    )


def _case_duplicates(folder: Path) -> Path:
    return _book(
        folder,
        "case-dupes.xlsx",
        People=[person(person_id="Ana"), person(person_id=" ana ")],
        Achievements=[achievement(person_id="Ana")],
    )


def _control_chars(folder: Path) -> Path:
    text = f"Cut{CONTROL}latency"
    return _book(
        folder,
        "control-chars.xlsx",
        People=[person(name=f"Pat{CONTROL}Doe")],
        Achievements=[achievement(statement=text, outcome=f"daily{CONTROL} runs")],
        Meetings=[meeting(key_points=f"points{CONTROL}")],
    )


def _emoji_rtl_jinja(folder: Path) -> Path:
    return _book(
        folder,
        "emoji-rtl-jinja.xlsx",
        People=[person(name="Zoë 🚀 مرحبا بالعالم")],
        Achievements=[
            achievement(
                statement="{{ 7*7 }} {% for x in y %} & <b>bold</b>",
                outcome='שלום & <tag> "quotes" 🎉',
            ),
            achievement(statement="{{ config }}", metric=None, baseline=None, result=None),
        ],
        Meetings=[meeting(key_points="{%p if true %} ${x} 'q' \"dq\"")],
    )


def _long_cell(folder: Path) -> Path:
    return _book(
        folder, "long-cell.xlsx", Achievements=[achievement(), achievement(statement="x" * 50_000)]
    )


def _formula_text(folder: Path) -> Path:
    return _book(
        folder,
        "formula-text.xlsx",
        People=[person(), person(person_id="p2", name='=HYPERLINK("http://x")')],
        Achievements=[
            achievement(statement="=1+1"),
            achievement(statement="+cmd|x"),
            achievement(statement="-2+3"),
            achievement(statement="@SUM(A1)"),
            achievement(person_id="ghost", statement="=EVIL()"),
        ],
    )


def _path_ids(folder: Path) -> Path:
    return _book(
        folder,
        "path-ids.xlsx",
        People=[
            person(),
            person(person_id="../escape"),
            person(person_id="/etc/passwd"),
            person(person_id="CON"),
            person(person_id="ñandú"),
        ],
        Achievements=[achievement(), achievement(person_id="CON")],
    )


def _odd_file_name(folder: Path) -> Path:
    return _book(folder, "résumé ☃ 2026 (final).xlsx")


def _hidden_people_and_merged(folder: Path) -> Path:
    path = _book(folder, "hidden-merged.xlsx")
    book = load_workbook(path)
    book["People"].sheet_state = "hidden"
    ws = book["Team"]
    ws.merge_cells("B2:C2")
    book.save(path)
    return path


def _no_cached_formula(folder: Path) -> Path:
    path = _book(folder, "formula-uncached.xlsx")
    book = load_workbook(path)
    ws = book["Achievements"]
    ws["H2"] = "=40+10"  # baseline as a formula; openpyxl saves no cached result
    ws["H2"].data_type = "f"
    book.save(path)
    return path


def _blank_rows_and_spaces(folder: Path) -> Path:
    path = _book(
        folder, "blank-rows.xlsx", Achievements=[achievement(statement="  First  "), achievement()]
    )
    book = load_workbook(path)
    book["Achievements"].insert_rows(3, amount=3)
    book.save(path)
    return path


def _title_rows(folder: Path) -> Path:
    path = _book(folder, "title-rows.xlsx")
    book = load_workbook(path)
    ws = book["People"]
    ws.insert_rows(1, amount=2)
    ws["A1"] = "Our promotion cohort"
    book.save(path)
    return path


def _example_copy(folder: Path) -> Path:
    path = folder / "example.xlsx"
    shutil.copy(EXAMPLE, path)
    return path


def _bad_dates(folder: Path) -> Path:
    return _book(
        folder,
        "bad-dates.xlsx",
        Meetings=[
            meeting(date="31/02/2026"),
            meeting(date=dt.date(2026, 3, 1), follow_up_date="tomorrow"),
        ],
    )


def _huge_numbers(folder: Path) -> Path:
    return _book(
        folder,
        "huge-numbers.xlsx",
        Achievements=[
            achievement(baseline="1e400", result=30),
            achievement(baseline=10**30, result=1),
        ],
    )


def _xlsx_is_docx(folder: Path) -> Path:
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    path = folder / "actually-word.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


def _repack(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """Copy a package member by member; change(name, data) returns new bytes or None (keep)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, change(item.filename, data) or data)
    source.unlink()
    return target


def _sheet_xml_bomb(folder: Path) -> Path:
    """The People sheet's own XML padded to ~60 MB of whitespace: a few kB zipped."""

    def pad(name: str, data: bytes) -> bytes | None:
        if name == "xl/worksheets/sheet1.xml":
            return data.replace(b"<sheetData>", b"<sheetData>" + b" " * 60_000_000, 1)
        return None

    return _repack(_book(folder, "bomb-src.xlsx"), folder / "sheet-bomb.xlsx", pad)


def _billion_laughs(folder: Path) -> Path:
    """A sheet whose XML declares nested entities that would expand to gigabytes if resolved."""
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )

    def swap(name: str, data: bytes) -> bytes | None:
        if name != "xl/worksheets/sheet1.xml":
            return None
        return f"<!DOCTYPE worksheet [{entities}]>".encode() + data.replace(b"Pat Doe", b"&a9;")

    return _repack(_book(folder, "laughs-src.xlsx"), folder / "billion-laughs.xlsx", swap)


def _odd_sheet_names(folder: Path) -> Path:
    path = _book(folder, "odd-sheet-names.xlsx")
    book = load_workbook(path)
    book["People"].title = " people "
    sheet = book["Achievements"]
    sheet.title = "renaming"  # openpyxl would make "ACHIEVEMENTS1" beside "Achievements"
    sheet.title = "ACHIEVEMENTS"
    book.save(path)
    return path


def _invisible_unicode(folder: Path) -> Path:
    return _book(
        folder,
        "invisible-unicode.xlsx",
        People=[
            person(name="\u202eeod tap\u200b", manager_name="Sam\ufeff Lee"),
            person(person_id="p\u202e2"),
        ],
        Achievements=[achievement(statement="Cut\u200d latency\u0301 \u2028 twice")],
    )


def _person_without_rows(folder: Path) -> Path:
    return _book(
        folder,
        "no-achievements.xlsx",
        Achievements=[achievement(person_id="p2")],
        People=[person(), person(person_id="p2")],
        Meetings=[],
    )


CASES: tuple[Case, ...] = (
    Case("corrupt", _bytes("corrupt.xlsx", b"PK\x03\x04" + bytes(range(256)) * 8), "corrupt"),
    Case("truncated", _truncated, "corrupt"),
    Case("zip-bomb", _zip_bomb, "zip_bomb"),
    Case("dimension-claims-a-million-rows", _million_rows, documents=True),
    Case("more-rows-than-the-limit", _real_million_rows, "too_many_rows"),
    Case("xls", _bytes("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504), "old_xls"),
    Case("csv", _bytes("people.csv", b"person_id,name\np1,Pat\n"), "csv_file"),
    Case("ods", _ods, "not_xlsx"),
    Case("renamed-text", _bytes("notes.xlsx", b"meeting notes, not a workbook"), "not_xlsx"),
    Case("zero-bytes", _bytes("zero.xlsx", b""), "empty_file"),
    Case("word-named-xlsx", _xlsx_is_docx, "not_xlsx"),
    Case("password-protected", _password, "encrypted"),
    Case("empty-workbook", _empty_workbook, "missing_sheet"),
    Case("headers-only", _headers_only, "empty_workbook"),
    Case(
        "wrong-types-everywhere",
        _wrong_types,
        row_codes=frozenset(
            {
                "bad_id",
                "required",
                "not_integer",
                "not_in_vocab",
                "not_number",
                "not_date",
            }
        ),
        documents=True,
    ),
    Case("duplicate-ids-by-case-and-space", _case_duplicates, row_codes=frozenset({"duplicate"})),
    Case("control-characters", _control_chars, documents=True),
    Case("emoji-rtl-jinja", _emoji_rtl_jinja, documents=True),
    Case("50k-character-cell", _long_cell, row_codes=frozenset({"too_long"}), documents=True),
    Case(
        "formula-looking-text",
        _formula_text,
        row_codes=frozenset({"unknown_person"}),
        documents=True,
    ),
    Case("path-like-ids", _path_ids, row_codes=frozenset({"bad_id"}), documents=True),
    Case("odd-file-name", _odd_file_name, documents=True),
    Case("hidden-sheet-and-merged-cells", _hidden_people_and_merged, documents=True),
    Case(
        "formula-without-cached-value",
        _no_cached_formula,
        row_codes=frozenset({"no_cached_value"}),
        documents=True,
    ),
    Case("blank-rows-and-trailing-spaces", _blank_rows_and_spaces, documents=True),
    Case("title-rows-above-header", _title_rows, documents=True),
    Case("impossible-dates", _bad_dates, row_codes=frozenset({"not_date"}), documents=True),
    Case("huge-numbers", _huge_numbers, row_codes=frozenset({"not_number"}), documents=True),
    Case("good-example", _example_copy, documents=True),
    Case("sheet-xml-bomb", _sheet_xml_bomb, "zip_bomb"),
    Case("billion-laughs-entities", _billion_laughs, "corrupt"),
    Case(
        "html-saved-as-xls",
        _bytes("report.xls", b"<html><table><tr><td>person_id</td></tr></table></html>"),
        "not_xlsx",
    ),
    Case("over-the-file-size-limit", _example_copy, "too_big", settings={"max_file_mb": 0.001}),
    Case(
        "over-the-unpacked-size-limit",
        _example_copy,
        "too_big_unpacked",
        settings={"max_unpacked_mb": 0.01},
    ),
    Case("sheet-names-in-odd-case-and-spacing", _odd_sheet_names, documents=True),
    Case(
        "bidi-override-and-zero-width-characters",
        _invisible_unicode,
        row_codes=frozenset({"bad_id"}),
        documents=True,
    ),
    Case("person-with-no-achievements-or-meetings", _person_without_rows, documents=True),
)
