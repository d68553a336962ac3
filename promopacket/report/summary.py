"""The run summary: summary.xlsx per output folder, the same as JSON, and privacy-safe reports.

The workbook and JSON forms carry what a user needs to act (problems with their messages);
the Prefect artifact forms carry counts and ids only, never statement text or names.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from promopacket.build.manifest import Manifest, load_manifest
from promopacket.build.results import PersonResult, PersonStatus
from promopacket.core import timing
from promopacket.core.fsutil import atomic_write
from promopacket.core.models import WorkbookData
from promopacket.core.xlsxcell import CELL_LIMIT
from promopacket.report.current import (
    STAMP_KEY,
    report_paths,
    reports_current,
    reports_stamp,
    save_tables,
    saved_tables,
)
from promopacket.report.problems import (
    PROBLEM_COLUMNS,
    add_table_sheet,
    problem_rows,
    write_problems,
)
from promopacket.report.redact import Redactor
from promopacket.report.review.excel import SCORES_COLUMNS, add_calibration_sheet, calibration_table
from promopacket.report.review.html import REVIEW_DIR, review_templates_stamp, write_review
from promopacket.report.review.tables import CHANGES_COLUMNS, ReviewData, changes_rows, review_data
from promopacket.run.cohort import GroupResult, RunResult
from promopacket.run.decisions import keep_edited_copy, record_written
from promopacket.run.history import record_cycles

PEOPLE_COLUMNS = (
    "person_id",
    "workbook",
    "status",
    "profile",
    "rows_read",
    "rows_used",
    "rows_rejected",
    "statements",
    "weak_to_strong",
    "strong_after",
    "mean_score_before",
    "mean_score_after",
    "needs_metric",
    "problems",
    "files",
    "built_at",
    "note",
)
WORKBOOK_COLUMNS = ("workbook", "status", "people", "rows_read", "rows_used", "rows_rejected")
# One vocabulary, two fields, the same words wherever they appear:
# `this_run`: what this run did (terminal, run log, JSON, artifacts) ...
STATUS_WORDS = {
    PersonStatus.OK: "written",
    PersonStatus.UNCHANGED: "unchanged",
    PersonStatus.FAILED: "failed",
}
# ... `status`: the state of the documents (summary.xlsx, JSON, artifacts; a rerun with no
# change leaves it, so summary.xlsx is not rewritten).
STATE_WORDS = {
    PersonStatus.OK: "up to date",
    PersonStatus.UNCHANGED: "up to date",
    PersonStatus.FAILED: "failed",
}


def person_status(person: PersonResult, words: dict[str, str] = STATE_WORDS) -> str:
    word = words.get(person.status, person.status)
    return f"{word}, reviewer edits kept" if person.kept_edits else word


def person_note(person: PersonResult, out_dir: Path) -> str:
    if person.status == PersonStatus.FAILED:
        return person.error or "failed"
    notes = []
    if person.kept_edits:
        beside = [Path(f).name for f in person.files if ".new" in Path(f).name]
        notes.append(
            f"edited since written, kept: {', '.join(person.kept_edits)}"
            + (f"; new version beside it: {', '.join(beside)}" if beside else "")
        )
    if person.broken:
        notes.append(
            f"damaged (not a valid document), kept and rebuilt: {', '.join(person.broken)}"
        )
    if person.stale:
        notes.append(
            "stale (no build makes it any more: its meeting left the workbook, or the "
            "decision is no longer 'not yet'), moved: " + ", ".join(person.stale)
        )
    return "; ".join(notes)


def person_row(person: PersonResult, out_dir: Path, words: dict[str, str]) -> list[Any]:
    files = [_relative(f, out_dir) for f in person.files]
    return [
        person.person_id,
        person.workbook,
        person_status(person, words),
        person.profile,
        person.rows_read,
        person.rows_used,
        person.rows_rejected,
        person.statements,
        person.rewritten,
        person.strong_after,
        person.mean_score_before,
        person.mean_score_after,
        person.needs_metric,
        person.problems,
        fit_lines(files, f"in {Path(files[0]).parent}/" if files else ""),
        person.built_at,
        person_note(person, out_dir),
    ]


def fit_lines(lines: list[str], where: str, limit: int = CELL_LIMIT) -> str:
    """Lines joined for one cell, within Excel's limit: as many as fit, then a line that says
    how many more there are (1,200 letters would otherwise be cut mid-name by Excel)."""
    text = "\n".join(lines)
    if len(text) <= limit:
        return text
    kept: list[str] = []
    used = 0
    for line in lines:
        rest = len(lines) - len(kept) - 1
        tail = f"\n… and {rest} more files {where}" if rest else ""
        if used + len(line) + 1 + len(tail) > limit:
            break
        kept.append(line)
        used += len(line) + 1
    more = len(lines) - len(kept)
    return "\n".join(kept) + f"\n… and {more} more files {where}"


def workbook_rows(group: GroupResult) -> list[list[Any]]:
    rows = []
    for w in group.workbooks:
        counts = w.counts.values()
        status = "not processed" if w.failed else ("problems" if w.blocking else "ok")
        rows.append(
            [
                w.file,
                status,
                len(w.people),
                sum(c.read for c in counts),
                sum(c.used for c in counts),
                sum(c.rejected for c in counts),
            ]
        )
    return rows


def _relative(path: str, out_dir: Path) -> str:
    try:
        return str(Path(path).relative_to(out_dir))
    except ValueError:
        return str(path)


def group_review(group: GroupResult) -> ReviewData:
    """The folder's build records, changes and calibration (read once per run); under --redact
    the text they quote shows ids in place of names and emails."""
    redact = None if group.redactions is None else Redactor(group.redactions).text
    return review_data(group.people, Path(group.output_dir), redact, group.committee)


def summary_tables(
    group: GroupResult,
    words: dict[str, str] = STATE_WORDS,
    review: ReviewData | None = None,
) -> dict[str, tuple[tuple[str, ...], list[list[Any]]]]:
    """The summary's sheets as (headers, rows); `words` says run actions or document states."""
    out_dir = Path(group.output_dir)
    people = _people_in_order(group)
    review = group_review(group) if review is None else review
    return {
        "People": (PEOPLE_COLUMNS, [person_row(p, out_dir, words) for p in people]),
        "Calibration": calibration_table(
            review.expectations, review.calibration, _extra_columns(group)
        ),
        "Scores": (SCORES_COLUMNS, [list(band) for band in review.distribution]),
        "Changes": (CHANGES_COLUMNS, changes_rows(review)),
        "Workbooks": (WORKBOOK_COLUMNS, workbook_rows(group)),
        "Problems": (PROBLEM_COLUMNS, problem_rows(group.problems)),
    }


