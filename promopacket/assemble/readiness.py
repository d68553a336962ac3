"""Readiness judged by thresholds on the person's entries, and never against their manager.

A manager's concern (a clause of a Meetings row's key_points holding a concern marker) is shown
as a gap in the manager's own words; a signal the concern names is not shown as held.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from promopacket.assemble.evidence import Evidence, matches, plural, refs
from promopacket.assemble.rules import ConcernRules, OverallRule, ReadinessRules, Signal, Threshold
from promopacket.core.models import Meeting


@dataclass(frozen=True)
class Concern:
    meeting: Meeting
    words: str  # the clause as the manager's notes put it


def concern_clauses(key_points: str, rules: ConcernRules) -> list[str]:
    """The clauses of key_points that state a concern, verbatim (trailing stop removed)."""
    pattern = "|".join(re.escape(s) for s in rules.separators)
    clauses = [c.strip().rstrip(".").strip() for c in re.split(pattern, key_points or "")]
    markers = [m.casefold() for m in rules.markers]
    return [c for c in clauses if c and any(m in c.casefold() for m in markers)]


def concerns(meetings: list[Meeting], rules: ConcernRules) -> list[Concern]:
    """Every concern stated in the person's meetings, newest meeting first."""
    found = []
    for meeting in sorted(meetings, key=lambda m: m.date, reverse=True):
        found.extend(
            Concern(meeting, words) for words in concern_clauses(meeting.key_points, rules)
        )
    return found


def names(concern: Concern, words: list[str]) -> bool:
    text = concern.words.casefold()
    return any(w.casefold() in text for w in words)


def threshold_holds(threshold: Threshold, counts: dict[str, int]) -> bool:
    """The signal's threshold on counts: count, strong, improved, total."""
    if counts.get("count", 0) < threshold.entries or counts.get("strong", 0) < threshold.strong:
        return False
    if threshold.improved_share is not None:
        total = counts.get("total", 0)
        return total > 0 and counts.get("improved", 0) / total >= threshold.improved_share
    return True


def _signal_counts(
    rule: Signal, evidence: list[Evidence], strong_score: int
) -> tuple[dict, list[Evidence], list[Evidence]]:
    matcher_set = rule.levers or rule.competencies or rule.keywords
    rows = [ev for ev in evidence if not ev.setback and (not matcher_set or matches(rule, ev))]
    strong = [ev for ev in rows if ev.strong(strong_score)]
    counts = dict(
        count=len(rows) if matcher_set else 0,
        strong=len(strong) if matcher_set else 0,
        improved=sum(ev.improved for ev in evidence),
        total=len(evidence),
    )
    return counts, rows, strong


@dataclass(frozen=True)
class Readiness:
    signals: list[str]
    gaps: list[str]  # manager concerns first (their words), then thresholds not met
    signals_total: int
    concerns: list[Concern]


def readiness(
    evidence: list[Evidence], meetings: list[Meeting], rules: ReadinessRules, long_date
) -> Readiness:
    stated = concerns(meetings, rules.concerns)
    gaps = [
        rules.concerns.shown_as(
            with_name=c.meeting.with_name, date=long_date(c.meeting.date), words=c.words
        )
        for c in stated
    ]
    signals = []
    for rule in rules.signals:
        counts, rows, strong = _signal_counts(rule, evidence, rules.strong_score)
        denied = any(names(c, rule.concerns) for c in stated)
        words = dict(
            counts,
            count_entries=plural(counts["count"]),
            strong_entries=plural(counts["strong"]),
            refs=refs(rows),
            strong_refs=refs(strong),
        )
        if threshold_holds(rule.threshold, counts) and not denied:
            signals.append(rule.signal(**words))
        elif not denied:  # a denied signal is already a gap, in the manager's words
            gaps.append(rule.gap(**words))
    return Readiness(signals, gaps, len(rules.signals), stated)


def overall_line(rules: list[OverallRule], facts: dict) -> str:
    """The first overall rule whose conditions hold, filled from facts (counts and names)."""
    return overall_rule(rules, facts).text(**facts)


def overall_rule(rules: list[OverallRule], facts: dict) -> OverallRule:
    total = facts.get("total", 0)
    for rule in rules:
        when = rule.when
        if "total_max" in when and total > when["total_max"]:
            continue
        if "measured_share_below" in when and (
            total == 0 or facts.get("measured", 0) / total >= when["measured_share_below"]
        ):
            continue
        if "outcome" in when and facts.get("outcome") not in when["outcome"]:
            continue
        if "gaps_min" in when and facts.get("gaps", 0) < when["gaps_min"]:
            continue
        return rule
    raise ValueError("packet.yaml: overall: no rule matched; end the list with `when: {}`")
