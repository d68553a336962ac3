"""Incremental reruns: what each output file was made from, and whether a reviewer changed it.

`outputs/<cohort>/manifest.json` records, per person, a fingerprint of their input rows plus the
templates, the rules and the package version, and per output file the path written and its hash.
An unchanged person is skipped; a file edited since it was written is never overwritten: the new
version goes beside it (`packet.new.docx`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pydantic import BaseModel, Field

from promopacket.build.integrity import broken, keep_broken, move_stale
from promopacket.build.person import build_person
from promopacket.build.record import save_record
from promopacket.build.results import PersonResult, PersonStatus
from promopacket.core import timing
from promopacket.core.fsutil import atomic_write, ensure_private_dir, file_hash, real_below
from promopacket.core.models import PersonBundle
from promopacket.settings import Settings

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
# Each person's entry is also written here the moment their files are in place, and folded into
# manifest.json at the end of the run. A run killed mid-cohort, or a task that runs twice (Dask
# re-runs a task whose worker was lost), then still knows which files are its own: they are
# neither rebuilt for nothing nor taken for a reviewer's edits (no spurious packet.new.docx).
JOURNAL_DIR = ".journal"


class FileEntry(BaseModel):
    path: str  # where the file was written, relative to the output folder
    sha256: str  # of the file as written
    input_hash: str  # the person's fingerprint when it was written


class PersonEntry(BaseModel):
    person_id: str
    workbook: str
    input_hash: str
    result: PersonResult  # the figures of the last build, reused when the person is skipped
    files: dict[str, FileEntry] = Field(default_factory=dict)  # logical path → entry


class Manifest(BaseModel):
    version: int = MANIFEST_VERSION
    people: dict[str, PersonEntry] = Field(default_factory=dict)  # person_id → entry
    reports: dict[str, str] = Field(default_factory=dict)  # report file → hash of its content


class PersonBuild(BaseModel):
    """A person's result plus the manifest entry to record (None when the build failed)."""

    result: PersonResult
    entry: PersonEntry | None = None


def package_version() -> str:
    try:
        return version("promopacket")
    except PackageNotFoundError:
        return "unknown"


def environment_hash(settings: Settings) -> str:
    """Hash of everything besides the rows that shapes a document: templates, rules, profiles,
    version and the settings that change what is written."""
    # The settings that change what is written: PDFs beside, Word comments on the packet
    # (--review), the compensation reference in the brief.
    shaping = f"pdf={settings.pdf} review={settings.review} compensation={settings.compensation}"
    digest = hashlib.sha256(f"promopacket {package_version()} {shaping}".encode())
    for folder in (settings.templates_dir, settings.user_rules_dir, settings.profiles_dir):
        if folder is None or not Path(folder).is_dir():
            continue
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            if path.name.startswith(("~$", ".")):
                continue
            digest.update(os.fsencode(path.relative_to(folder)))
            digest.update(file_hash(path).encode())
    return digest.hexdigest()


def person_fingerprint(bundle: PersonBundle, env_hash: str) -> str:
    rows = bundle.model_dump_json()
    return hashlib.sha256(f"{env_hash}\n{rows}".encode()).hexdigest()


def load_manifest(out_dir: Path) -> Manifest:
    """The folder's manifest with any newer journal entries (a run that did not finish) folded
    in; an unreadable manifest counts as empty (every existing file protected)."""
    path = Path(out_dir) / MANIFEST_NAME
    try:
        manifest = Manifest.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = Manifest()
    for journal in sorted((Path(out_dir) / JOURNAL_DIR).glob("*.json")):
        entry = _read_entry(journal)
        if entry is not None:
            manifest.people[entry.person_id] = entry
    return manifest


def _journal_path(out_dir: Path, person_id: str) -> Path:
    name = hashlib.sha256(person_id.encode("utf-8")).hexdigest()[:32]
    return Path(out_dir) / JOURNAL_DIR / f"{name}.json"


def _read_entry(path: Path) -> PersonEntry | None:
    try:
        return PersonEntry.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # missing, or half of a killed write: the manifest's entry stands


def _journal(out_dir: Path, entry: PersonEntry) -> None:
    text = entry.model_dump_json()
    atomic_write(_journal_path(out_dir, entry.person_id), lambda tmp: tmp.write_text(text, "utf-8"))


def save_manifest(manifest: Manifest, out_dir: Path) -> Path | None:
    """Write the manifest only when it changed, so a rerun with no change writes no file."""
    path = Path(out_dir) / MANIFEST_NAME
    text = json.dumps(manifest.model_dump(mode="json"), indent=2, sort_keys=True)
    try:
        unchanged = path.read_text(encoding="utf-8") == text
    except OSError:
        unchanged = False
    saved = None if unchanged else atomic_write(path, lambda tmp: tmp.write_text(text, "utf-8"))
    shutil.rmtree(Path(out_dir) / JOURNAL_DIR, ignore_errors=True)  # folded in: the manifest has it
    return saved


def edited(out_dir: Path, entry: FileEntry) -> bool:
    """The file exists and differs from what promopacket wrote: a reviewer changed it."""
    path = Path(out_dir) / entry.path
    if not path.exists():
        return False
    # Anything but our own regular file there (a folder, a link) is someone's: never ours.
    return path.is_symlink() or not path.is_file() or file_hash(path) != entry.sha256


def _ours_unchanged(out_dir: Path, rel: str, entry: FileEntry | None) -> bool:
    return entry is not None and entry.path == rel and not edited(out_dir, entry)


