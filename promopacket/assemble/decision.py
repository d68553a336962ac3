"""The committee's decision and the previous cycle in the documents (issue 26 parts 3 and 4).

The committee's words are quoted as typed, never reworded or extended. What a "not yet" asks
the person to show comes from the case only: the ladder's expectations none of their entries
shows, and the manager's concerns still open, in the manager's words. The date is the one the
line manager's notes give, or the decision's date plus the ladder's horizon for a "not yet".
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from promopacket.assemble import rules as rule_files
from promopacket.assemble.case import Case, first_name
from promopacket.assemble.contexts import DecisionLetterContext, SinceCtx
from promopacket.assemble.letter import long_date, person_ctx
from promopacket.core.contract import normalise_name
from promopacket.core.models import PersonBundle, PreviousCycle, Statement

NOT_YET = "not yet"
QUOTED = re.compile(r"“(.*)”\s*$", re.DOTALL)


def previous_cycle_line(previous: PreviousCycle | None, rules_dir: Path) -> str | None:
    """'Previous cycle 2026-H1: not yet — “reason”', or None without a previous cycle."""
    if previous is None:
        return None
    patterns = rule_files.decision_wording(rules_dir).patterns
    if not previous.decision:
        return patterns["previous_cycle_no_decision"](cycle=previous.cycle)
    reason = (previous.reason or "").strip()
    if not reason:
        return patterns["previous_cycle_no_reason"](
            cycle=previous.cycle, decision=previous.decision
        )
    return patterns["previous_cycle"](
        cycle=previous.cycle, decision=previous.decision, reason=reason
    )


def _concern_words(shown: str) -> str:
    """The concern's own words inside a shown line ('Sam Lee, 6 October 2026: “words”')."""
    found = QUOTED.search(shown)
    return normalise_name(found.group(1) if found else shown)


def _identity(project: str, period: str, original: str) -> tuple[str, str, str]:
    return normalise_name(project), normalise_name(period), normalise_name(original)


def since_previous(
    bundle: PersonBundle, statements: list[Statement], open_concerns: list[str], rules_dir: Path
) -> SinceCtx | None:
    """What changed since the previous cycle: entries added (matched by what the person wrote,
    as `diff` matches them), and the concerns then that are, or are no longer, open now."""
    previous = bundle.previous_cycle
    if previous is None:
        return None
    patterns = rule_files.decision_wording(rules_dir).patterns
    by_row = {a.source.row: a for a in bundle.achievements}
    before = {_identity(s.project, s.period, s.original) for s in previous.statements}
    added = []
    for s in statements:
        row = by_row.get(s.source.row)
        if row is not None and _identity(row.project, row.period, s.original) not in before:
            added.append(
                patterns["since_added_item"](text=s.text, project=row.project, period=row.period)
            )
    now = {_concern_words(c) for c in open_concerns}
    still = [c for c in previous.concerns if _concern_words(c) in now]
    closed = [c for c in previous.concerns if _concern_words(c) not in now]
    cycle = previous.cycle
    return SinceCtx(
        heading=patterns["since_heading"](cycle=cycle),
        decision=previous_cycle_line(previous, rules_dir) or "",
        overall=patterns["since_overall"](overall=previous.overall) if previous.overall else None,
        added_intro=patterns["since_added"](count=len(added)) if added else None,
        added=added,
        closed_intro=patterns["since_closed"](cycle=cycle, count=len(closed)) if closed else None,
        closed=closed,
        still_open_intro=(
            patterns["since_still_open"](cycle=cycle, count=len(still)) if still else None
        ),
        still_open=still,
    )


def wants_letter(bundle: PersonBundle) -> bool:
    return bundle.decision is not None and bundle.decision.decision == NOT_YET


def _by_when(bundle: PersonBundle, case: Case, patterns) -> str:
    """The date the line manager's notes give when it is after the decision, else the decision's
    date plus the ladder's horizon for a 'not yet'."""
    decided = bundle.decision.decided_on
    meeting = case.manager_meeting
    if case.horizon is not None and meeting is not None and case.horizon.date > decided:
        return patterns["letter_by_when_notes"](
            date=long_date(case.horizon.date),
            with_name=meeting.with_name,
            meeting_date=long_date(meeting.date),
        )
    days = case.ladder.plan.horizon_days.get(NOT_YET)
    if days is None:  # a ladder of one's own may give none: no date is made up
        return rule_files.decision_wording(case.rules_dir).words["letter_show_no_date"]
    return patterns["letter_by_when_horizon"](
        date=long_date(decided + dt.timedelta(days=days)),
        days=days,
        ladder=case.ladder.profile_label,
    )


def assemble_decision_letter(
    bundle: PersonBundle, case: Case, open_concerns: list[str], rules_dir: Path
) -> DecisionLetterContext:
    """The letter to the person for a "not yet" (wants_letter): the decision, the committee's
    reason in its own words, and what to show by when."""
    wording = rule_files.decision_wording(rules_dir)
    patterns, words = wording.patterns, wording.words
    decision = bundle.decision
    person = bundle.person
    reason = (decision.reason or "").strip()
    missing = [row.expectation for row in case.coverage if not row.shown]
    to_show = [patterns["letter_show_expectation"](expectation=e) for e in missing]
    to_show += [patterns["letter_show_concern"](concern=c) for c in open_concerns]
    cycle = person.cohort or ""
    return DecisionLetterContext(
        person=person_ctx(person),
        letter_date=long_date(decision.decided_on),
        subject=patterns["letter_subject"](target_title=person.target_title),
        greeting=first_name(person.name),
        decision=patterns["letter_decision"](
            target_title=person.target_title,
            cycle=f" in the {cycle} cycle" if cycle.strip() else "",
        ),
        reason=patterns["letter_reason"](reason=reason) if reason else words["letter_no_reason"],
        show_intro=_by_when(bundle, case, patterns) if to_show else None,
        to_show=to_show,
        nothing_to_show=None if to_show else words["letter_nothing_to_show"],
        next_step=patterns["letter_next_step"](manager_name=person.manager_name),
        closing=words["letter_closing"],
        signature=words["letter_signature"],
    )
