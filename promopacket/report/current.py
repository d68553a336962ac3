"""Whether a folder's reports are current: made from exactly what this run would make them from.

A rerun with nothing changed used to read every person's record again to make the review data
(1,000 records: 1.6 s of a 12 s rerun), only to find summary.xlsx, problems.xlsx and the review
pages unchanged, and `run --json` read them all once more for its tables. The reports are made
from the group's results (people, workbooks, problems, the committee's decisions read back,
redactions) and from the records the builds wrote; every build changes its person's manifest
entry (fingerprint, file hashes, built_at). So a stamp over those, this version and the review's
templates says when the reports need not be made again: it is recorded in the manifest when
they are written, and a later run with the same stamp, the reports still in place, skips them.
Anything that differs makes them again as before (summary.xlsx is still compared cell by cell).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from promopacket import __version__
from promopacket.build.manifest import Manifest, environment_hash, load_manifest, unchanged_build
from promopacket.build.results import PersonResult, PersonStatus
from promopacket.core.fsutil import atomic_write, ensure_private_dir
from promopacket.report.redact import redact_group
from promopacket.report.review.html import REVIEW_DIR, review_templates_stamp
from promopacket.run.cohort import (
    Group,
    GroupResult,
    RunResult,
    group_result,
    list_workbooks,
    peek_cached_intake,
    plan_groups,
)
from promopacket.settings import Settings

STAMP_KEY = "inputs"  # in manifest.reports: the stamp of what the reports were last made from
CACHE_DIR = ".cache"  # beside the group's folder, with the intake caches (run/cohort.py)
REPORT_FILES = ("summary.xlsx", "problems.xlsx", f"{REVIEW_DIR}/index.html")


# What steers whether summary.xlsx is read or written this run, and what is kept to compare the
# next save with (derived from what was written): not what the reports are made from.
BOOKKEEPING = {"read_summary", "writable", "must_write"}
WRITTEN_STATE = {"summary_sha256", "headers"}


def reports_stamp(group: GroupResult, manifest: Manifest) -> str:
    """A hash of everything the group's reports are made from."""
    data = group.model_dump(mode="json", exclude={"reports"})
    committee = data.get("committee") or {}
    for key in BOOKKEEPING:
        committee.pop(key, None)
    for key in WRITTEN_STATE:
        committee.get("file", {}).pop(key, None)
    for entry in committee.get("file", {}).get("people", {}).values():
        entry.pop("shown", None)  # the committee's cells as last written
    for workbook in data["workbooks"]:
        for person in workbook["people"]:
            # Written this run or unchanged since: the same documents ("up to date" in both).
            if person["status"] == PersonStatus.OK:
                person["status"] = PersonStatus.UNCHANGED
    entries = {
        p.person_id: e.model_dump(mode="json")
        for p in group.people
        if (e := manifest.people.get(p.person_id)) is not None
    }
    text = json.dumps([__version__, review_templates_stamp(), data, entries], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def reports_current(group: GroupResult, manifest: Manifest, stamp: str) -> bool:
    """Whether the reports were last made from `stamp` and are all still there, and
    summary.xlsx is to be neither read back nor replaced this run (saved by the committee,
    damaged, missing, open in Excel: run/decisions.py decides, as ever)."""
    book = group.committee
    if book is not None and (book.read_summary or book.must_write or not book.writable):
        return False
    out_dir = Path(group.output_dir)
    return manifest.reports.get(STAMP_KEY) == stamp and all(
        (out_dir / name).is_file() for name in REPORT_FILES
    )


def report_paths(group: GroupResult) -> list[str]:
    """The reports' paths, as write_reports returns them."""
    return [str(Path(group.output_dir) / name) for name in REPORT_FILES]


def _tables_path(group: GroupResult) -> Path:
    folder = Path(group.output_dir)
    name = hashlib.sha256(os.fsencode(folder.name)).hexdigest()[:24]
    return folder.parent / CACHE_DIR / f"summary-{name}.json"


def save_tables(group: GroupResult, stamp: str, tables: dict) -> None:
    """Keep the summary's tables for `run --json`, with the stamp they were made from (the
    file is written only when that changed: a rerun with no change writes nothing)."""
    path = _tables_path(group)
    text = json.dumps({"stamp": stamp, "tables": tables}, default=str)
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    ensure_private_dir(path.parent)  # the tables quote names and statements: owner-only
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def saved_tables(group: GroupResult, stamp: str) -> dict[str, Any] | None:
    """The summary's tables kept for this stamp, or None (made from something else, or none)."""
    try:
        saved = json.loads(_tables_path(group).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(saved, dict) or saved.get("stamp") != stamp:
        return None
    return saved.get("tables")


def current_reports(group: GroupResult, manifest: Manifest) -> list[str] | None:
    """The reports' paths when they are current (nothing to make), else None."""
    stamp = reports_stamp(group, manifest)
    return report_paths(group) if reports_current(group, manifest, stamp) else None


def finished_group(group: Group, people: list[PersonResult], settings: Settings) -> GroupResult:
    """The group's result as its reports show it: names and emails replaced by ids when the
    run redacts (settings.redact)."""
    result = group_result(group, people)
    if settings.redact:
        result = redact_group(result, [i.data for i in group.intakes])
    return result


def settled_run(paths: list[Path], cohort: str | None, settings: Settings) -> RunResult | None:
    """The run's result when running it would change nothing, else None (at the first thing
    to do): every workbook's intake is cached (none failed: a failed one is never cached), every
    person is unchanged (unchanged_build: inputs, templates, rules, code, files in place) and
    every group's reports are current. It is what the cohort flow would return, made from the
    same checks, without Prefect: `promopacket run` answers such a rerun without starting a
    server. The intakes loaded are kept for this process's flow when it runs after all."""
    intakes = []
    for path in list_workbooks(paths):
        intake = peek_cached_intake(path, settings)
        if intake is None:
            return None
        intakes.append(intake)
    env_hash = environment_hash(settings)
    run = RunResult(cohort=cohort)
    for group in plan_groups(intakes, settings, cohort):
        manifest = load_manifest(Path(group.output_dir))
        people = []
        for bundle in group.bundles:
            previous = manifest.people.get(bundle.person.person_id)
            build = unchanged_build(bundle, Path(group.output_dir), env_hash, previous)
            if build is None:
                return None
            people.append(build.result)
        result = finished_group(group, people + group.failures, settings)
        reports = current_reports(result, manifest)
        if reports is None:
            return None
        result.reports = [*reports, str(Path(group.output_dir) / "manifest.json")]
        run.groups.append(result)
    return run
