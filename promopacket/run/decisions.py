"""The committee's decisions: typed into summary.xlsx, read back at the next run, kept durably.

Where decisions come from (issue 26): the committee types `decision` (a dropdown: promote,
not yet, defer) and `decision_reason` in the Calibration sheet of the folder's summary.xlsx, the
sheet it already reads side by side. Not a Decisions sheet in an input workbook: input
workbooks belong to candidates and managers (one per team), a cohort spans several of them, and
a committee's verdict typed into a candidate's own workbook would be read, validated and shown
back to the people it is about. summary.xlsx is one per output folder, i.e. one per cycle.

What is kept of what people type into summary.xlsx (and how):
- decision and decision_reason of every Calibration row: read back, kept in `decisions.json`
  (beside manifest.json; atomic writes), written again into every new summary.xlsx;
- columns the committee adds to Calibration (any header promopacket did not write): carried per
  person into every new summary.xlsx, after promopacket's own columns;
- Excel notes (comments) on a person's Calibration cells: carried to the same person and column;
- anything else (a generated cell overwritten, a sheet added, notes beside the table): the file
  as the committee left it is copied to summary.edited.xlsx (-2, -3 …) before a new summary.xlsx
  replaces it, and the run says which cells;
- a decision typed for a person no longer in the folder: kept in decisions.json, reported each
  run (advice), and shown again if the person comes back.
A deleted summary.xlsx loses nothing recorded at the run before (decisions.json); one that is
open in Excel (its `~$` lock file beside it) or cannot be opened is read as saved, or not at all,
and never replaced that run; one that is not a workbook any more is kept as summary.broken.xlsx.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from pydantic import BaseModel, Field

from promopacket.core.fsutil import atomic_write, ensure_private_dir, file_hash
from promopacket.core.messages import problem_text
from promopacket.core.models import DECISIONS, Decision, Problem
from promopacket.run.sheetdiff import cell_text, header_letters, keep_copy, other_edits

DECISIONS_FILE = "decisions.json"
SUMMARY = "summary.xlsx"
SHEET = "Calibration"
# The summary as promopacket last wrote it: what a saved file is compared with, cell by cell.
STATE_DIR = ".committee"
WRITTEN_COPY = "summary.as-written.xlsx"
DECISION_COLUMN, REASON_COLUMN = "decision", "decision_reason"
COMMITTEE_COLUMNS = (DECISION_COLUMN, REASON_COLUMN)
FILE_VERSION = 1
SHOWN_EDITS = 8  # cells named in the run's message; the kept copy has them all


class Comment(BaseModel):
    text: str
    author: str | None = None


class EarlierDecision(BaseModel):
    cycle: str | None = None
    decision: str | None = None
    reason: str | None = None
    decided_on: dt.date | None = None


class Entry(BaseModel):
    """What was typed for one person, as last read."""

    person_id: str
    decision: str | None = None  # as typed (spaces trimmed); a known one is `known`
    reason: str | None = None
    decided_on: dt.date | None = None  # when promopacket first read this decision and reason
    cell: str | None = None  # where the decision was typed, e.g. "Calibration!J3"
    extra: dict[str, Any] = Field(default_factory=dict)  # an added column → its value
    comments: dict[str, Comment] = Field(default_factory=dict)  # column → the note on it
    earlier: list[EarlierDecision] = Field(default_factory=list)  # oldest first
    # The person's People.cohort when the decision was typed: a decision of an earlier cycle
    # typed in this folder moves to `earlier` (and the history) when the cohort changes.
    cycle: str | None = None
    present: bool = True  # among the folder's people at the last read
    # The committee's cells as promopacket last wrote them (under --redact, with ids for
    # names): a saved cell still showing that is unchanged, so the text kept stays as typed.
    shown: dict[str, Any] = Field(default_factory=dict)

    @property
    def known(self) -> str | None:
        return normalise_decision(self.decision)

    @property
    def typed(self) -> bool:
        return bool(self.decision or self.reason or self.extra or self.comments)


class DecisionFile(BaseModel):
    version: int = FILE_VERSION
    summary_sha256: str | None = None  # of summary.xlsx as promopacket last wrote it
    headers: list[str] = Field(default_factory=list)  # the Calibration headers it wrote
    extra_columns: list[str] = Field(default_factory=list)  # added columns, in their order
    people: dict[str, Entry] = Field(default_factory=dict)


class DecisionBook(BaseModel):
    """One output folder's decisions for this run, and what reading them found."""

    folder: str
    file: DecisionFile = Field(default_factory=DecisionFile)
    problems: list[Problem] = Field(default_factory=list)
    read_summary: bool = False  # summary.xlsx was read this run (saved since it was written)
    writable: bool = True  # summary.xlsx may be replaced this run
    must_write: bool = False  # replace it even when its content is unchanged (damaged, missing)
    other_edits: list[str] = Field(default_factory=list)  # cells edited outside ours

    def entry(self, person_id: str) -> Entry | None:
        return self.file.people.get(person_id)

    def decision(self, person_id: str) -> Decision | None:
        entry = self.entry(person_id)
        if entry is None or entry.known is None:
            return None
        return Decision(
            decision=entry.known,
            reason=entry.reason,
            cycle=Path(self.folder).name,
            decided_on=entry.decided_on or dt.date.today(),
            cell=entry.cell,
        )

    @property
    def orphans(self) -> list[Entry]:
        return [e for e in self.file.people.values() if not e.present and e.typed]


