"""One person's evidence: each achievement with its statement, numbered once, matched and ranked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from promopacket.core.contract import normalise_name
from promopacket.core.models import Achievement, Statement
from promopacket.profiles.ladder_rules import in_names, matches  # noqa: F401  (re-exported)
from promopacket.rewrite.arithmetic import format_number, with_unit


@dataclass(frozen=True)
class Evidence:
    achievement: Achievement
    statement: Statement
    ref: str  # "E3": the entry's number in the packet's appendix, cited everywhere else
    group: str  # its competency (or the untagged label): the appendix group

    @property
    def text(self) -> str:
        return self.statement.text

    @property
    def score(self) -> int:
        return self.statement.score_after

    @property
    def measured(self) -> bool:
        """The row gives a baseline and a result: a measured change."""
        return self.achievement.baseline is not None and self.achievement.result is not None

    @property
    def improved(self) -> bool:
        return self.statement.direction == "improved"

    @property
    def setback(self) -> bool:
        """A measured result that got worse or did not move: never evidence for the case."""
        return self.statement.direction in ("worsened", "unchanged")

    def strong(self, strong_score: int) -> bool:
        return self.score >= strong_score and not self.setback

    def measure(self, not_measured: str) -> str:
        """What changed, from the row only: 'latency 50 min → 30 min', else outcome or scope."""
        item = self.achievement
        metric = (item.metric or "").strip()
        if self.measured:
            before, after = with_unit(item.baseline, item.unit), with_unit(item.result, item.unit)
            return f"{metric} {before} → {after}".strip()
        if item.result is not None:
            # No colon: a citation already reads "E8 Mentoring: …", a second one doubles the label.
            # A unit the metric already names is not said again ("engineers trained 5").
            unit = item.unit
            words = set(re.findall(r"\w+", metric.lower()))
            if unit and words and set(re.findall(r"\w+", unit.lower())) <= words:
                unit = None
            return f"{metric} {with_unit(item.result, unit)}".strip()
        return (item.outcome or item.scope or not_measured).strip()

    def pairs_in(self, text: str) -> int:
        """How often text states this row's baseline → result pair ('50 min → 30 min', 'from
        $18 to $21'); 0 for a row without both."""
        if not self.measured:
            return 0
        item = self.achievement
        before = re.escape(format_number(item.baseline))
        after = re.escape(format_number(item.result))
        pattern = (
            rf"(?<![\d.,]){before}(?![\d])[^→\d]{{0,16}}?(?:→|\bto\b)\s*[$€£¥]?{after}(?![\d])"
        )
        return len(re.findall(pattern, text))


@dataclass
class PairBudget:
    """How often each entry's baseline → result pair is printed in one packet: a citation
    prints the pair while the entry is under the limit, else names the measure only."""

    limit: int
    words: dict[str, str]
    used: dict[str, int] = field(default_factory=dict)

    def spend(self, ev: Evidence, text: str) -> None:
        self.used[ev.ref] = self.used.get(ev.ref, 0) + ev.pairs_in(text)

    def measure(self, ev: Evidence) -> str:
        """The entry's measure with its pair while the budget lasts, else 'metric, improved'."""
        full = ev.measure(self.words["not_measured"])
        if self.used.get(ev.ref, 0) + ev.pairs_in(full) <= self.limit:
            self.spend(ev, full)
            return full
        direction = self.words[f"measure_{ev.statement.direction or 'unknown'}"]
        metric = (ev.achievement.metric or "").strip()
        return f"{metric}, {direction}" if metric else direction


def collect(
    achievements: list[Achievement],
    statements: list[Statement],
    competencies: list[str],
    untagged: str,
) -> list[Evidence]:
    """Pair each statement with its row, ordered by competency (vocabulary order, untagged
    last, workbook order within) and numbered E1… in that order: the appendix order."""
    by_row = {a.source.row: a for a in achievements}
    rank = {normalise_name(n): i for i, n in enumerate(competencies)}
    pairs = [(by_row[s.source.row], s) for s in statements]

    def order(pair):
        competency = pair[0].competency
        key = normalise_name(competency) if competency else ""
        return (key == "", rank.get(key, len(rank)), key)

    pairs.sort(key=order)  # stable: workbook order within a group
    labels: dict[str, str] = {}
    evidence = []
    for n, (item, statement) in enumerate(pairs, start=1):
        key = normalise_name(item.competency) if item.competency else ""
        group = labels.setdefault(key, item.competency or untagged)
        evidence.append(Evidence(item, statement, f"E{n}", group))
    return evidence


def ranked(evidence: list[Evidence]) -> list[Evidence]:
    """Strongest first (measured improvements before unmeasured at equal score); ties keep
    appendix order. Worsened or unchanged results never rank: they are not evidence."""
    usable = [ev for ev in evidence if not ev.setback]
    return sorted(usable, key=lambda ev: (-ev.score, not ev.improved))


def refs(evidence: list[Evidence]) -> str:
    return ", ".join(ev.ref for ev in sorted(evidence, key=lambda ev: int(ev.ref[1:])))


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def plural(count: int, one: str = "entry", many: str = "entries") -> str:
    return f"{count} {one if count == 1 else many}"


def lower_first(text: str) -> str:
    """'Search and…' → 'search and…', 'A checkout…' → 'a checkout…', but 'ML platform' stays."""
    if len(text) > 1 and text[0].isupper() and (text[1].islower() or text[:2] == "A "):
        return text[0].lower() + text[1:]
    return text
