"""What changed between a person's last two builds, with the input cells that caused it.

Statements are paired first by what the person wrote (project, period, original words), so a row
moved by an inserted row is not a change, then by row number (an edited row); what is left was
added or removed. A reworded statement names the cells of its row whose values differ. A changed
section (readiness, gaps, coverage, flags, archetype) names every input cell that changed in the
person's rows; when none did, the rules, templates or version made the difference, and it says so.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from promopacket.build.record import PersonRecord, RecordFile, RowRecord, StatementRecord
from promopacket.core.contract import normalise_name

NO_INPUT_CHANGE = "no input cell changed (rules, templates or promopacket changed)"


class CellChange(BaseModel):
    cell: str  # "Achievements!H7", or "Achievements row 7" when the column's letter is unknown
    column: str
    before: str
    after: str

    def __str__(self) -> str:
        return (
            f"{self.cell} ({self.column}): {self.before or '(blank)'} → {self.after or '(blank)'}"
        )


class Change(BaseModel):
    kind: str  # statement added | statement removed | statement reworded | section changed
    where: str  # the statement's cell, or the section's name
    before: str = ""
    after: str = ""
    rule: str = ""  # the rewrite rule of the new statement
    causes: list[CellChange] = Field(default_factory=list)
    note: str = ""  # why, when no cell says it (row removed, rules changed)

    @property
    def cause_text(self) -> str:
        return "; ".join(str(c) for c in self.causes) or self.note


class PersonChanges(BaseModel):
    person_id: str
    built_at: str | None = None
    previous_built_at: str | None = None
    first_build: bool = False
    changes: list[Change] = Field(default_factory=list)
    # The committee's decision the latest build was made with, and the previous cycle's line.
    decision: str | None = None
    previous_cycle: str | None = None


def decision_text(decision) -> str:
    """'not yet — “reason”', as diff and the Changes sheet show a decision."""
    if decision is None:
        return ""
    return decision.decision + (f" — “{decision.reason}”" if decision.reason else "")


def previous_cycle_text(previous) -> str | None:
    if previous is None:
        return None
    text = f"{previous.cycle}: {previous.decision or 'no decision recorded'}"
    return text + (f" — “{previous.reason}”" if previous.reason else "")


def _decision_change(old: PersonRecord, new: PersonRecord) -> list[Change]:
    """The committee's decision changed between the builds: typed in summary.xlsx."""
    before, after = decision_text(old.decision), decision_text(new.decision)
    if before == after:
        return []
    cell = (new.decision or old.decision).cell
    where = f"summary.xlsx {cell}" if cell else "summary.xlsx (Calibration)"
    cause = CellChange(cell=where, column="decision, decision_reason", before=before, after=after)
    return [
        Change(
            kind="decision changed",
            where="committee decision",
            before=before,
            after=after,
            causes=[cause],
        )
    ]


def _identity(s: StatementRecord) -> tuple[str, str, str]:
    return (normalise_name(s.project), normalise_name(s.period), normalise_name(s.original))


def pair_statements(
    old: list[StatementRecord], new: list[StatementRecord]
) -> tuple[
    list[tuple[StatementRecord, StatementRecord]], list[StatementRecord], list[StatementRecord]
]:
    """(pairs, removed, added): by the person's own words first, then by row number."""
    pairs = []
    left_old = list(old)
    left_new = []
    for s in new:
        match = next((o for o in left_old if _identity(o) == _identity(s)), None)
        if match is None:
            left_new.append(s)
        else:
            left_old.remove(match)
            pairs.append((match, s))
    added = []
    for s in left_new:
        match = next((o for o in left_old if o.source.row == s.source.row), None)
        if match is None:
            added.append(s)
        else:
            left_old.remove(match)
            pairs.append((match, s))
    return pairs, left_old, added


def cell_changes(old: RowRecord, new: RowRecord) -> list[CellChange]:
    """Values that differ between two versions of a row, named by their cell in the new one."""
    changes = []
    for column in sorted(set(old.values) | set(new.values)):
        before, after = old.values.get(column, ""), new.values.get(column, "")
        if before != after:
            cell = new.cells.get(column) or old.cells.get(column) or f"{new.sheet} row {new.row}"
            changes.append(CellChange(cell=cell, column=column, before=before, after=after))
    return changes


