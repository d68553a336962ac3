"""Checks on an .xlsx package before openpyxl opens it: what it is, and what it expands to.

A zip bomb (a few kB that expand to gigabytes of shared strings or sheet XML) is refused from
the zip directory alone, without decompressing anything.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

# A member that expands more than this many times and past MIN_BOMB_BYTES is a bomb, not data.
MAX_RATIO = 200
MIN_BOMB_BYTES = 20_000_000


@dataclass(frozen=True)
class PackageIssue:
    code: str  # a key of promopacket.core.messages.MESSAGES
    detail: str


STRICT_NAMESPACE = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


def _strict_ooxml(package: zipfile.ZipFile, names: set[str]) -> bool:
    """Saved as 'Strict Open XML': openpyxl reads no sheets from it. The workbook part is
    small (a list of sheets); only its first 4 kB are read, where the root element is."""
    if "xl/workbook.xml" not in names:
        return False
    with package.open("xl/workbook.xml") as part:
        return STRICT_NAMESPACE in part.read(4096)


def inspect_package(path: Path, max_expanded_mb: float) -> PackageIssue | None:
    """None when path looks like a sane .xlsx package; else why not."""
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
            names = {m.filename for m in members}
            if "mimetype" in names and "content.xml" in names:
                return PackageIssue("not_xlsx", "an OpenDocument (.ods) spreadsheet")
            if "word/document.xml" in names:
                return PackageIssue("not_xlsx", "a Word document")
            if "xl/workbook.xml" not in names and "[Content_Types].xml" not in names:
                return PackageIssue("not_xlsx", "a zip archive that is not a workbook")
            if _strict_ooxml(package, names):
                return PackageIssue("strict_ooxml", "")
            expanded = sum(m.file_size for m in members)
            if expanded > max_expanded_mb * 1_000_000:
                return PackageIssue("too_big_unpacked", f"{expanded / 1_000_000:,.0f} MB")
            for member in members:
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > MIN_BOMB_BYTES and ratio > MAX_RATIO:
                    return PackageIssue("zip_bomb", f"{member.filename} expands {ratio:,.0f}×")
    except zipfile.BadZipFile as exc:
        return PackageIssue("corrupt", f"not a complete zip package: {exc}")
    except (OSError, ValueError, EOFError) as exc:
        return PackageIssue("corrupt", type(exc).__name__)
    return None
