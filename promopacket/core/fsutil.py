"""Atomic writes and safe file names: no partial file is ever visible, nothing escapes outputs/."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
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


# Names the run itself writes beside the person or workbook folders (compared ignoring case,
# for case-insensitive file systems): a folder of that name would collide with them.
OUTPUT_NAMES = frozenset(
    {
        "summary.xlsx",
        "problems.xlsx",
        "manifest.json",
        "validation",
        "review",
        "promopacket-error.log",
    }
)


def display_name(text: str) -> str:
    """A file name as text that can be printed, written to JSON or put in a workbook: a name
    that is not UTF-8 (Python keeps its bytes as surrogates) shows '\ufffd' per bad byte."""
    return str(text).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _digest(text: str) -> str:
    # surrogateescape: a file name that is not UTF-8 still hashes (to its own bytes).
    return hashlib.sha256(str(text).encode("utf-8", "surrogateescape")).hexdigest()[:8]


def safe_name(text: str, fallback: str = "item", max_len: int = 80) -> str:
    """A file-name-safe form of text: ASCII letters, digits, '.', '_' and '-' only.

    Collision-free by construction: a text that is already safe is kept as it is; any text
    that had to change (characters replaced or dropped, cut to max_len, or a name the run
    writes itself such as summary.xlsx) gets '-' and a short hash of the original, so 'p1',
    'p1.' and 'p1-' land in three folders.
    """
    text = str(text)
    normal = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    normal = re.sub(r"[^A-Za-z0-9._-]+", "-", normal).strip(".-_")
    if not normal or normal.split(".")[0].lower() in _RESERVED:
        return f"{fallback}-{normal[:max_len] + '-' if normal else ''}{_digest(text)}"
    if normal != text or len(normal) > max_len or normal.lower() in OUTPUT_NAMES:
        return f"{normal[: max_len - 9].rstrip('.-_')}-{_digest(text)}"
    return normal


def inside(base: Path, *parts: str) -> Path:
    """base/parts, refusing any result that would land outside base."""
    base = base.resolve()
    target = base.joinpath(*parts).resolve()
    if target != base and base not in target.parents:
        raise ValueError(f"refusing to write outside {base}: {target}")
    return target


def real_below(base: Path, rel: str) -> Path:
    """base/rel, refusing a symbolic link (or anything but a folder) on the way below base.

    A person folder that is a link would send their documents elsewhere: outside outputs/,
    or into another person's folder. The folder base itself may be a link (the user's choice
    of where outputs live).
    """
    target = Path(base) / rel
    probe = Path(base)
    for part in Path(rel).parts[:-1]:
        probe = probe / part
        if probe.is_symlink():
            raise ValueError(
                f"{probe} is a symbolic link; promopacket writes only into real folders under "
                f"{base}. Remove the link and run again."
            )
        if probe.exists() and not probe.is_dir():
            raise NotADirectoryError(f"{probe} is a file, where a folder belongs. Move it away.")
    if target.is_symlink():
        raise ValueError(f"{target} is a symbolic link; remove it and run again.")
    return target


def ensure_private_dir(path: Path) -> Path:
    """Create a folder, and each missing parent, readable by the owner only (personal data).

    mkdir(parents=True) would create the parents with the default mode and the umask may narrow
    the rest, so each folder made here is created and then set to 0700 explicitly. Folders that
    already exist are left alone (they may be the user's own, or shared ones such as /tmp).
    """
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made meanwhile by another process; not ours to change
        os.chmod(folder, 0o700)
    if not path.is_dir():
        raise NotADirectoryError(f"{path} exists and is not a folder")
    return path


def make_private(folder: Path) -> None:
    """Owner-only modes on a tree another library wrote (folders 0700, files 0600)."""
    os.chmod(folder, 0o700)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(Path(root) / name, 0o700)
        for name in files:
            os.chmod(Path(root) / name, 0o600)


TEMP_FILE = re.compile(r"^\..+\.tmp$")  # atomic_write's temp files: .<name>.<random>.tmp
# Scratch folders: a person's documents being built (manifest.build_person_incremental) and
# GX's file context while it writes Data Docs (gx_suite).
STAGING_PREFIXES = (".staging-", ".gx-")


def remove_stale_temps(folder: Path, skip_marker: str | None = None) -> list[Path]:
    """Delete temp files and staging folders a killed run left under folder; return them.

    Only safe while holding the folder's lock (promopacket.run.lock), when no run is writing.
    A folder below holding skip_marker (another run's lock file: outputs/nested used as its
    own --outputs) is that run's to clean, maybe while it runs: it is not entered.
    """
    removed: list[Path] = []
    if not Path(folder).is_dir():
        return removed
    for root, dirs, files in os.walk(folder):
        if skip_marker:
            dirs[:] = [d for d in dirs if not (Path(root) / d / skip_marker).exists()]
        for name in [d for d in dirs if d.startswith(STAGING_PREFIXES)]:
            shutil.rmtree(Path(root) / name, ignore_errors=True)
            removed.append(Path(root) / name)
            dirs.remove(name)
        for name in files:
            if TEMP_FILE.match(name):
                (Path(root) / name).unlink(missing_ok=True)
                removed.append(Path(root) / name)
    return removed


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
