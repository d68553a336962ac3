"""A cohort run as plain data: which workbooks, which people, which output folder.

Without a cohort name every workbook is its own group (`outputs/<workbook>/`); with one, the
people whose People.cohort matches are gathered from every workbook into `outputs/<cohort>/`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
from pathlib import Path

from pydantic import BaseModel, Field

from promopacket import __version__
from promopacket.build import pool as workers
from promopacket.build.results import PersonResult, PersonStatus, WorkbookResult
from promopacket.core import timing
from promopacket.core.contract import WORKBOOK_SUFFIXES, normalise_name
from promopacket.core.fsutil import (
    atomic_write,
    display_name,
    ensure_private_dir,
    file_hash,
    inside,
    safe_name,
)
from promopacket.core.messages import problem_text
from promopacket.core.models import PersonBundle, Problem, WorkbookData
from promopacket.read.workbook import RawWorkbook, read_workbook
from promopacket.run.committee import attach_committee
from promopacket.run.decisions import DecisionBook
from promopacket.run.workbooks import folder_owner, listed, person_bundles, workbook_output_dir
from promopacket.settings import Settings
from promopacket.validate.records import validate_workbook

PERSON_SHEETS = ("People", "Achievements", "Meetings", "Feedback")


class RowCount(BaseModel):
    person_id: str
    read: int = 0
    rejected: int = 0
    problems: int = 0
    cohort: str | None = None  # as written on the People row
    people_row: int | None = None  # the Excel row of the People row, when it was rejected
    problem_cells: list[str] = Field(default_factory=list)  # each problem of their rows: its cell


class Intake(BaseModel):
    """One workbook read and validated, with each person's own rows counted."""

    path: str
    data: WorkbookData
    person_rows: dict[str, RowCount] = Field(default_factory=dict)  # normalised person_id →


class Group(BaseModel):
    """People whose documents go to one output folder, with one manifest and one summary."""

    name: str
    output_dir: str
    intakes: list[Intake]
    bundles: list[PersonBundle] = Field(default_factory=list)
    failures: list[PersonResult] = Field(default_factory=list)  # refused before any rendering
    committee: DecisionBook | None = None  # the decisions read back (run/committee.py)


class GroupResult(BaseModel):
    name: str
    output_dir: str
    workbooks: list[WorkbookResult] = Field(default_factory=list)
    reports: list[str] = Field(default_factory=list)  # summary.xlsx, problems.xlsx, manifest
    # Set by --redact: names and emails → ids, applied to the text the summaries quote.
    redactions: dict[str, str] | None = None
    committee: DecisionBook | None = None  # the committee's decisions, read back this run

    @property
    def people(self) -> list[PersonResult]:
        return [p for w in self.workbooks for p in w.people]

    @property
    def problems(self) -> list[Problem]:
        """Every workbook's problems, and what reading the committee's decisions found."""
        found = [p for w in self.workbooks for p in w.problems]
        return found + (self.committee.problems if self.committee else [])