def normalise_decision(value: str | None) -> str | None:
    """'Not yet', ' not-yet ', 'NOT_YET' → 'not yet'; anything not in DECISIONS → None."""
    if not value:
        return None
    words = " ".join(str(value).replace("-", " ").replace("_", " ").split()).casefold()
    return words if words in DECISIONS else None


def load_file(out_dir: Path, keep_broken: bool = True) -> tuple[DecisionFile, Problem | None]:
    path = Path(out_dir) / DECISIONS_FILE
    try:
        return DecisionFile.model_validate_json(path.read_text(encoding="utf-8")), None
    except FileNotFoundError:
        return DecisionFile(), None
    except (OSError, ValueError) as exc:
        kept = keep_copy(path, "broken") if keep_broken else None
        return DecisionFile(), _problem(
            out_dir,
            "summary_corrupt",
            detail=DECISIONS_FILE,
            value=type(exc).__name__,
            sheet=kept.name if kept else "",
        )


def save_file(out_dir: Path, data: DecisionFile) -> None:
    """decisions.json, written only when it changed (a rerun with no change writes nothing)."""
    path = Path(out_dir) / DECISIONS_FILE
    text = json.dumps(data.model_dump(mode="json"), indent=2, ensure_ascii=False, sort_keys=True)
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    ensure_private_dir(path.parent)
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _shown(out_dir: Path, name: str = SUMMARY) -> str:
    return f"{Path(out_dir).name}/{name}"


def _problem(out_dir: Path, code: str, cell: str | None = None, **fields) -> Problem:
    message, fix = problem_text(code, **fields)
    row = column = None
    if cell and "!" in cell:
        letters = "".join(c for c in cell.split("!", 1)[1] if c.isalpha())
        digits = "".join(c for c in cell.split("!", 1)[1] if c.isdigit())
        row = int(digits) if digits else None
        column = fields.get("column") or letters
    return Problem(
        file=_shown(out_dir),
        sheet=SHEET if cell else None,
        row=row,
        column=column,
        cell=cell,
        value=str(fields.get("value") or "") or None,
        message=message,
        fix=fix,
        severity="advice",
        code=code,
    )


def _read_rows(sheet, data: DecisionFile) -> tuple[list[dict[str, Any]], list[str]]:
    """Per Calibration row: its person_id, Excel row, committee values, added columns, notes."""
    letters = header_letters(sheet)
    by_header = {h: letter for letter, h in letters.items()}
    known = set(data.headers) if data.headers else None
    extra_columns = [
        h
        for h in letters.values()
        if h not in COMMITTEE_COLUMNS and known is not None and h not in known
    ]
    rows = []
    for cells in sheet.iter_rows(min_row=2):
        by_letter = {c.column_letter: c for c in cells}

        def cell(header: str, by_letter=by_letter):
            letter = by_header.get(header)
            return by_letter.get(letter) if letter else None

        pid_cell = cell("person_id")
        person_id = cell_text(pid_cell.value) if pid_cell is not None else None
        decision, reason = cell(DECISION_COLUMN), cell(REASON_COLUMN)
        comments = {}
        for letter, c in by_letter.items():
            header = letters.get(letter)
            if c.comment is not None and header:
                comments[header] = Comment(text=c.comment.text, author=c.comment.author)
        extra = {h: v for h in extra_columns if (v := cell_text(cell(h).value)) is not None}
        row = cells[0].row if cells else None
        rows.append(
            {
                "person_id": str(person_id) if person_id is not None else None,
                "row": row,
                "decision": cell_text(decision.value) if decision is not None else None,
                "reason": cell_text(reason.value) if reason is not None else None,
                "cell": decision.coordinate if decision is not None else None,
                "extra": extra,
                "comments": comments,
            }
        )
    return rows, extra_columns