def _extra_columns(group: GroupResult) -> list[str]:
    return list(group.committee.file.extra_columns) if group.committee else []


def _notes(review: ReviewData) -> list[dict[str, tuple[str, str | None]]]:
    """The Excel notes typed on each Calibration row, in the rows' order."""
    return [row.comments for row in review.calibration]


def _people_in_order(group: GroupResult) -> list[PersonResult]:
    return sorted(
        group.people, key=lambda p: (p.status != PersonStatus.FAILED, p.workbook, p.person_id)
    )


def content_hash(tables: dict) -> str:
    return hashlib.sha256(json.dumps(tables, default=str, sort_keys=True).encode()).hexdigest()


def write_summary(
    group: GroupResult,
    previous_hash: str | None = None,
    review: ReviewData | None = None,
) -> tuple[Path, str, bool]:
    """summary.xlsx (People, Calibration, Scores, Changes, Workbooks, Problems); rewritten only
    when its content changed, never while it is open in Excel or cannot be read (what the
    committee typed would be lost), and after keeping a copy when it was edited outside the
    committee's columns (run/decisions.py)."""
    path, digest, written, _ = _write_summary(group, previous_hash, review)
    return path, digest, written


def _write_summary(group, previous_hash, review) -> tuple[Path, str, bool, dict]:
    """write_summary, and the tables summary.xlsx holds."""
    review = group_review(group) if review is None else review
    committee = group.committee
    path = Path(group.output_dir) / "summary.xlsx"
    tables = summary_tables(group, review=review)
    digest = content_hash({**tables, "notes": _notes(review)})
    if committee is not None and not committee.writable:
        return path, previous_hash or "", False, tables
    forced = committee is not None and committee.must_write
    if digest == previous_hash and path.exists() and not forced:
        return path, digest, False, tables
    if committee is not None and committee.read_summary:
        kept = keep_edited_copy(committee)
        if kept is not None:  # said in this summary's own Problems sheet too
            committee.problems.append(kept)
            tables = summary_tables(group, review=review)
    book = Workbook()
    for i, (title, (headers, rows)) in enumerate(tables.items()):
        if title == "Calibration":
            add_calibration_sheet(
                book, headers, rows, review.distribution, index=i, notes=_notes(review)
            )
        elif title != "Scores":  # the Calibration chart's data, written with it
            add_table_sheet(book, title, headers, rows, first=i == 0)
    atomic_write(path, lambda tmp: book.save(tmp))
    if committee is not None:
        headers, rows = tables["Calibration"]
        record_written(committee, path, list(headers), rows)
    return path, digest, True, tables


