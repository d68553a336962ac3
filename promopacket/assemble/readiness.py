"""Readiness judged by thresholds on the person's entries, and never against their manager.

A manager's concern (assemble/concerns.py: every key-point clause not recognised as praise or an
agreement, and every item of the concerns column) is shown as a gap in the manager's own words; a
signal the concern names is not shown as held.
"""

from __future__ import annotations

from dataclasses import dataclass

from promopacket.assemble.concerns import Concern, concern_clauses, concerns, names
from promopacket.assemble.evidence import Evidence, matches, plural, refs
from promopacket.assemble.rules import OverallRule, ReadinessRules, Signal
from promopacket.core.models import Meeting
from promopacket.profiles.ladder_rules import threshold_holds  # noqa: F401  (re-exported)

__all__ = ["Concern", "concern_clauses", "concerns", "names", "readiness"]


def _signal_counts(
    rule: Signal, evidence: list[Evidence], strong_score: int, evidence_score: int
) -> tuple[dict, list[Evidence], list[Evidence]]:
    """Counts over the entries that count as evidence (assemble/model.py's rule)."""
    matcher_set = rule.levers or rule.competencies or rule.keywords
    usable = [ev for ev in evidence if not ev.setback and ev.score >= evidence_score]
    rows = [ev for ev in usable if not matcher_set or matches(rule, ev)]
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
        counts, rows, strong = _signal_counts(
            rule, evidence, rules.strong_score, rules.evidence_score
        )
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
    """Conditions: outcome (the latest line-manager meeting's, or "none"), signals_min,
    concerns_max, has (facts that must be non-empty), total_max; {} always holds."""
    for rule in rules:
        when = rule.when
        if "total_max" in when and facts.get("total", 0) > when["total_max"]:
            continue
        if "outcome" in when and facts.get("outcome") not in when["outcome"]:
            continue
        if "signals_min" in when and facts.get("signals", 0) < when["signals_min"]:
            continue
        if "concerns_max" in when and facts.get("concerns", 0) > when["concerns_max"]:
            continue
        if "has" in when and not all(facts.get(name) for name in when["has"]):
            continue
        return rule
    raise ValueError("packet.yaml: overall: no rule matched; end the list with `when: {}`")
