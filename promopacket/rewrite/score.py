"""Strength score 0–100 with its reasons. Weights and bands are documented in the README.

The score before reads the person's own words only. The score after reads the generated text
and also knows which row facts the template put in (baseline and result, outcome, scope).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from promopacket.rewrite.numbers import NUMBER_WORDS

WEIGHTS = {
    "strong action verb": 20,
    "quantified": 25,
    "baseline and result": 15,
    "consequence": 20,
    "scope or leverage": 10,
    "specific": 10,
}
WEAK_PENALTY = 15
NOT_IMPROVED_CAP = 69  # a change the numbers do not show as a win never reads as strong
SPECIFIC_WORDS = 8
BANDS = ((70, "strong"), (40, "fair"), (0, "weak"))

_QUANTITY = re.compile(r"\d|\b(" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
_FROM_TO = re.compile(r"→|\bfrom\s+\S*\d\S*.*\bto\s+\S*\d", re.IGNORECASE)
_CONSEQUENCE = re.compile(
    r"\b(enabling|enabled|so that|allowing|unblock\w*|leading to|resulting in|saving|letting|"
    r"freeing|meeting|funding|preventing|catching|retiring|adopted by|used by|now the|"
    r"became the|instead of)\b",
    re.IGNORECASE,
)
_LEVERAGE = re.compile(
    r"\b((\d+|" + "|".join(NUMBER_WORDS) + r")\s+(teams?|engineers?|people|scientists?|analysts?"
    r"|squads?|joiners?|hires?)|across|org-wide|company-wide|shared|mentor\w*|coach\w*|"
    r"adopt\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Known:
    """Facts the generated text is known to carry (the score after only)."""

    baseline_and_result: bool = False
    consequence: bool = False
    scope: bool = False
    improved: bool | None = None  # False: the numbers show no improvement
    # False: the row has no measurement (needs a metric); a count in the words ("three teams")
    # is then scope, never "quantified".
    measured: bool = True


@dataclass
class Score:
    value: int
    reasons: list[str] = field(default_factory=list)

    @property
    def band(self) -> str:
        return band(self.value)


def band(score: int) -> str:
    return next(name for floor, name in BANDS if score >= floor)


def opening_verb(text: str, subjects: list[str] | tuple[str, ...] = ()) -> str:
    """The word a reader takes as the verb: 'I led …' → 'led', 'We quickly shipped' → 'shipped'."""
    words = [re.sub(r"[^\w-]", "", w).lower() for w in text.split()]
    skip = {s.lower() for s in subjects}
    index = 0
    while index < len(words) - 1 and words[index] in skip:
        index += 1
    if 0 < index < len(words) - 1 and words[index].endswith("ly"):  # "I quickly shipped"
        index += 1
    return words[index] if words else ""


def score_text(
    text: str,
    strong_verbs: list[str],
    weak_phrases: list[str],
    known: Known | None = None,
    subjects: list[str] | tuple[str, ...] = (),
) -> Score:
    """Score a statement; each reason says the points gained or lost and why."""
    known = known or Known()
    reasons: list[str] = []
    total = 0

    def gain(name: str, why: str) -> None:
        nonlocal total
        total += WEIGHTS[name]
        reasons.append(f"+{WEIGHTS[name]} {name}{why}")

    first = opening_verb(text, subjects)
    verbs = {v.lower() for v in strong_verbs}
    if first in verbs and not weak_phrases:
        gain("strong action verb", f" ('{first}')")
    if known.measured and _QUANTITY.search(text):
        gain("quantified", "")
    if known.baseline_and_result or _FROM_TO.search(text):
        gain("baseline and result", "")
    if known.consequence or _CONSEQUENCE.search(text):
        gain("consequence", "")
    if known.scope or _LEVERAGE.search(text):
        gain("scope or leverage", "")
    if len(text.split()) >= SPECIFIC_WORDS:
        gain("specific", f" ({SPECIFIC_WORDS}+ words)")
    if weak_phrases:
        total -= WEAK_PENALTY
        reasons.append(f"-{WEAK_PENALTY} weak phrase ({', '.join(weak_phrases)})")
    total = max(0, min(100, total))
    if known.improved is False and total > NOT_IMPROVED_CAP:
        total = NOT_IMPROVED_CAP
        reasons.append(f"capped at {NOT_IMPROVED_CAP}: the numbers show no improvement")
    return Score(total, reasons)