class RunResult(BaseModel):
    cohort: str | None = None
    groups: list[GroupResult] = Field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Anything blocked: a workbook not processed, a person failed, or a row rejected."""
        return any(
            w.failed or w.blocking or any(p.status == PersonStatus.FAILED for p in w.people)
            for g in self.groups
            for w in g.workbooks
        )


def _is_folder_to_search(path: Path) -> bool:
    # A folder named like a workbook ('x.xlsx/') is reported as not a workbook, not searched.
    return path.is_dir() and path.suffix.lower() not in WORKBOOK_SUFFIXES


def list_workbooks(paths: list[Path]) -> list[Path]:
    """Expand folders to their workbooks, skipping Excel lock files ('~$…') and hidden files.

    Entries named like a workbook that are not regular files (a folder 'x.xlsx', a FIFO) are
    listed all the same, so that they are reported (read_workbook refuses them) rather than
    silently passed over.
    """
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if _is_folder_to_search(path):
            found.extend(sorted(p for p in path.iterdir() if listed(p)))
        else:
            found.append(path)
    return found


DOCS_STAMP = ".source"


def _data_docs_target(raw: RawWorkbook, path: Path, settings: Settings) -> tuple[Path | None, str]:
    """Where this workbook's Data Docs go, or None when they are off or already current.

    Current means: built from the same cell values by the same version. Re-saving a workbook
    in Excel changes its bytes but not its values, so the stamp hashes what was read.
    """
    if not settings.data_docs or raw.failed or folder_owner(path, settings) is not None:
        return None, ""  # off, nothing read, or the folder is another workbook's (a clash)
    docs_dir = workbook_output_dir(Path(path), settings) / "validation"
    digest = hashlib.sha256(__version__.encode())
    for name, sheet in sorted(raw.sheets.items()):
        digest.update(repr((name, sheet.letters)).encode())
        for row in sheet.rows:
            digest.update(repr((row.excel_row, sorted(row.values.items(), key=str))).encode())
    stamp = digest.hexdigest()
    current = docs_dir / DOCS_STAMP
    if current.is_file() and current.read_text(encoding="utf-8") == stamp:
        return None, stamp
    return docs_dir, stamp


CACHE_DIR = ".cache"  # under the outputs folder: owner-only, like the documents it feeds


def _intake_cache(path: Path, settings: Settings) -> tuple[Path | None, str]:
    """Where this workbook's last intake is kept, and the key it must match to be reused.

    The key covers everything an intake is made from: the file's bytes, its path, the
    settings, the rules folder (vocabularies) and the package's code. None: no cache.
    """
    try:
        digest = hashlib.sha256(file_hash(Path(path)).encode())
    except OSError:
        return None, ""
    where = str(Path(path).resolve())
    digest.update(os.fsencode(where))  # a file name need not be UTF-8
    # How many processes build people changes nothing read or validated, nor does writing
    # Data Docs: whether they are current is checked apart (_current_entry), so an intake read
    # without them (`watch`, data_docs_later) is reused once they are written.
    digest.update(settings.model_dump_json(exclude={"processes", "data_docs"}).encode())
    digest.update(_code_and_rules_stamp(settings.rules_dir, settings.profiles_dir).encode())
    name = hashlib.sha256(os.fsencode(where)).hexdigest()[:24]
    return Path(settings.outputs_dir) / CACHE_DIR / f"intake-{name}.json", digest.hexdigest()


def _code_and_rules_stamp(rules_dir: Path, profiles_dir: Path | None = None) -> str:
    digest = hashlib.sha256(_package_stamp().encode())
    files = sorted(Path(rules_dir).rglob("*"))
    if profiles_dir is not None and Path(profiles_dir).is_dir():
        files += sorted(Path(profiles_dir).rglob("*"))
    _stamp_files(digest, files)
    return digest.hexdigest()


@functools.cache
def _package_stamp() -> str:
    """The package's code as this process loaded it: once per process (a rerun's read of 20
    cached workbooks hashed the same 120 files 40 times: a second of a 12 s rerun, measured).
    A process runs the code it imported, whatever is saved over the files afterwards."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent.parent  # the whole package, not only this stage
    _stamp_files(digest, sorted(package.rglob("*.py")))
    return digest.hexdigest()


def _stamp_files(digest, files: list[Path]) -> None:
    for file in files:
        if file.is_file():
            info = file.stat()
            digest.update(f"{file}:{info.st_mtime_ns}:{info.st_size}".encode())


class _CacheHead(BaseModel):
    """A cached intake's key and Data Docs stamp; the intake itself is skipped, not built."""

    key: str = ""
    docs_stamp: str = ""


class _CacheEntry(_CacheHead):
    intake: Intake


def _cached_intake(cache: Path, key: str, path: Path, settings: Settings) -> Intake | None:
    saved = _current_entry(cache, key, path, settings, _CacheEntry)
    return saved.intake if saved is not None else None


def _current_entry(
    cache: Path, key: str, path: Path, settings: Settings, model: type[_CacheHead] = _CacheHead
) -> _CacheHead | None:
    """The cached intake's entry when its key matches and its Data Docs are in place."""
    try:
        # Parsed and validated in one pass from the text (5× faster than json + validate).
        saved = model.model_validate_json(cache.read_text(encoding="utf-8"))
        if saved.key != key:
            return None
        if settings.data_docs:  # the Data Docs must still be there and current
            stamp = workbook_output_dir(Path(path), settings) / "validation" / DOCS_STAMP
            if not saved.docs_stamp or not stamp.is_file():
                return None
            if stamp.read_text(encoding="utf-8") != saved.docs_stamp:
                return None
        return saved
    except (OSError, ValueError):
        return None  # missing, unreadable, or from another version: read the workbook again


