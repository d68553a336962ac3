"""A person's history across promotion cycles, kept under the outputs folder.

A cycle is People.cohort. Each run records, per person with a cohort, what their latest build of
that cycle said (the packet's overall line, the open concerns it showed, their entries) and the
committee's decision for it, in `outputs/.history/<person_id>.json` (owner-only, atomic
writes). It outlives any one output folder: a cohort run into `outputs/2026-H2/` finds what
`outputs/2026-H1/` decided. A person with no cohort has no history (nothing says which cycle
a build belongs to).
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field

from promopacket.core.fsutil import atomic_write, ensure_private_dir, safe_name
from promopacket.core.models import CycleStatement, PreviousCycle

HISTORY_DIR = ".history"
HISTORY_VERSION = 1


class CycleEntry(PreviousCycle):
    folder: str  # the output folder's name under outputs/ (its summary holds the decision)
    workbook: str = ""
    first_built_at: str | None = None  # the first build of this cycle: orders the cycles


class History(BaseModel):
    version: int = HISTORY_VERSION
    person_id: str
    cycles: list[CycleEntry] = Field(default_factory=list)  # oldest first


def history_path(outputs_dir: Path, person_id: str) -> Path:
    return Path(outputs_dir) / HISTORY_DIR / f"{safe_name(person_id, 'person')}.json"


def read_history(outputs_dir: Path, person_id: str) -> History | None:
    try:
        text = history_path(outputs_dir, person_id).read_text(encoding="utf-8")
        found = History.model_validate_json(text)
    except (OSError, ValueError):
        return None  # none yet, or unreadable: the next build starts it again
    return found if found.person_id == person_id else None  # a name shared once made safe


def _same_cycle(a: str | None, b: str | None) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def previous_cycle(outputs_dir: Path, person_id: str, cycle: str | None) -> CycleEntry | None:
    """The latest cycle before `cycle` (by first build), or None (no cohort, none recorded)."""
    if not cycle or not cycle.strip():
        return None
    history = read_history(outputs_dir, person_id)
    if history is None:
        return None
    current = next((c for c in history.cycles if _same_cycle(c.cycle, cycle)), None)
    earlier = [
        c
        for c in history.cycles
        if not _same_cycle(c.cycle, cycle)
        and (current is None or (c.first_built_at or "") <= (current.first_built_at or ""))
    ]
    return max(earlier, key=lambda c: c.first_built_at or "", default=None)


def as_previous(entry: CycleEntry) -> PreviousCycle:
    """What a build is given of a past cycle (the bundle's field: no folder or order fields)."""
    return PreviousCycle(**entry.model_dump(include=set(PreviousCycle.model_fields)))


def record_cycle(outputs_dir: Path, person_id: str, entry: CycleEntry) -> bool:
    """Keep this cycle's entry (replacing the last one of the same cycle); True when written.
    The first build's time stays, so the order of cycles is the order they began in."""
    history = read_history(outputs_dir, person_id) or History(person_id=person_id)
    old = next((c for c in history.cycles if _same_cycle(c.cycle, entry.cycle)), None)
    if old is not None:
        entry = entry.model_copy(update={"first_built_at": old.first_built_at or entry.built_at})
        history.cycles = [entry if c is old else c for c in history.cycles]
    else:
        entry = entry.model_copy(update={"first_built_at": entry.built_at})
        history.cycles.append(entry)
    path = history_path(outputs_dir, person_id)
    text = json.dumps(history.model_dump(mode="json"), indent=2, ensure_ascii=False)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    ensure_private_dir(path.parent)
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return True


def cycle_statements(statements) -> list[CycleStatement]:
    """A build record's statements as a cycle keeps them (what the person wrote, and the text)."""
    return [
        CycleStatement(project=s.project, period=s.period, original=s.original, text=s.text)
        for s in statements
    ]


def record_cycles(committee, records: dict, out_dir: Path) -> int:
    """Each built person's current cycle into their history: the latest build's overall line,
    open concerns and entries, and the committee's decision (a known one) typed for it.
    Returns how many history files were written."""
    outputs_dir = Path(out_dir).parent
    written = 0
    for person_id, stored in records.items():
        record = stored.current
        if not (record.cohort or "").strip():
            continue
        entry = committee.entry(person_id) if committee is not None else None
        decision = entry.known if entry is not None else None
        written += record_cycle(
            outputs_dir,
            person_id,
            CycleEntry(
                cycle=record.cohort.strip(),
                folder=Path(out_dir).name,
                workbook=record.workbook,
                decision=decision,
                reason=entry.reason if entry is not None and decision else None,
                overall=record.overall,
                concerns=list(record.concerns),
                statements=cycle_statements(record.statements),
                built_at=record.built_at,
            ),
        )
    return written
