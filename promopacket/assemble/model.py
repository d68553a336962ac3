"""One evidence model per person, computed once, that every document and the calibration read.

What counts as evidence is decided here only: an entry counts when its result did not get worse
or stay the same and it scores at least readiness.yaml's `evidence_score`. Coverage per
expectation, levers shown, reach, readiness signals and gaps and the manager's concerns all
come from the counting entries, so the packet, the brief, summary.xlsx's Calibration and the
HTML review cannot disagree about what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from promopacket.assemble.concerns import Concern, names
from promopacket.assemble.evidence import Evidence, in_names, matches, ranked
from promopacket.assemble.ladder import Ladder
from promopacket.profiles.ladder_rules import lever_of


@dataclass(frozen=True)
class Coverage:
    """One expectation: the counting entries that match it (strongest first) and who raised it."""

    expectation: str
    entries: list[Evidence]
    cited: list[Evidence]  # the best ones, as the packet's table cites them
    raised_by: list[str] = field(default_factory=list)  # who stated a concern about it
    strong: bool = False
    # Quotes whose expectation cell names it (assemble/feedback.py): shown beside the entries,
    # marked as feedback; they never make the expectation count as shown.
    feedback: list = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return bool(self.entries)

    @property
    def level(self) -> str:
        """none (nothing counts) | feedback (no entry; only quotes speak to it) | some (counts,
        none strong) | strong (a strong entry)."""
        if not self.entries:
            return "feedback" if self.feedback else "none"
        return "strong" if self.strong else "some"


@dataclass(frozen=True)
class LeverUse:
    name: str
    entries: list[Evidence]  # counting entries tagged with the lever, in appendix order


def counts(ev: Evidence, evidence_score: int) -> bool:
    """The entry counts as evidence: not a worsened or unchanged result, and not too weak."""
    return not ev.setback and ev.score >= evidence_score


def counting(evidence: list[Evidence], evidence_score: int) -> list[Evidence]:
    return [ev for ev in evidence if counts(ev, evidence_score)]


def coverage(evidence: list[Evidence], ladder: Ladder, concerns: list[Concern]) -> list[Coverage]:
    rules = ladder.expectations
    strong_score = ladder.readiness.strong_score
    usable = counting(evidence, ladder.readiness.evidence_score)
    matching = [[ev for ev in ranked(usable) if matches(exp, ev)] for exp in rules.expectations]
    cited = _cited(matching, rules.best, rules.max_per_entry)
    table = []
    for exp, rows, chosen in zip(rules.expectations, matching, cited, strict=True):
        raised = list(
            dict.fromkeys(c.meeting.with_name for c in concerns if names(c, exp.concerns))
        )
        table.append(
            Coverage(
                expectation=exp.label,
                entries=rows,
                cited=chosen,
                raised_by=raised,
                strong=any(ev.strong(strong_score) for ev in rows),
            )
        )
    return table


def _cited(matching: list[list[Evidence]], best: int, per_entry: int) -> list[list[Evidence]]:
    """Up to `best` entries per expectation, strongest first, none under more than `per_entry`
    expectations; the expectation with the fewest matching entries chooses first (table order
    breaks ties), so one entry is not stretched over the table while others could be cited."""
    uses: dict[str, int] = {}
    chosen: list[list[Evidence]] = [[] for _ in matching]
    for i in sorted(range(len(matching)), key=lambda i: (len(matching[i]), i)):
        for ev in matching[i]:
            if len(chosen[i]) == best:
                break
            if uses.get(ev.ref, 0) < per_entry:
                chosen[i].append(ev)
                uses[ev.ref] = uses.get(ev.ref, 0) + 1
    return chosen


def levers(evidence: list[Evidence], ladder: Ladder) -> list[LeverUse]:
    usable = counting(evidence, ladder.readiness.evidence_score)
    return [
        LeverUse(name, [ev for ev in usable if in_names(lever_of(ev), [name])])
        for name in ladder.levers
    ]


def reach(evidence: list[Evidence], ladder: Ladder) -> list[Evidence]:
    """Counting entries that say how far they reached (their scope)."""
    usable = counting(evidence, ladder.readiness.evidence_score)
    return [ev for ev in usable if ev.achievement.scope and ev.achievement.scope.strip()]
