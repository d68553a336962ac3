"""A person's case, computed once: the evidence model, readiness, the manager's position and
the overall line that every document, summary.xlsx and the HTML review repeat."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from promopacket.assemble import feedback as feedback_quotes
from promopacket.assemble import model, readiness
from promopacket.assemble import rules as rule_files
from promopacket.assemble.concerns import Concern
from promopacket.assemble.dates import Horizon
from promopacket.assemble.evidence import Evidence, collect, in_names, plural
from promopacket.assemble.ladder import Ladder, ladder_for
from promopacket.assemble.letter import long_date, meeting_horizon
from promopacket.core.models import Meeting, PersonBundle, Statement
from promopacket.profiles import cached_profiles
from promopacket.profiles.choose import profile_for_title

NO_OUTCOME = "none"  # no meeting with the line manager recorded


def first_name(name: str) -> str:
    return name.split()[0] if name.split() else name


@dataclass(frozen=True)
class Case:
    """What every document shares for one person (the one evidence model)."""

    ladder: Ladder
    evidence: list[Evidence]  # every entry, numbered E1… (the appendix)
    readiness: readiness.Readiness  # signals; gaps: the packet's concerns first
    overall: str
    coverage: list[model.Coverage]
    levers: list[model.LeverUse]
    reach: list[Evidence]
    manager_meeting: Meeting | None  # the latest meeting with the line manager
    packet_meetings: list[Meeting]  # the meetings the committee's copy shows, newest first
    other_concerns: list[Concern]  # concerns from meetings the packet leaves out (the brief's)
    other_gaps: list[str]
    track_change: tuple[str, str] | None  # (from ladder, to ladder) when the titles differ
    horizon: Horizon | None  # the date the line manager's notes give, if any
    rules_dir: Path  # the rule files it was judged with (dates are computed from them)
    # Attributed quotes (the Feedback sheet), workbook order: influence, never a measured result.
    quotes: tuple[feedback_quotes.Quote, ...] = ()

    @property
    def concerns(self) -> list[Concern]:
        return self.readiness.concerns

    @property
    def manager_outcome(self) -> str:
        return self.manager_meeting.outcome if self.manager_meeting else NO_OUTCOME

    @property
    def levers_shown(self) -> list[model.LeverUse]:
        return [lever for lever in self.levers if lever.entries]


def manager_meetings(bundle: PersonBundle) -> list[Meeting]:
    """Meetings with the person's line manager (People.manager_name), newest first."""
    meetings = sorted(bundle.meetings, key=lambda m: m.date, reverse=True)
    return [m for m in meetings if in_names(m.with_name, [bundle.person.manager_name])]


def latest_manager_meeting(bundle: PersonBundle) -> Meeting | None:
    return (manager_meetings(bundle) or [None])[0]


def track_change(bundle: PersonBundle, rules_dir: Path, profiles_dir) -> tuple[str, str] | None:
    """The ladders of the current and target titles, when both are known and differ."""
    profiles = cached_profiles(rules_dir, profiles_dir)
    person = bundle.person
    now = profile_for_title(person.current_title, profiles)
    target = profile_for_title(person.target_title, profiles)
    if now and target and now != target:
        return profiles[now].label, profiles[target].label
    return None


def _readiness_gaps(concerns: list[Concern], rules) -> list[str]:
    return [
        rules.concerns.shown_as(
            with_name=c.meeting.with_name, date=long_date(c.meeting.date), words=c.words
        )
        for c in concerns
    ]


def build_case(
    bundle: PersonBundle,
    statements: list[Statement],
    rules_dir: Path,
    profiles_dir: Path | None = None,
    all_meetings: bool = False,
) -> Case:
    """The case: evidence, coverage, levers, readiness from the packet's meetings (the line
    manager's, or every meeting when all_meetings), and the overall line."""
    ladder = ladder_for(bundle.person, rules_dir, profiles_dir)
    wording = rule_files.packet_wording(rules_dir)
    evidence = collect(
        bundle.achievements, statements, ladder.competencies, wording.words["untagged"]
    )
    shown = sorted(bundle.meetings, key=lambda m: m.date, reverse=True)
    if not all_meetings:
        shown = manager_meetings(bundle)
    others = [m for m in bundle.meetings if m not in shown]
    ready = readiness.readiness(evidence, shown, ladder.readiness, long_date)
    other_concerns = readiness.concerns(others, ladder.readiness.concerns)
    meeting = latest_manager_meeting(bundle)
    horizon = meeting_horizon(meeting, rules_dir) if meeting else None
    facts = dict(
        first_name=first_name(bundle.person.name),
        total=len(evidence),
        outcome=meeting.outcome if meeting else NO_OUTCOME,
        manager=meeting.with_name if meeting else bundle.person.manager_name,
        date=long_date(meeting.date) if meeting else "",
        horizon=long_date(horizon.date) if horizon else "",
        concerns=len(ready.concerns),
        open_concerns=_open_concerns(wording, ready.concerns, other_concerns),
        signals=len(ready.signals),
        signals_total=ready.signals_total,
    )
    coverage = model.coverage(evidence, ladder, ready.concerns)
    found = feedback_quotes.quotes(
        bundle.feedback,
        ladder.expectations.expectations,
        ready.concerns,
        other_concerns,
        {row.expectation for row in coverage if row.shown},
    )
    coverage = [
        replace(row, feedback=feedback_quotes.for_expectation(found, exp))
        for row, exp in zip(coverage, ladder.expectations.expectations, strict=True)
    ]
    return Case(
        ladder=ladder,
        evidence=evidence,
        readiness=ready,
        overall=readiness.overall_line(wording.overall, facts),
        coverage=coverage,
        levers=model.levers(evidence, ladder),
        reach=model.reach(evidence, ladder),
        manager_meeting=meeting,
        packet_meetings=shown,
        other_concerns=other_concerns,
        other_gaps=_readiness_gaps(other_concerns, ladder.readiness),
        track_change=track_change(bundle, rules_dir, profiles_dir),
        horizon=horizon,
        rules_dir=rules_dir,
        quotes=tuple(found),
    )


def _open_concerns(wording, concerns: list, other_concerns: list) -> str:
    """'1 concern open', or 'no concern open' — which says whose meetings it means when people
    other than the line manager raised concerns (the brief lists those; the packet leaves them
    out), so the line never reads as if nobody had raised one."""
    if concerns:
        return wording.patterns["open_concerns"](count=plural(len(concerns), "concern", "concerns"))
    if other_concerns:
        return wording.words["no_open_manager_concern"]
    return wording.words["no_open_concern"]