def write_reports(group: GroupResult, manifest: Manifest) -> list[str]:
    """summary.xlsx, problems.xlsx and the HTML review, each rewritten only when its content
    changed; nothing is read or written when they were made from the same inputs (current.py)."""
    out_dir = Path(group.output_dir)
    stamp = reports_stamp(group, manifest)
    if reports_current(group, manifest, stamp):
        return report_paths(group)
    with timing.stage("review"):
        review = group_review(group)
    path, digest, _, tables = _write_summary(group, manifest.reports.get("summary.xlsx"), review)
    manifest.reports["summary.xlsx"] = digest
    record_cycles(group.committee, review.records, Path(group.output_dir))
    problems_path = out_dir / "problems.xlsx"
    sources = {w.file: w.path for w in group.workbooks if w.path}  # cells link to the source
    problems_digest = content_hash({"Problems": problem_rows(group.problems), "links": sources})
    if problems_digest != manifest.reports.get("problems.xlsx") or not problems_path.exists():
        write_problems(group.problems, problems_path, sources)
    manifest.reports["problems.xlsx"] = problems_digest
    # The review pages show what summary.xlsx and problems.xlsx hold: when neither changed (nor
    # the review's templates or this version), the pages are current and are not made again
    # (a 1,000-person rerun rendered 1,010 pages to write none: 0.7 s).
    review_key = content_hash(
        {"summary": digest, "problems": problems_digest, "pages": review_templates_stamp()}
    )
    index = out_dir / REVIEW_DIR / "index.html"
    if review_key != manifest.reports.get("review") or not index.is_file():
        with timing.stage("review"):
            index = write_review(group, review)
    manifest.reports["review"] = review_key
    if group.committee is None or group.committee.writable:
        manifest.reports[STAMP_KEY] = stamp
        save_tables(group, reports_stamp(group, manifest), tables)  # as it now is, for --json
    else:  # summary.xlsx was left as it is (open in Excel): the next run writes it
        manifest.reports.pop(STAMP_KEY, None)
    return [str(path), str(problems_path), str(index)]


