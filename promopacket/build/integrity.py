"""Output files a user's hand changed: one whose bytes are no longer a valid document, and
letters whose meeting is gone. Neither is ever deleted: a damaged file is kept beside the
rebuilt one as `<name>.broken`, a stale letter is moved to the person's `stale/` folder.

Why a folder for stale letters rather than a line in summary.xlsx: the person's folder is what
reviewers open, and a letter for the old date beside the new one reads as current; moved, it
is still there (edits and all) but cannot be mistaken for the letter to send. The summary's
note for the person says what moved, and why.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from promopacket.core.fsutil import ensure_private_dir, real_below

STALE_DIR = "stale"
BROKEN_SUFFIX = ".broken"
# The parts without which Word (or LibreOffice) cannot open the file at all.
_DOCX_PARTS = ("[Content_Types].xml", "word/document.xml")


def valid_document(path: Path) -> bool:
    """Whether the file's bytes are a document we write: a .docx package whose parts read
    back whole (CRCs), or a PDF with its header and end marker. Other kinds: not judged."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            with zipfile.ZipFile(path) as package:
                names = set(package.namelist())
                return all(p in names for p in _DOCX_PARTS) and package.testzip() is None
        if suffix == ".pdf":
            with path.open("rb") as fh:
                head = fh.read(5)
                fh.seek(max(0, path.stat().st_size - 1024))
                return head == b"%PDF-" and b"%%EOF" in fh.read()
    except (OSError, zipfile.BadZipFile, EOFError, ValueError, KeyError, RuntimeError):
        return False
    return True


def broken(path: Path) -> bool:
    """A regular file (not a link, not a folder) that is not a valid document."""
    path = Path(path)
    return path.is_file() and not path.is_symlink() and not valid_document(path)


def _free(folder: Path, name: str, suffix: str = "") -> Path:
    stem, ext = (name, "") if suffix else (Path(name).stem, Path(name).suffix)
    for i in range(1, 1000):
        candidate = folder / (f"{name}{suffix}" if suffix else name)
        if i > 1:
            candidate = folder / (f"{name}{suffix}-{i}" if suffix else f"{stem}-{i}{ext}")
        if not candidate.exists() and not candidate.is_symlink():
            return candidate
    raise FileExistsError(f"no free name for {name} in {folder}")


def keep_broken(out_dir: Path, rel: str) -> str:
    """Rename a damaged file out of the way ('packet.docx' → 'packet.docx.broken'); the
    kept file's path relative to out_dir."""
    source = real_below(out_dir, rel)
    target = _free(source.parent, source.name, BROKEN_SUFFIX)
    os.replace(source, target)
    return str(target.relative_to(out_dir))


def move_stale(out_dir: Path, rel: str) -> str | None:
    """Move a file no build makes any more to its folder's stale/; its new path, or None when
    it is not there (or not a regular file: left alone)."""
    source = Path(out_dir) / rel
    if source.is_symlink() or not source.is_file():
        return None
    source = real_below(out_dir, rel)
    folder = ensure_private_dir(source.parent / STALE_DIR)
    target = _free(folder, source.name)
    os.replace(source, target)
    return str(target.relative_to(out_dir))