def intake_is_cached(path: Path, settings: Settings) -> bool:
    """Whether read_intake would reuse this workbook's last intake (nothing to read)."""
    if not _regular(path):
        return False
    cache, key = _intake_cache(path, settings)
    return cache is not None and _current_entry(cache, key, path, settings) is not None


def _regular(path: Path) -> bool:
    """A regular file: only those are hashed (reading a FIFO to hash it would block)."""
    try:
        return stat.S_ISREG(Path(path).stat().st_mode)
    except OSError:
        return False


# Unchanged workbooks' intakes loaded by read_intakes_ahead while the server boots, each taken
# once by the flow's cached_intake in this process: by cache file and key, so a workbook saved
# in between (another key) is not taken. A 1,000-person rerun parsed them in its flow: 0.6 s.
_LOADED: dict[tuple[Path, str], Intake] = {}


# Workbooks read ahead of the flow in this process (changed since the last run, or new): the
# flow still reads each in a task run of its own, which finds it done, so the run's log and the
# UI show the workbook read in this run. Only unchanged workbooks skip the task run.
_READ_AHEAD: set[str] = set()


def cached_intake(path: Path, settings: Settings) -> Intake | None:
    """This workbook's last intake when read_intake would reuse it, else None (to be read):
    None also for one read ahead in this run, which the flow reads (from the cache) in a task."""
    where = str(Path(path).resolve())
    if where in _READ_AHEAD:
        _READ_AHEAD.discard(where)
        return None
    cache, key = _intake_cache(path, settings) if _regular(path) else (None, "")
    if cache is None:
        return None
    loaded = _LOADED.pop((cache, key), None)
    if loaded is not None:
        return loaded
    with timing.stage("intake_cache"):
        return _cached_intake(cache, key, path, settings)


def peek_cached_intake(path: Path, settings: Settings) -> Intake | None:
    """An unchanged workbook's cached intake, loaded now and kept for this process's flow
    (its cached_intake takes it, once), or None when the workbook is to be read."""
    cache, key = _intake_cache(path, settings) if _regular(path) else (None, "")
    if cache is None:
        return None
    if (cache, key) in _LOADED:
        return _LOADED[(cache, key)]
    with timing.stage("intake_cache"):
        intake = _cached_intake(cache, key, path, settings)
    if intake is not None:
        _LOADED[(cache, key)] = intake
    return intake