def summary_json(run: RunResult, reuse: bool = False) -> dict[str, Any]:
    """The summary for automation (`run --json`): the same rows as summary.xlsx, per folder.
    reuse: take the tables kept by write_reports when they were made from this very group
    (as JSON: dates are text, as `--json` prints them anyway)."""
    groups = []
    for group in run.groups:
        made = _reused_tables(group) if reuse else None
        tables = {
            title.lower(): [dict(zip(headers, row, strict=True)) for row in rows]
            for title, (headers, rows) in (made or summary_tables(group)).items()
        }
        for row, person in zip(tables["people"], _people_in_order(group), strict=True):
            row["this_run"] = STATUS_WORDS[person.status]
            row["files"] = row["files"].split("\n") if row["files"] else []
        groups.append(
            {
                "name": group.name,
                "output_dir": group.output_dir,
                "reports": group.reports,
                **tables,
            }
        )
    return {"cohort": run.cohort, "failed": run.failed, "totals": totals(run), "groups": groups}


def _reused_tables(group: GroupResult) -> dict | None:
    return saved_tables(group, reports_stamp(group, load_manifest(Path(group.output_dir))))


def totals(run: RunResult) -> dict[str, int]:
    people = [p for g in run.groups for p in g.people]
    workbooks = [w for g in run.groups for w in g.workbooks]
    return {
        "workbooks": len(workbooks),
        "workbooks_failed": sum(w.failed for w in workbooks),
        "people": len(people),
        "written": sum(p.status == PersonStatus.OK for p in people),
        "unchanged": sum(p.status == PersonStatus.UNCHANGED for p in people),
        "failed": sum(p.status == PersonStatus.FAILED for p in people),
        "kept_edits": sum(len(p.kept_edits) for p in people),
        "blocking_problems": sum(w.blocking for w in workbooks),
        "advice": sum(len(w.problems) - w.blocking for w in workbooks),
    }


def intake_line(data: WorkbookData) -> str:
    """One workbook read and validated, for the run log: counts and problem codes only."""
    if data.failed:
        codes = sorted({p.code for p in data.problems if p.blocking})
        return f"{data.file}: not processed ({', '.join(codes)})"
    read = sum(c.read for c in data.counts.values())
    rejected = sum(c.rejected for c in data.counts.values())
    blocking = sum(1 for p in data.problems if p.blocking)
    return (
        f"{data.file}: {len(data.people)} people, {read} rows read, {rejected} rejected; "
        f"{blocking} blocking problems, {len(data.problems) - blocking} advice"
    )


def artifact_table(run: RunResult) -> list[dict[str, Any]]:
    """Counts and ids only: safe for the Prefect UI (no names, statements or salaries)."""
    return [
        {
            "group": g.name,
            "workbook": p.workbook,
            "person_id": p.person_id,
            "status": person_status(p),
            "this_run": STATUS_WORDS[p.status],
            "rows_read": p.rows_read,
            "rows_rejected": p.rows_rejected,
            "weak_to_strong": p.rewritten,
            "needs_metric": p.needs_metric,
            "problems": p.problems,
            "files": len(p.files),
            "kept_edits": len(p.kept_edits),
        }
        for g in run.groups
        for p in g.people
    ]


def artifact_markdown(run: RunResult) -> str:
    """A short report with counts, failing ids and problem codes; no user text."""
    t = totals(run)
    lines = [
        f"# promopacket run{f' — cohort {run.cohort}' if run.cohort else ''}",
        "",
        f"- workbooks: {t['workbooks']} ({t['workbooks_failed']} not processed)",
        f"- people: {t['people']} — written {t['written']}, unchanged {t['unchanged']}, "
        f"failed {t['failed']}",
        f"- reviewer-edited files kept: {t['kept_edits']}",
        f"- problems: {t['blocking_problems']} blocking, {t['advice']} advice",
    ]
    failures = [
        (w.file, "workbook not processed", sorted({p.code for p in w.problems if p.blocking}))
        for g in run.groups
        for w in g.workbooks
        if w.failed
    ] + [
        (p.workbook, f"person {p.person_id} failed", [])
        for g in run.groups
        for p in g.people
        if p.status == PersonStatus.FAILED
    ]
    if failures:
        lines += ["", "## Failed", ""]
        lines += [f"- {f}: {what}" + (f" ({', '.join(c)})" if c else "") for f, what, c in failures]
    return "\n".join(lines) + "\n"
