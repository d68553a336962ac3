"""Before anyone is built: each folder's committee decisions and each person's previous cycle,
attached to their bundles (so a changed decision rebuilds them, and only them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from promopacket.core.models import PersonBundle, PreviousCycle
from promopacket.run.decisions import (
    DecisionBook,
    DecisionFile,
    Entry,
    earlier,
    normalise_decision,
    peek_decisions,
    read_decisions,
    save_file,
)
from promopacket.run.history import CycleEntry, as_previous, previous_cycle, record_cycle


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def _belongs_to(entry: Entry, cohort: str | None) -> bool:
    """The typed decision is this cycle's; one typed in an earlier cycle (the person's cohort
    changed in this folder since) is moved to `earlier`, where the history finds it."""
    if entry.cycle is None:
        entry.cycle = cohort or None
        return True
    if not cohort or _same(entry.cycle, cohort):
        return True
    if entry.decision or entry.reason:
        entry.earlier.append(earlier(entry))
    entry.decision = entry.reason = entry.decided_on = None
    entry.cycle = cohort
    return False


def _decided_in(data: DecisionFile, person_id: str, cycle: str) -> tuple[str | None, str | None]:
    """(decision, reason) typed for person_id in that cycle, from a folder's decisions."""
    entry = data.people.get(person_id)
    if entry is None:
        return None, None
    if entry.cycle is None or _same(entry.cycle, cycle):
        if entry.known:
            return entry.known, entry.reason
    for old in reversed(entry.earlier):
        if _same(old.cycle, cycle) and normalise_decision(old.decision):
            return normalise_decision(old.decision), old.reason
    return None, None


def _previous(
    bundle: PersonBundle, outputs_dir: Path, book: DecisionBook, peeked: dict[str, DecisionFile]
) -> PreviousCycle | None:
    person = bundle.person
    found: CycleEntry | None = previous_cycle(outputs_dir, person.person_id, person.cohort)
    if found is None:
        return None
    # The committee may have typed the decision after that cycle's last run: read it where it
    # was typed (this folder's book, or the other folder's summary as saved).
    if Path(found.folder).name == Path(book.folder).name:
        data = book.file
    else:
        if found.folder not in peeked:
            peeked[found.folder] = peek_decisions(Path(outputs_dir) / found.folder)
        data = peeked[found.folder]
    decision, reason = _decided_in(data, person.person_id, found.cycle)
    if decision and (decision, reason) != (found.decision, found.reason):
        found = found.model_copy(update={"decision": decision, "reason": reason})
        record_cycle(outputs_dir, person.person_id, found)  # kept with that cycle from now on
    return as_previous(found)


def attach_committee(groups: list, outputs_dir: Path) -> list:
    """Each group's decisions read back (group.committee) and every bundle given its decision
    and previous cycle."""
    peeked: dict[str, DecisionFile] = {}
    for group in groups:
        out_dir = Path(group.output_dir)
        ids = [b.person.person_id for b in group.bundles] + [f.person_id for f in group.failures]
        book = read_decisions(out_dir, ids)
        cohorts = {b.person.person_id: b.person.cohort for b in group.bundles}
        for person_id, cohort in cohorts.items():
            entry = book.entry(person_id)
            if entry is not None:
                _belongs_to(entry, cohort)
                if entry.known and entry.decided_on is None:  # kept, so the letter's date
                    entry.decided_on = dt.date.today()  # does not move with the calendar
        save_file(out_dir, book.file)
        bundles = []
        for bundle in group.bundles:
            bundles.append(
                bundle.model_copy(
                    update={
                        "decision": book.decision(bundle.person.person_id),
                        "previous_cycle": _previous(bundle, outputs_dir, book, peeked),
                    }
                )
            )
        group.bundles = bundles
        group.committee = book
    return groups