def place(out_dir: Path, logical: str, entry: FileEntry | None) -> str:
    """Where a new version of `logical` may go without overwriting anybody's edits."""
    base = Path(logical)
    stem, suffix = base.name[: -len(base.suffix) or None], base.suffix
    candidates = [logical, str(base.with_name(f"{stem}.new{suffix}"))]
    candidates += [str(base.with_name(f"{stem}.new-{i}{suffix}")) for i in range(2, 100)]
    for rel in candidates:
        target = Path(out_dir) / rel
        free = not target.exists() and not target.is_symlink()  # a dangling link is not free
        if free or _ours_unchanged(out_dir, rel, entry):
            return rel
    raise FileExistsError(f"no free name beside {Path(out_dir) / logical}")


def kept_edits(out_dir: Path, entry: PersonEntry) -> list[str]:
    """Logical files whose reviewer-edited version is kept (new version beside, or edited now)."""
    return sorted(
        logical for logical, f in entry.files.items() if f.path != logical or edited(out_dir, f)
    )


def _skip(out_dir: Path, entry: PersonEntry | None, fingerprint: str) -> bool:
    return (
        entry is not None
        and entry.input_hash == fingerprint
        and bool(entry.files)
        and all((Path(out_dir) / f.path).is_file() for f in entry.files.values())
        # A file changed since written that is no document (a user copied a corrupt file over
        # it, a disk lost its tail): rebuilt, not taken for a reviewer's edit.
        and not any(
            edited(out_dir, f) and broken(Path(out_dir) / f.path) for f in entry.files.values()
        )
    )


def unchanged_build(
    bundle: PersonBundle, out_dir: Path, env_hash: str, previous: PersonEntry | None
) -> PersonBuild | None:
    """The person's last build when nothing changed (nothing written), or None: build them.

    Cheap (a hash and a few stats), so a flow can skip unchanged people without a task each.
    """
    return _unchanged(Path(out_dir), previous, person_fingerprint(bundle, env_hash))


def _unchanged(out_dir: Path, previous: PersonEntry | None, fingerprint: str) -> PersonBuild | None:
    if not _skip(out_dir, previous, fingerprint):
        return None
    result = previous.result.model_copy(deep=True)
    result.status = PersonStatus.UNCHANGED
    result.files = [str(out_dir / f.path) for f in previous.files.values()]
    result.kept_edits = kept_edits(out_dir, previous)
    return PersonBuild(result=result, entry=previous)


def build_person_incremental(
    bundle: PersonBundle,
    out_dir: Path,
    settings: Settings,
    env_hash: str,
    previous: PersonEntry | None = None,
    force: bool = False,
) -> PersonBuild:
    """build_person, skipped when nothing changed, never overwriting a reviewer's edits."""
    with timing.stage("person"):  # build_person plus the manifest's own work (hashes, moves)
        return _build_person_incremental(bundle, out_dir, settings, env_hash, previous, force)


def _build_person_incremental(
    bundle: PersonBundle,
    out_dir: Path,
    settings: Settings,
    env_hash: str,
    previous: PersonEntry | None,
    force: bool,
) -> PersonBuild:
    out_dir = Path(out_dir)
    fingerprint = person_fingerprint(bundle, env_hash)
    # A journal entry is newer than what the run started from: this task already ran once.
    previous = _read_entry(_journal_path(out_dir, bundle.person.person_id)) or previous
    if not force and (skipped := _unchanged(out_dir, previous, fingerprint)) is not None:
        return skipped
    ensure_private_dir(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        result = build_person(bundle, staging, settings)
        entry = PersonEntry(
            person_id=bundle.person.person_id,
            workbook=bundle.workbook,
            input_hash=fingerprint,
            result=result,
        )
        old_files = previous.files if previous else {}
        files, kept, damaged = [], [], []
        made_files = sorted(p for p in staging.rglob("*") if p.is_file())
        for made in made_files:
            logical = str(made.relative_to(staging))
            if broken(out_dir / logical) and not _ours_unchanged(
                out_dir, logical, old_files.get(logical)
            ):
                damaged.append(keep_broken(out_dir, logical))
            rel = place(out_dir, logical, old_files.get(logical))
            target = real_below(out_dir, rel)
            ensure_private_dir(target.parent)
            sha = file_hash(made)
            os.replace(made, target)  # same file system: atomic
            entry.files[logical] = FileEntry(path=rel, sha256=sha, input_hash=fingerprint)
            files.append(str(target))
            if rel != logical:
                kept.append(logical)
        stale = _move_stale(out_dir, old_files, set(entry.files))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    built_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if result.record is not None:  # statements and sections as text, for what changed next time
        record = result.record.model_copy(update={"input_hash": fingerprint, "built_at": built_at})
        save_record(out_dir, record)
    result = result.model_copy(
        update={
            "files": files,
            "kept_edits": kept,
            "broken": damaged,
            "stale": stale,
            "built_at": built_at,
            "record": None,
        }
    )
    # What this build found and moved is said once (this run's summary), not on every rerun.
    entry.result = result.model_copy(
        update={"files": [], "kept_edits": [], "broken": [], "stale": []}
    )
    _journal(out_dir, entry)
    return PersonBuild(result=result, entry=entry)


def _move_stale(out_dir: Path, old_files: dict[str, FileEntry], made: set[str]) -> list[str]:
    """Files of the last build this one did not make (a letter whose meeting's date changed):
    moved to stale/, the reviewer's edited original with the new version written beside it."""
    moved = []
    for logical, entry in sorted(old_files.items()):
        if logical in made:
            continue
        for rel in dict.fromkeys([entry.path, logical]):
            target = move_stale(out_dir, rel)
            if target is not None:
                moved.append(target)
    return moved
