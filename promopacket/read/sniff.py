"""Cheap looks at a file before and beside openpyxl: what kind of file it is, and what a
worksheet's XML says that read-only openpyxl does not (merged ranges, whether formulas exist).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils.cell import range_boundaries

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Compound File: .xls, or an encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
# An encrypted Office file is a Compound File holding these streams (names in UTF-16).
_ENCRYPTED_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def sniff(path: Path) -> tuple[str, str] | None:
    """(problem code, detail) when path is clearly not a readable .xlsx; None if it may be."""
    size = path.stat().st_size
    if size == 0:
        return "empty_file", ""
    with path.open("rb") as fh:
        head = fh.read(8)
        if head.startswith(OLE_MAGIC):
            # Compound files are small enough here (size limit) to scan for stream names.
            body = head + fh.read()
            if any(marker in body for marker in _ENCRYPTED_MARKERS):
                return "encrypted", ""
            return "old_xls", ""
    if head.startswith(ZIP_MAGIC):
        return None
    if path.suffix.lower() in (".csv", ".tsv", ".txt") or _looks_like_csv(path):
        return "csv_file", ""
    kind = path.suffix.lower() or "no extension"
    return "not_xlsx", f"a '{kind}' file, not a zip package"


def _looks_like_csv(path: Path) -> bool:
    with path.open("rb") as fh:
        sample = fh.read(4096)
    try:
        text = sample.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    first = text.splitlines()[0] if text.strip() else ""
    return first.count(",") + first.count(";") + first.count("\t") >= 2


@dataclass
class SheetLayout:
    """What the raw worksheet XML says: merged ranges (as boundaries) and formula presence."""

    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_col,row,max..
    has_formulas: bool = False


def sheet_layout(path: Path, part: str | None) -> SheetLayout:
    """Scan one worksheet part of the package. A regex over bytes: milliseconds per MB."""
    if not part:
        return SheetLayout()
    with zipfile.ZipFile(path) as package:
        try:
            xml = package.read(part.lstrip("/"))
        except KeyError:
            return SheetLayout()
    merged = [range_boundaries(m.decode()) for m in _MERGE.findall(xml)]
    return SheetLayout(merged=merged, has_formulas=_FORMULA.search(xml) is not None)


def merged_fill(layout: SheetLayout, header_row: int) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) of each covered cell below the header → (row, col) of its range's top-left.

    A vertical merge means "the same value on every row", so the value is copied down the
    first column of the range; the other columns of a wide merge stay blank (layout only).
    """
    fill: dict[tuple[int, int], tuple[int, int]] = {}
    for min_col, min_row, _max_col, max_row in layout.merged:
        if max_row <= header_row:
            continue
        for row in range(max(min_row + 1, header_row + 1), max_row + 1):
            fill[(row, min_col)] = (min_row, min_col)
    return fill
