"""Atomic writes and safe file names: no partial file is ever visible, nothing escapes outputs/."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def safe_name(text: str, fallback: str = "item", max_len: int = 80) -> str:
    """A file-name-safe form of text: ASCII letters, digits, '.', '_' and '-' only."""
    normal = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    normal = re.sub(r"[^A-Za-z0-9._-]+", "-", normal).strip(".-_")[:max_len]
    if not normal or normal.split(".")[0].lower() in _RESERVED:
        digest = hashlib.sha256(str(text).encode()).hexdigest()[:8]
        normal = f"{fallback}-{normal + '-' if normal else ''}{digest}"
    return normal


def inside(base: Path, *parts: str) -> Path:
    """base/parts, refusing any result that would land outside base."""
    base = base.resolve()
    target = base.joinpath(*parts).resolve()
    if target != base and base not in target.parents:
        raise ValueError(f"refusing to write outside {base}: {target}")
    return target


def ensure_private_dir(path: Path) -> Path:
    """Create a folder readable by the owner only (it holds personal data)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Call write(tmp) on a temp file beside path, then rename it into place."""
    ensure_private_dir(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()
