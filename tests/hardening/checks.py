"""What every corpus case must show, checked from the real files (not from promopacket's own
accounting): rows counted from the cells, every row in a document or the problems, no file
outside the outputs folder or shared by two people, owner-only modes, inputs unchanged."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from openpyxl import load_workbook

from promopacket.core.contract import CONTRACT, normalise_name

HEADER_SEARCH_ROWS = 10


def fingerprint(path: Path) -> str:
    """Bytes of a file; for anything else (a folder, a FIFO) its kind and listing."""
    info = os.lstat(path)
    if stat.S_ISREG(info.st_mode):
        return hashlib.sha256(path.read_bytes()).hexdigest()
    listing = sorted(os.listdir(path)) if stat.S_ISDIR(info.st_mode) else []
    return f"{stat.S_IFMT(info.st_mode)}:{listing}:{info.st_size}"


def rows_in_cells(path: Path) -> dict[str, int]:
    """Data rows per contract sheet, counted with openpyxl's full reader (which reads every
    cell, whatever the sheet's declared dimension): rows below the header with any value in
    a contract column. Only for workbooks with one tab per contract sheet."""
    book = load_workbook(path, data_only=True)
    counts: dict[str, int] = {}
    try:
        for spec in CONTRACT:
            tabs = [
                ws
                for ws in book.worksheets
                if normalise_name(ws.title) == normalise_name(spec.name)
            ]
            if len(tabs) != 1:
                continue
            wanted = {normalise_name(c.name) for c in spec.columns}
            rows = list(tabs[0].iter_rows(values_only=True))
            scores = [
                sum(1 for v in r if v is not None and normalise_name(str(v)) in wanted)
                for r in rows[:HEADER_SEARCH_ROWS]
            ]
            if not scores or max(scores) == 0:
                continue
            at = scores.index(max(scores))
            columns = [
                i
                for i, v in enumerate(rows[at])
                if v is not None and normalise_name(str(v)) in wanted
            ]
            counts[spec.name] = sum(
                1
                for r in rows[at + 1 :]
                if any(i < len(r) and r[i] is not None and str(r[i]).strip() for i in columns)
            )
    finally:
        book.close()
    return counts


def assert_owner_only(root: Path) -> int:
    checked = 0
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(os.lstat(path).st_mode)
        if path.is_dir():
            assert mode == 0o700, (path, oct(mode))
        else:
            assert mode & 0o077 == 0, (path, oct(mode))
        checked += 1
    return checked


def assert_inside(root: Path, files: list[str]) -> None:
    base = root.resolve()
    for file in files:
        assert base in Path(file).resolve().parents, f"{file} is outside {base}"
