"""Reading a saved summary.xlsx against the copy promopacket wrote: cell values as kept, what
differs outside the committee's own columns, and copies kept beside a file (run/decisions.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from promopacket.core.fsutil import file_hash


def cell_text(value: Any) -> Any:
    """A cell's value as kept: text stays text, dates become ISO text, numbers stay numbers."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip() or None
    return value


def keep_copy(path: Path, label: str) -> Path | None:
    """A copy of path beside it (summary.edited.xlsx, then -2 …), unless one already holds the
    same bytes; the original stays where it is."""
    stem, suffix = path.name[: -len(path.suffix) or None], path.suffix
    names = [f"{stem}.{label}{suffix}", *(f"{stem}.{label}-{i}{suffix}" for i in range(2, 1000))]
    try:
        digest = file_hash(path)
    except OSError:
        return None
    for name in names:
        target = path.with_name(name)
        if target.exists():
            try:
                if file_hash(target) == digest:
                    return target
            except OSError:
                pass
            continue
        shutil.copy2(path, target)
        return target
    return None


def _sheet_values(sheet) -> dict[str, Any]:
    return {
        cell.coordinate: cell_text(cell.value)
        for row in sheet.iter_rows()
        for cell in row
        if cell_text(cell.value) is not None
    }


def _table_values(sheet, skip: set[str]) -> dict[tuple[str, str], tuple[Any, str]]:
    """Calibration by (person_id, header) → (value, cell), so a column or row the committee
    inserts, or a sort, moves nothing; cells without a header or person by their cell."""
    letters = header_letters(sheet)
    found: dict[tuple[str, str], tuple[Any, str]] = {}
    for cells in sheet.iter_rows(min_row=2):
        by_header = {letters.get(c.column_letter): c for c in cells}
        pid = by_header.get("person_id")
        key = str(cell_text(pid.value)) if pid is not None and pid.value is not None else None
        for c in cells:
            value = cell_text(c.value)
            header = letters.get(c.column_letter)
            if value is None or header in skip:
                continue
            if header is None or key is None:
                found[(c.coordinate, "")] = (value, c.coordinate)
            else:
                found[(key, header)] = (value, c.coordinate)
    return found


def other_edits(book, written, table: str, committee: set[str], written_headers: set[str]):
    """What differs from what promopacket wrote, outside the committee's own columns (those
    named, and any header it did not write): cells (the `table` sheet by person and column),
    sheets added or removed, notes on other sheets."""
    edits = []
    for title in sorted(set(book.sheetnames) | set(written.sheetnames)):
        if title not in written.sheetnames:
            edits.append(f"sheet '{title}' added")
            continue
        if title not in book.sheetnames:
            edits.append(f"sheet '{title}' removed")
            continue
        if title == table:
            own = committee | (set(headers(book[title])) - written_headers)
            now, was = _table_values(book[title], own), _table_values(written[title], own)
            for key in sorted(set(now) | set(was)):
                value, cell = now.get(key, (None, ""))
                before, cell_then = was.get(key, (None, ""))
                if value != before:
                    edits.append(f"{title}!{cell or cell_then}")
            continue
        now, was = _sheet_values(book[title]), _sheet_values(written[title])
        for coordinate in sorted(set(now) | set(was), key=_cell_order):
            if now.get(coordinate) != was.get(coordinate):
                edits.append(f"{title}!{coordinate}")
        noted = [c.coordinate for row in book[title].iter_rows() for c in row if c.comment]
        edits += [f"{title}!{c} (note)" for c in noted]
    return edits


def _cell_order(coordinate: str) -> tuple[int, str]:
    digits = "".join(c for c in coordinate if c.isdigit())
    return int(digits or 0), coordinate


def headers(sheet) -> list[str]:
    return [str(h).strip() for h in next(sheet.iter_rows(max_row=1, values_only=True), ()) if h]


def header_letters(sheet) -> dict[str, str]:
    return {
        cell.column_letter: str(cell.value).strip()
        for cell in next(sheet.iter_rows(max_row=1), ())
        if cell.value is not None and str(cell.value).strip()
    }