def earlier(entry: Entry) -> EarlierDecision:
    return EarlierDecision(
        cycle=entry.cycle, decision=entry.decision, reason=entry.reason, decided_on=entry.decided_on
    )


def _merge(entry: Entry | None, person_id: str, typed: dict[str, Any], today: dt.date) -> Entry:
    """The row as saved in summary.xlsx over what decisions.json had for the person."""
    entry = entry.model_copy(deep=True) if entry else Entry(person_id=person_id)
    shown = entry.shown

    def kept(column: str, value: Any, stored: Any) -> Any:
        # still what promopacket wrote there (a redacted reason): the stored original stands
        return stored if column in shown and value == shown[column] else value

    decision = kept(DECISION_COLUMN, typed["decision"], entry.decision)
    reason = kept(REASON_COLUMN, typed["reason"], entry.reason)
    decision = None if decision is None else str(decision)
    reason = None if reason is None else str(reason)
    if (decision, reason) != (entry.decision, entry.reason):
        if entry.decision or entry.reason:
            entry.earlier.append(earlier(entry))
        entry.decision, entry.reason = decision, reason
        entry.decided_on = today if (decision or reason) else None
        entry.cycle = None  # the cycle it belongs to is the person's now (run/committee.py)
    entry.cell = f"{SHEET}!{typed['cell']}" if typed["cell"] else None
    entry.extra = {k: kept(k, v, entry.extra.get(k, v)) for k, v in typed["extra"].items()}
    entry.comments = typed["comments"]
    return entry


def peek_decisions(out_dir: Path) -> DecisionFile:
    """Another folder's decisions as saved (its summary.xlsx over its decisions.json), with
    nothing written, copied or reported: a later cycle reading what an earlier one decided."""
    out_dir = Path(out_dir)
    data, _ = load_file(out_dir, keep_broken=False)
    book = DecisionBook(folder=str(out_dir), file=data)
    path = out_dir / SUMMARY
    if path.is_file():
        _read_summary(book, path, dt.date.today(), keep_broken=False)
    return book.file


def read_decisions(
    out_dir: Path, person_ids: Iterable[str], today: dt.date | None = None
) -> DecisionBook:
    """The folder's decisions: decisions.json, with what was typed into summary.xlsx since it
    was written read over it (and saved to decisions.json at once). person_ids: the folder's
    people this run (a row for anyone else is kept and reported)."""
    out_dir = Path(out_dir)
    today = today or dt.date.today()
    data, broken = load_file(out_dir)
    book = DecisionBook(folder=str(out_dir), file=data, problems=[broken] if broken else [])
    path = out_dir / SUMMARY
    lock = out_dir / f"~${SUMMARY}"
    if lock.exists():
        book.writable = False
        book.problems.append(
            _problem(out_dir, "summary_open", detail=_shown(out_dir), value=lock.name)
        )
    if path.exists() or path.is_symlink():
        _read_summary(book, path, today)
    elif data.people:
        book.must_write = True  # deleted: a new one with every decision kept
    ids = set(person_ids)
    for entry in book.file.people.values():
        entry.present = entry.person_id in ids
    for entry in book.orphans:
        where = entry.cell or "decisions.json"
        book.problems.append(
            _problem(out_dir, "decision_orphan", cell=entry.cell, value=entry.person_id,
                     detail=where)
        )  # fmt: skip
    for entry in book.file.people.values():
        if entry.present and entry.decision and entry.known is None:
            book.problems.append(
                _problem(out_dir, "decision_unknown", cell=entry.cell, value=entry.decision,
                         column=DECISION_COLUMN)
            )  # fmt: skip
    save_file(out_dir, book.file)
    return book