def read_intake(path: Path, settings: Settings) -> Intake:
    """Read and validate a workbook, and count which rows belong to whom.

    An unchanged workbook (same bytes, settings, rules and code) reuses its last intake, so a
    rerun with nothing changed neither reads it again nor starts Great Expectations.
    """
    cache, key = _intake_cache(path, settings) if _regular(path) else (None, "")
    if cache is not None:
        with timing.stage("intake_cache"):
            cached = _cached_intake(cache, key, path, settings)
        if cached is not None:
            return cached
    intake, stamp = _read_intake(path, settings)
    if cache is not None and not intake.data.failed:
        text = json.dumps(
            {"key": key, "docs_stamp": stamp, "intake": intake.model_dump(mode="json")}
        )
        ensure_private_dir(cache.parent)
        atomic_write(cache, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return intake


def _read_in_worker(path: Path, settings: Settings) -> None:
    """One workbook into the intake cache, in a read worker (the flow's read finds it done)."""
    try:
        read_intake(path, settings)
    finally:
        if timing.enabled():
            timing.flush()


def read_intakes_ahead(paths: list[Path], settings: Settings) -> None:
    """Read and validate workbooks into the intake cache before a flow starts (while its
    server boots); the flow's reads then find them done. Failures are left to the flow.
    Several workbooks are read in worker processes side by side (workers.read_ahead); an
    unchanged one's cached intake is loaded for the flow (cached_intake takes it)."""
    paths = [p for p in paths if peek_cached_intake(p, settings) is None]  # unchanged: loaded
    _READ_AHEAD.update(str(Path(p).resolve()) for p in paths)
    if workers.read_ahead(paths, settings, _read_in_worker):
        return
    for path in paths:
        try:
            read_intake(path, settings)
        except Exception:  # noqa: BLE001 - the flow's own read reports it, located
            continue


def without_data_docs(settings: Settings) -> Settings:
    """The settings for a build whose Data Docs come after it (write_data_docs): `watch`
    rewrites a saved person's packet first (GX's site cost about 0.5 s of each rebuild)."""
    return settings.model_copy(update={"data_docs": False})


def write_data_docs(paths: list[Path], settings: Settings) -> None:
    """Bring these workbooks' Data Docs up to date (after a build without them): an intake
    whose Data Docs are current costs a stat; any other is read and validated again with
    them, and kept. Problems were reported by the build: nothing is raised here."""
    if not settings.data_docs:
        return
    for path in paths:
        try:
            read_intake(path, settings)
        except Exception:  # noqa: BLE001, S112 - the build reported this workbook, located
            continue


def _read_intake(path: Path, settings: Settings) -> tuple[Intake, str]:
    with timing.stage("read"):
        raw = read_workbook(path, settings)
    people = raw.sheets.get("People")
    workers.prestart(settings.processes, len(people.rows) if people else 0)
    with timing.stage("validate"):
        docs_dir, stamp = _data_docs_target(raw, path, settings)
        data = validate_workbook(raw, settings, docs_dir=docs_dir)
    if docs_dir is not None and docs_dir.is_dir():
        atomic_write(docs_dir / DOCS_STAMP, lambda tmp: tmp.write_text(stamp, encoding="utf-8"))
    rows_with_problems: dict[tuple[str, int], list[Problem]] = {}
    for problem in data.problems:
        if problem.sheet and problem.row:
            rows_with_problems.setdefault((problem.sheet, problem.row), []).append(problem)
    counts: dict[str, RowCount] = {}
    for name in PERSON_SHEETS:
        sheet = raw.sheets.get(name)
        for row in sheet.rows if sheet else []:
            key = normalise_name(str(row.values.get("person_id") or ""))
            header_again = any(code == "repeated_header" for code, _ in row.flags.values())
            if not key or header_again:
                continue  # counted in the workbook's totals and reported as a problem
            count = counts.setdefault(key, RowCount(person_id=str(row.values["person_id"])))
            found = rows_with_problems.get((name, row.excel_row), [])
            blocked = any(p.blocking for p in found)
            count.read += 1
            count.rejected += blocked
            count.problems += len(found)
            count.problem_cells += [problem_cell(p) for p in found]
            if name == "People":
                count.cohort = str(row.values.get("cohort") or "") or None
                count.people_row = row.excel_row if blocked else None
    docs_current = settings.data_docs and not raw.failed and (docs_dir is None or docs_dir.is_dir())
    return Intake(path=str(path), data=data, person_rows=counts), stamp if docs_current else ""


def problem_cell(problem: Problem) -> str:
    """Where a problem is: its cell, else its sheet and row."""
    return problem.cell or f"{problem.sheet} row {problem.row}"


def failed_intake(path: Path, exc: BaseException) -> Intake:
    """An unexpected error while reading: the workbook fails with a message, the run goes on."""
    problem = Problem(
        file=display_name(Path(path).name),
        message=f"The workbook could not be processed ({type(exc).__name__}).",
        fix="Open and re-save it in Excel; if that does not help, send promopacket-error.log.",
        severity="workbook",
        code="internal",
    )
    return Intake(
        path=str(path), data=WorkbookData(file=problem.file, problems=[problem], failed=True)
    )


def _same(a: str | None, b: str) -> bool:
    return normalise_name(a or "") == normalise_name(b)


def _rejected_people(intake: Intake, cohort: str | None) -> list[PersonResult]:
    """People whose own People row was rejected: named in the summary as failed, with why."""
    return [
        PersonResult(
            person_id=count.person_id,
            workbook=intake.data.file,
            status=PersonStatus.FAILED,
            error=f"People row {count.people_row} was rejected; see Problems for the fix.",
        )
        for count in intake.person_rows.values()
        if count.people_row and (cohort is None or _same(count.cohort, cohort))
    ]


def _output_clash(intake: Intake, folder: str, other: str) -> Intake:
    """A workbook whose output folder another workbook of the run already has: not processed
    (a shared folder would mean one summary and manifest for both), with a located message."""
    message, fix = problem_text("duplicate_output", detail=folder, value=other)
    problem = Problem(
        file=intake.data.file,
        message=message,
        fix=fix,
        severity="workbook",
        code="duplicate_output",
    )
    counts = {
        k: v.model_copy(update={"used": 0, "rejected": v.read})
        for k, v in intake.data.counts.items()
    }
    data = WorkbookData(file=intake.data.file, problems=[problem], failed=True, counts=counts)
    return Intake(path=intake.path, data=data)


def _one_folder_each(group: Group, members: list[PersonBundle]) -> None:
    """Add members to the group; a person whose folder name another already has (ids alike
    once made file-name-safe, or differing only in case) fails with a message, never shares."""
    seen = {safe_name(b.person.person_id, "person").casefold(): b for b in group.bundles}
    for bundle in members:
        key = safe_name(bundle.person.person_id, "person").casefold()
        if key in seen:
            other = seen[key]
            where = "" if other.workbook == bundle.workbook else f" in {other.workbook}"
            group.failures.append(
                PersonResult(
                    person_id=bundle.person.person_id,
                    workbook=bundle.workbook,
                    status=PersonStatus.FAILED,
                    error=f"person_id '{bundle.person.person_id}' is also used (as "
                    f"'{other.person.person_id}'){where}; ids must be unique in a cohort and "
                    "differ by more than case. Rename one of them.",
                )
            )
            continue
        seen[key] = bundle
        group.bundles.append(bundle)


def plan_groups(
    intakes: list[Intake], settings: Settings, cohort: str | None = None
) -> list[Group]:
    """One group per workbook, or one group for the named cohort across every workbook."""
    if cohort is None:
        groups, folders = [], {}
        for intake in intakes:
            folder = str(workbook_output_dir(Path(intake.path), settings))
            owner = folder_owner(Path(intake.path), settings)
            if folder.casefold() in folders:
                intake = _output_clash(intake, folder, folders[folder.casefold()])
            elif owner is not None:  # not in this run (watch rebuilds one), still its folder
                intake = _output_clash(intake, folder, owner.name)
            else:
                folders[folder.casefold()] = intake.data.file
            group = Group(
                name=display_name(Path(intake.path).stem),
                output_dir=folder,
                intakes=[intake],
                failures=_rejected_people(intake, None),
            )
            _one_folder_each(group, [] if intake.data.failed else person_bundles(intake.data))
            groups.append(group)
        return attach_committee(groups, Path(settings.outputs_dir))
    group = Group(
        name=cohort,
        output_dir=str(inside(settings.outputs_dir, safe_name(cohort, "cohort"))),
        intakes=[],
    )
    for intake in intakes:
        members = [
            b
            for b in ([] if intake.data.failed else person_bundles(intake.data))
            if _same(b.person.cohort, cohort)
        ]
        rejected = _rejected_people(intake, cohort)
        # A workbook that could not be read may hold members: it is reported in the cohort too.
        if intake.data.failed or members or rejected:
            group.intakes.append(intake)
        group.failures.extend(rejected)
        _one_folder_each(group, members)
    return attach_committee([group], Path(settings.outputs_dir))


def with_row_counts(result: PersonResult, intakes: list[Intake]) -> PersonResult:
    """Fill in the person's own rows read / used / rejected, problem count and profile."""
    key = normalise_name(result.person_id)
    for intake in intakes:
        if intake.data.file == result.workbook and key in intake.person_rows:
            count = intake.person_rows[key]
            choice = intake.data.profiles.get(result.person_id)
            return result.model_copy(
                update={
                    "rows_read": count.read,
                    "rows_used": count.read - count.rejected,
                    "rows_rejected": count.rejected,
                    "problems": count.problems,
                    "problem_cells": count.problem_cells,
                    "profile": choice.describe if choice else result.profile,
                }
            )
    return result


def group_result(group: Group, people: list[PersonResult]) -> GroupResult:
    """The group's result: each workbook with its own people (rows counted) and problems."""
    result = GroupResult(name=group.name, output_dir=group.output_dir, committee=group.committee)
    for intake in group.intakes:
        data = intake.data
        mine = [with_row_counts(p, group.intakes) for p in people if p.workbook == data.file]
        result.workbooks.append(
            WorkbookResult(
                file=data.file,
                output_dir=group.output_dir,
                path=intake.path,
                failed=data.failed,
                counts=data.counts,
                problems=data.problems,
                people=mine,
                files=[f for p in mine for f in p.files],
            )
        )
    return result
