"""Raw tables → Great Expectations results → located Problems + clean typed records."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError

from promopacket.core.contract import (
    SHEETS,
    Column,
    SheetSpec,
    Vocabularies,
    load_vocabularies,
    normalise_name,
)
from promopacket.core.messages import problem_text
from promopacket.core.models import (
    Achievement,
    Feedback,
    Meeting,
    Person,
    Problem,
    Setting,
    SheetCount,
    SheetLayout,
    Source,
    Team,
    WorkbookData,
)
from promopacket.core.problems import sorted_problems
from promopacket.profiles import ProfileError, cached_profiles
from promopacket.read.cells import format_conflicts, unit_from_formats
from promopacket.read.workbook import RawSheet, RawWorkbook
from promopacket.settings import Settings
from promopacket.validate.datadocs import write_index
from promopacket.validate.gx_suite import ROW, Failure, run_suites
from promopacket.validate.parse import ParseError, clean_text, parse_date, parse_number
from promopacket.validate.profiles import apply_profiles

RECORD_TYPES = {
    "People": Person,
    "Achievements": Achievement,
    "Team": Team,
    "Meetings": Meeting,
    "Feedback": Feedback,
    "Settings": Setting,
}
FIELDS = {
    "People": "people",
    "Achievements": "achievements",
    "Team": "teams",
    "Meetings": "meetings",
    "Feedback": "feedback",
    "Settings": "workbook_settings",
}


# Cell flags that only make that cell's value unknown; a flag about the whole row (a header row
# pasted again) still rejects it, whichever column carries it.
UNKNOWN_VALUE = {"no_cached_value", "excel_error"}
# Cell flags that leave a usable value: an advice at the cell, the row kept.
CELL_ADVICE = {"text_cleaned"}


def _softened(problem: Problem) -> Problem:
    """A bad optional People cell: advice on that cell, the person kept without the value."""
    message, fix = problem_text("optional_ignored", detail=problem.message, suggestion=problem.fix)
    return problem.model_copy(update={"severity": "advice", "message": message, "fix": fix})


def _optional_people_cell(sheet: str, column: str) -> bool:
    return sheet == "People" and not SHEETS["People"].column(column).required


def _key(value: Any) -> str | None:
    text = clean_text(value)
    return None if text is None else normalise_name(text)


# What promopacket's arithmetic works with. Magnitudes outside these overflow the exact
# arithmetic of the rewrite (a change of 1e30 % has more digits than Decimal keeps) or mean
# a slip (a date in year 9999, an Excel serial 0 that reads as 1899); a located row problem
# says so instead of a person failing later with an OverflowError.
MAX_MAGNITUDE = Decimal(10) ** 12
MIN_MAGNITUDE = Decimal(10) ** -6
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


class OutOfRange(ParseError):
    """A value that reads correctly but lies outside what the documents can work with."""


def _number(value: Any) -> Decimal:
    number = parse_number(value)
    if number and not MIN_MAGNITUDE <= abs(number) <= MAX_MAGNITUDE:
        raise OutOfRange("numbers must be 0 or between 0.000001 and 1,000,000,000,000 in size")
    return number


def _date(value: Any) -> dt.date:
    day = parse_date(value)
    if not FIRST_DATE <= day <= LAST_DATE:
        raise OutOfRange(f"dates must lie between {FIRST_DATE} and {LAST_DATE}")
    return day


def _is_header(row) -> bool:
    return any(code == "repeated_header" for code, _ in row.flags.values())


def _canonical_cell(col: Column, value: Any, reasons: dict) -> Any:
    """The string GX checks: parsed canonical form when the parser accepts it, else the text."""
    text = clean_text(value)
    if text is None:
        return None
    try:
        if col.kind == "number":
            return format(_number(value), "f")
        if col.kind == "int":
            number = _number(value)
            return str(int(number)) if number == number.to_integral_value() else text
        if col.kind == "date":
            return _date(value).isoformat()
    except OutOfRange as exc:
        reasons[col.name] = exc
        return f"{text} (out of range)"  # a form no pattern accepts: the cell fails in GX
    except ParseError as exc:
        reasons[col.name] = exc
    return text


def _frame(sheet: RawSheet, reasons: dict[tuple[str, int], dict]) -> pd.DataFrame:
    records = []
    for row in sheet.rows:
        row_reasons: dict[str, str] = {}
        record: dict[str, Any] = {ROW: row.excel_row}
        for col in sheet.spec.columns:
            if col.name not in sheet.letters:
                continue
            value = row.values.get(col.name)
            record[col.name] = _canonical_cell(col, value, row_reasons)
            if col.kind == "vocab" or col.unique or col.references_people:
                record[f"{col.name}__key"] = _key(value)
        reasons[(sheet.spec.name, row.excel_row)] = row_reasons
        records.append(record)
    return pd.DataFrame.from_records(records).astype(object) if records else pd.DataFrame()


def _problem(
    file: str,
    sheet: RawSheet,
    failure: Failure,
    value: Any,
    vocab: Vocabularies,
    reasons: dict,
    settings: Settings,
) -> Problem:
    col = sheet.spec.column(failure.column)
    shown = clean_text(value)
    reason = reasons.get((sheet.spec.name, failure.excel_row), {}).get(col.name)
    detail: object = "" if reason is None else str(reason)
    code = "out_of_range" if isinstance(reason, OutOfRange) else failure.code
    suggestion = ""
    if failure.code == "not_in_vocab" and col.vocab:
        near = vocab.closest(col.vocab, str(shown))
        suggestion = f"Did you mean '{near}'? " if near else ""
        detail = ", ".join(vocab.values[col.vocab])
    limit = settings.max_cell_chars
    if failure.code in ("too_long", "too_long_column"):
        detail = len(shown or "")
    if failure.code == "too_long_column":
        limit = min(col.max_chars or limit, limit)
    message, fix = problem_text(
        code,
        column=col.name,
        value=_short(shown),
        detail=detail,
        suggestion=suggestion,
        limit=limit,
    )
    return Problem(
        file=file,
        sheet=sheet.spec.name,
        row=failure.excel_row,
        column=col.name,
        cell=sheet.cell(col.name, failure.excel_row),
        value=_short(shown),
        message=message,
        fix=fix,
        severity="row",
        code=code,
    )


def _flag_problems(file: str, sheet: RawSheet) -> list[Problem]:
    """Cells whose value is unknown (uncalculated formula, Excel error): located row problems."""
    found = []
    for row in sheet.rows:
        for column, (code, shown) in row.flags.items():
            message, fix = problem_text(code, value=_short(shown))
            found.append(
                Problem(
                    file=file,
                    sheet=sheet.spec.name,
                    row=row.excel_row,
                    column=column,
                    cell=sheet.cell(column, row.excel_row),
                    value=_short(shown),
                    message=message,
                    fix=fix,
                    severity="advice" if code in CELL_ADVICE else "row",
                    code=code,
                )
            )
    return found


def _short(text: str | None, limit: int = 200) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[:limit] + "…"


def _coerce(col: Column, value: Any, vocab: Vocabularies) -> Any:
    if col.kind == "number":
        return None if clean_text(value) is None else _number(value)
    if col.kind == "int":
        return None if clean_text(value) is None else int(_number(value))
    if col.kind == "date":
        return None if clean_text(value) is None else _date(value)
    text = clean_text(value)
    if text is not None and col.kind == "vocab" and col.vocab:
        return vocab.canonical(col.vocab, text)
    return text


def _not_processed(
    data: WorkbookData, code: str | None = None, sheet: str | None = None, **detail: str
) -> WorkbookData:
    """The workbook is not processed: every row rejected, and with `code`, a workbook-level
    problem saying why."""
    if code is not None:
        message, fix = problem_text(code, **detail)
        data.problems.append(
            Problem(
                file=data.file,
                sheet=sheet,
                message=message,
                fix=fix,
                severity="workbook",
                code=code,
            )
        )
    data.failed = True
    for count in data.counts.values():
        count.rejected = count.read
    return data


def validate_workbook(
    raw: RawWorkbook, settings: Settings | None = None, docs_dir: Path | None = None
) -> WorkbookData:
    """Validate a read workbook: every problem located, every row used or rejected."""
    settings = settings or Settings()
    data = WorkbookData(
        file=raw.file,
        problems=list(raw.problems),
        layout={n: SheetLayout(title=s.title, letters=s.letters) for n, s in raw.sheets.items()},
    )
    for name, sheet in raw.sheets.items():
        data.counts[name] = SheetCount(read=len(sheet.rows))
    if raw.failed:
        return _not_processed(data)
    people = raw.sheets.get("People")
    if people is None or not people.rows:
        return _not_processed(data, "empty_workbook", sheet="People")

    try:
        profiles = cached_profiles(settings.rules_dir, settings.profiles_dir)
    except ProfileError as exc:
        return _not_processed(data, "bad_profiles", detail=str(exc))
    vocab = load_vocabularies(settings.rules_dir)
    value_sets = {
        f"vocab:{k}": [normalise_name(v) for v in vals] for k, vals in vocab.values.items()
    }
    value_sets["people"] = sorted(
        {k for r in people.rows if (k := _key(r.values.get("person_id"))) and not _is_header(r)}
    )
    reasons: dict[tuple[str, int], dict] = {}
    frames = {name: (sheet.spec, _frame(sheet, reasons)) for name, sheet in raw.sheets.items()}
    failures = run_suites(frames, value_sets, settings.max_cell_chars, docs_dir=docs_dir)

    rejected: dict[str, set[int]] = defaultdict(set)
    flagged: set[tuple[str, int, str]] = set()
    cleared: set[tuple[str, int, str]] = set()  # optional People cells left out, with advice
    for name, sheet in raw.sheets.items():
        if name == "Achievements":  # percent/money cells whose unit column disagrees
            for row in sheet.rows:
                row.flags.update(format_conflicts(row.values))
        for problem in _flag_problems(raw.file, sheet):
            if problem.code in CELL_ADVICE:  # the cleaned value is validated as any other
                data.problems.append(problem)
                continue
            flagged.add((name, problem.row, problem.column))
            if problem.code in UNKNOWN_VALUE and _optional_people_cell(name, problem.column):
                data.problems.append(_softened(problem))
                cleared.add((name, problem.row, problem.column))
                continue
            data.problems.append(problem)
            rejected[name].add(problem.row)
    by_row = {name: {r.excel_row: r for r in sheet.rows} for name, sheet in raw.sheets.items()}
    # A header row pasted again is one problem, not one per cell that fails its column.
    header_rows = {
        (name, row.excel_row)
        for name, sheet in raw.sheets.items()
        for row in sheet.rows
        if _is_header(row)
    }
    for failure in sorted(failures, key=lambda f: (f.sheet, f.excel_row, f.column)):
        if (failure.sheet, failure.excel_row, failure.column) in flagged:
            continue  # already reported as an unknown value; one problem per cell
        if (failure.sheet, failure.excel_row) in header_rows:
            continue
        sheet = raw.sheets[failure.sheet]
        value = by_row[failure.sheet][failure.excel_row].values.get(failure.column)
        problem = _problem(raw.file, sheet, failure, value, vocab, reasons, settings)
        if _optional_people_cell(failure.sheet, failure.column):
            data.problems.append(_softened(problem))
            cleared.add((failure.sheet, failure.excel_row, failure.column))
            continue
        data.problems.append(problem)
        rejected[failure.sheet].add(failure.excel_row)

    records = _records(raw, vocab, rejected, data, cleared)
    _cascade_rejected_people(raw, records, rejected, data)
    for name, sheet in raw.sheets.items():
        kept = [r for r in records.get(name, []) if r.source.row not in rejected[name]]
        data.counts[name].used = len(kept)
        data.counts[name].rejected = len(sheet.rows) - len(kept)
        setattr(data, FIELDS[name], kept)
    apply_profiles(raw, data, profiles)
    data.problems.extend(_advice(raw.file, raw, data))
    data.problems = sorted_problems(data.problems)
    if docs_dir is not None and Path(docs_dir).is_dir():
        write_index(Path(docs_dir), data)  # our readable front page over GX's record
    return data


def _records(
    raw: RawWorkbook,
    vocab: Vocabularies,
    rejected: dict[str, set[int]],
    data: WorkbookData,
    cleared: set[tuple[str, int, str]],
) -> dict[str, list]:
    records: dict[str, list] = {}
    for name, sheet in raw.sheets.items():
        model = RECORD_TYPES[name]
        kept = []
        for row in sheet.rows:
            if row.excel_row in rejected[name]:
                continue
            fields = {
                col.name: _coerce(col, row.values.get(col.name), vocab)
                for col in sheet.spec.columns
                if col.name in sheet.letters and (name, row.excel_row, col.name) not in cleared
            }
            if name == "Achievements":
                fields["unit"] = unit_from_formats(row.values, fields.get("unit"))
            try:
                kept.append(model(**fields, source=Source(sheet=name, row=row.excel_row)))
            except (ValidationError, ParseError) as exc:  # safety net: still located
                rejected[name].add(row.excel_row)
                data.problems.append(
                    Problem(
                        file=raw.file,
                        sheet=name,
                        row=row.excel_row,
                        cell=f"{sheet.title}!A{row.excel_row}",
                        message=f"Row cannot be used: {exc}",
                        fix="Check the row against the README's input contract.",
                        severity="row",
                        code="other",
                    )
                )
        records[name] = kept
    return records


def _cascade_rejected_people(
    raw: RawWorkbook, records: dict[str, list], rejected: dict[str, set[int]], data: WorkbookData
) -> None:
    """Rows of a person whose People row was rejected are rejected too, and name its cause."""
    good = {
        normalise_name(p.person_id)
        for p in records.get("People", [])
        if p.source.row not in rejected["People"]
    }
    causes: dict[str, str] = {}
    people_sheet = raw.sheets.get("People")
    first_problem = {}
    for problem in data.problems:
        if problem.sheet == "People" and problem.blocking and problem.row:
            first_problem.setdefault(problem.row, problem)
    for row in people_sheet.rows if people_sheet else []:
        key = _key(row.values.get("person_id"))
        root = first_problem.get(row.excel_row)
        if key and root and key not in causes:
            causes[key] = f" ({root.cell}: {root.message.rstrip('.')})"
    for name in ("Achievements", "Meetings", "Feedback"):
        sheet = raw.sheets.get(name)
        for record in records.get(name, []):
            if record.source.row in rejected[name] or normalise_name(record.person_id) in good:
                continue
            rejected[name].add(record.source.row)
            message, fix = problem_text(
                "person_rejected",
                value=record.person_id,
                detail=causes.get(normalise_name(record.person_id), ""),
            )
            data.problems.append(
                Problem(
                    file=raw.file,
                    sheet=name,
                    row=record.source.row,
                    column="person_id",
                    cell=sheet.cell("person_id", record.source.row),
                    value=record.person_id,
                    message=message,
                    fix=fix,
                    severity="row",
                    code="person_rejected",
                )
            )


def _advice(file: str, raw: RawWorkbook, data: WorkbookData) -> list[Problem]:
    """Valid but weak rows: used, and marked so the packet asks about them."""
    advice = []
    sheet = raw.sheets.get("Achievements")
    for item in data.achievements:
        if item.result is None:
            message, fix = problem_text("needs_metric")
            advice.append(
                Problem(
                    file=file,
                    sheet="Achievements",
                    row=item.source.row,
                    column="result",
                    cell=sheet.cell("result", item.source.row),
                    message=message,
                    fix=fix,
                    severity="advice",
                    code="needs_metric",
                )
            )
    advice.extend(_level_months(file, raw, data))
    teams = {normalise_name(t.team) for t in data.teams}
    if "Team" in raw.sheets:
        people_sheet = raw.sheets["People"]
        for person in data.people:
            if normalise_name(person.team) not in teams:
                message, fix = problem_text("unknown_team", value=person.team)
                advice.append(
                    Problem(
                        file=file,
                        sheet="People",
                        row=person.source.row,
                        column="team",
                        cell=people_sheet.cell("team", person.source.row),
                        value=person.team,
                        message=message,
                        fix=fix,
                        severity="advice",
                        code="unknown_team",
                    )
                )
    return advice


def _level_months(file: str, raw: RawWorkbook, data: WorkbookData) -> list[Problem]:
    """months_in_level: 0 or more and at most tenure_months; otherwise advice, the value cleared."""
    advice = []
    sheet = raw.sheets.get("People")
    for index, person in enumerate(data.people):
        months, tenure = person.months_in_level, person.tenure_months
        if months is None:
            continue
        if months < 0:
            code = "level_months_negative"
        elif tenure is not None and months > tenure:
            code = "level_months_over_tenure"
        else:
            continue
        message, fix = problem_text(code, value=months, detail=tenure)
        advice.append(
            Problem(
                file=file,
                sheet="People",
                row=person.source.row,
                column="months_in_level",
                cell=sheet.cell("months_in_level", person.source.row),
                value=str(months),
                message=message,
                fix=fix,
                severity="advice",
                code=code,
            )
        )
        data.people[index] = person.model_copy(update={"months_in_level": None})
    return advice


def sheet_spec(name: str) -> SheetSpec:
    return SHEETS[name]