def _read_summary(book: DecisionBook, path: Path, today: dt.date, keep_broken=True) -> None:
    out_dir = path.parent
    data = book.file
    try:
        if data.summary_sha256 and file_hash(path) == data.summary_sha256:
            return  # as promopacket wrote it: nothing typed since
    except OSError as exc:
        book.writable = False
        book.problems.append(
            _problem(out_dir, "summary_unreadable", detail=_shown(out_dir), value=_why(exc))
        )
        return
    try:
        saved = load_workbook(path)
    except OSError as exc:
        book.writable = False
        book.problems.append(
            _problem(out_dir, "summary_unreadable", detail=_shown(out_dir), value=_why(exc))
        )
        return
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        kept = keep_copy(path, "broken") if keep_broken else None
        book.must_write = True
        book.problems.append(
            _problem(out_dir, "summary_corrupt", detail=_shown(out_dir),
                     value=type(exc).__name__, sheet=kept.name if kept else "")
        )  # fmt: skip
        return
    book.read_summary = True
    if SHEET not in saved.sheetnames:
        book.must_write = True
        book.other_edits = [f"sheet '{SHEET}' removed"]
        book.problems.append(_problem(out_dir, "summary_no_calibration", detail=_shown(out_dir)))
        return
    rows, extra_columns = _read_rows(saved[SHEET], data)
    people = dict(data.people)
    seen: set[str] = set()
    for typed in rows:
        person_id = typed["person_id"]
        if person_id is None:
            if typed["decision"] or typed["reason"] or typed["extra"]:
                person_id = f"(no person_id, row {typed['row']})"
            else:
                continue
        if person_id in seen:
            continue  # the table holds each person once; a copied row keeps the first
        seen.add(person_id)
        typed_any = typed["decision"] or typed["reason"] or typed["extra"] or typed["comments"]
        if person_id not in people and not typed_any:
            continue  # a row with nothing of the committee's: nothing to keep
        people[person_id] = _merge(people.get(person_id), person_id, typed, today)
    data.people = dict(sorted(people.items()))
    data.extra_columns = list(dict.fromkeys([*data.extra_columns, *extra_columns]))
    written = out_dir / STATE_DIR / WRITTEN_COPY
    if written.is_file():
        try:
            book.other_edits = other_edits(
                saved, load_workbook(written), SHEET, set(COMMITTEE_COLUMNS), set(data.headers)
            )
        except Exception:  # noqa: BLE001 - an unreadable copy of our own: compare nothing
            book.other_edits = []


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def keep_edited_copy(book: DecisionBook) -> Problem | None:
    """Before summary.xlsx is replaced: when it had edits outside the committee's columns, the
    file as it was goes beside it as summary.edited.xlsx, and the problem says where."""
    path = Path(book.folder) / SUMMARY
    if not book.other_edits or not path.is_file():
        return None
    kept = keep_copy(path, "edited")
    shown = ", ".join(book.other_edits[:SHOWN_EDITS])
    if len(book.other_edits) > SHOWN_EDITS:
        shown += f" and {len(book.other_edits) - SHOWN_EDITS} more"
    return _problem(
        Path(book.folder),
        "summary_edited_kept",
        detail=_shown(Path(book.folder)),
        value=shown,
        sheet=kept.name if kept else "",
    )


def record_written(
    book: DecisionBook, path: Path, headers: list[str], rows: list[list[Any]] = ()
) -> None:
    """summary.xlsx was just written: keep a private copy to compare the next save with, its
    hash (a rerun finding the same bytes reads nothing), and the committee's cells as written."""
    out_dir = Path(book.folder)
    ours = [*COMMITTEE_COLUMNS, *book.file.extra_columns]
    where = {h: i for i, h in enumerate(headers) if h in ours}
    for row in rows:
        entry = book.file.people.get(str(row[0]))
        if entry is not None:
            entry.shown = {h: cell_text(row[i]) for h, i in where.items()}
    state = ensure_private_dir(out_dir / STATE_DIR)
    target = state / WRITTEN_COPY
    atomic_write(target, lambda tmp: shutil.copyfile(path, tmp))
    book.file.summary_sha256 = file_hash(path)
    book.file.headers = list(headers)
    save_file(out_dir, book.file)