def _row_added(row: RowRecord) -> list[CellChange]:
    return [
        CellChange(
            cell=row.cells.get(c) or f"{row.sheet} row {row.row}", column=c, before="", after=v
        )
        for c, v in row.values.items()
        if c in ("statement", "metric", "baseline", "result", "date", "outcome", "quote")
    ]


def _meeting_changes(old: PersonRecord, new: PersonRecord) -> list[CellChange]:
    return _row_changes(old.meeting_rows, new.meeting_rows, "with_name", "meeting")


def _feedback_changes(old: PersonRecord, new: PersonRecord) -> list[CellChange]:
    return _row_changes(old.feedback_rows, new.feedback_rows, "from_name", "quote")


def _row_changes(
    old_rows: list[RowRecord], new_rows: list[RowRecord], who: str, what: str
) -> list[CellChange]:
    """Rows matched by their date and who (a meeting's with_name, a quote's from_name)."""
    before = {(r.values.get("date"), r.values.get(who)): r for r in old_rows}
    after = {(r.values.get("date"), r.values.get(who)): r for r in new_rows}
    changes = []
    for key, row in after.items():
        changes += cell_changes(before[key], row) if key in before else _row_added(row)
    for key, row in before.items():
        if key not in after:
            where = f"{row.sheet} row {row.row}"
            changes.append(CellChange(cell=where, column="row", before=what, after="removed"))
    return changes


def diff_records(old: PersonRecord, new: PersonRecord) -> list[Change]:
    """Every change from one build's record to the next."""
    changes: list[Change] = _decision_change(old, new)
    input_causes: list[CellChange] = []
    pairs, removed, added = pair_statements(old.statements, new.statements)
    for before, after in pairs:
        causes = cell_changes(before.source, after.source)
        input_causes += causes
        if before.text != after.text:
            changes.append(
                Change(
                    kind="statement reworded",
                    where=after.cell,
                    before=before.text,
                    after=after.text,
                    rule=after.rule_id,
                    causes=causes,
                    note="" if causes else NO_INPUT_CHANGE,
                )
            )
    for s in added:
        causes = _row_added(s.source)
        input_causes += causes
        changes.append(
            Change(
                kind="statement added",
                where=s.cell,
                after=s.text,
                rule=s.rule_id,
                causes=causes,
                note="row added or now valid",
            )
        )
    for s in removed:
        note = f"{s.cell} removed, or rejected by validation (see Problems)"
        changes.append(Change(kind="statement removed", where=s.cell, before=s.text, note=note))
        input_causes.append(CellChange(cell=s.cell, column="statement", before=s.text, after=""))
    input_causes += cell_changes(old.person_row, new.person_row)
    input_causes += _meeting_changes(old, new)
    input_causes += _feedback_changes(old, new)
    for section in dict.fromkeys([*old.sections, *new.sections]):
        was, now = old.sections.get(section, []), new.sections.get(section, [])
        gone = [x for x in was if x not in now]
        came = [x for x in now if x not in was]
        if gone or came:
            changes.append(
                Change(
                    kind="section changed",
                    where=section,
                    before="\n".join(gone),
                    after="\n".join(came),
                    causes=_unique(input_causes),
                    note="" if input_causes else NO_INPUT_CHANGE,
                )
            )
    return changes


def _unique(causes: list[CellChange]) -> list[CellChange]:
    seen, out = set(), []
    for c in causes:
        key = (c.cell, c.column, c.before, c.after)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def person_changes(stored: RecordFile) -> PersonChanges:
    """The latest build compared with the one before it (none at a person's first build)."""
    current, previous = stored.current, stored.previous
    committee = dict(
        decision=decision_text(current.decision) or None,
        previous_cycle=previous_cycle_text(current.previous_cycle),
    )
    if previous is None:
        return PersonChanges(
            person_id=current.person_id, built_at=current.built_at, first_build=True, **committee
        )
    return PersonChanges(
        person_id=current.person_id,
        built_at=current.built_at,
        previous_built_at=previous.built_at,
        changes=diff_records(previous, current),
        **committee,
    )
