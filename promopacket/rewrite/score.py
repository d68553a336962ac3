"""Strength score 0–100 with its reasons. Weights are documented in the README."""

from __future__ import annotations

import re

WEIGHTS = {
    "strong action verb": 20,
    "quantified change": 25,
    "baseline and result": 15,
    "business or team consequence": 20,
    "scope or leverage over others": 10,
    "specific": 10,
}
WEAK_PENALTY = 15
BANDS = ((70, "strong"), (40, "fair"), (0, "weak"))

STRONG_VERBS = {
    "reduced",
    "increased",
    "improved",
    "cut",
    "launched",
    "built",
    "migrated",
    "automated",
    "led",
    "mentored",
    "designed",
    "shipped",
    "delivered",
    "created",
    "scaled",
    "owned",
    "established",
    "introduced",
    "drove",
    "accelerated",
    "eliminated",
    "halved",
    "doubled",
    "tripled",
    "coached",
    "standardised",
    "standardized",
    "defined",
    "deployed",
    "raised",
    "lowered",
    "saved",
    "grew",
    "trained",
    "rebuilt",
    "replaced",
    "unblocked",
    "wrote",
}
_CONSEQUENCE = re.compile(
    r"\b(enabling|enabled|so that|which|allowing|unblock\w*|leading to|"
    r"resulting in|saving|letting)\b",
    re.IGNORECASE,
)
_LEVERAGE = re.compile(
    r"\b(\d+\s+(teams?|engineers?|people|scientists?|squads?)|teams|"
    r"org-wide|company-wide|across|mentor\w*|coach\w*|adopt\w*)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")


def band(score: int) -> str:
    return next(name for floor, name in BANDS if score >= floor)


def score_text(
    text: str, weak_phrases: list[str], has_baseline_result: bool = False, scope: str | None = None
) -> tuple[int, list[str]]:
    """Score a statement; reasons list each point gained or lost."""
    reasons: list[str] = []
    total = 0
    first = (text.split() or [""])[0].strip(",.:").lower()
    if first in STRONG_VERBS and not weak_phrases:
        total += WEIGHTS["strong action verb"]
        reasons.append(f"+{WEIGHTS['strong action verb']} strong action verb ('{first}')")
    if _NUMBER.search(text):
        total += WEIGHTS["quantified change"]
        reasons.append(f"+{WEIGHTS['quantified change']} quantified")
    if has_baseline_result and "→" in text or re.search(r"\bfrom .+ to .+", text):
        total += WEIGHTS["baseline and result"]
        reasons.append(f"+{WEIGHTS['baseline and result']} baseline and result")
    if _CONSEQUENCE.search(text):
        total += WEIGHTS["business or team consequence"]
        reasons.append(f"+{WEIGHTS['business or team consequence']} consequence stated")
    if scope or _LEVERAGE.search(text):
        total += WEIGHTS["scope or leverage over others"]
        reasons.append(f"+{WEIGHTS['scope or leverage over others']} scope or leverage")
    if len(text.split()) >= 8:
        total += WEIGHTS["specific"]
        reasons.append(f"+{WEIGHTS['specific']} specific (8+ words)")
    if weak_phrases:
        total -= WEAK_PENALTY
        reasons.append(f"-{WEAK_PENALTY} weak phrase ({', '.join(weak_phrases)})")
    return max(0, min(100, total)), reasons
