"""A manager's concerns, carried word for word and never guessed away.

Every clause of a meeting's key points is a concern unless it is recognised as praise (a praise
word and no word of doubt) or as an agreement or status (a whole-clause pattern). Recognising is
the only guess made, and it errs towards carrying: a clause the rules do not know is a concern.
Each item of the Meetings `concerns` column is a concern as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from promopacket.assemble.rules import ConcernRules
from promopacket.core.models import Meeting


@dataclass(frozen=True)
class Concern:
    meeting: Meeting
    words: str  # the clause as the notes put it
    column: str = "key_points"  # where it was written: key_points or concerns


def split(text: str | None, separators: list[str]) -> list[str]:
    """Clauses of a note, verbatim (surrounding spaces and a trailing stop removed)."""
    pattern = "|".join(re.escape(s) for s in separators)
    clauses = (c.strip().rstrip(".").strip() for c in re.split(pattern, text or ""))
    return [c for c in clauses if c]


@lru_cache(maxsize=64)
def _words(words: tuple[str, ...]) -> re.Pattern:
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’])(?:{alternation})(?![\w'’])", re.IGNORECASE)


@lru_cache(maxsize=64)
def _patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def kind(clause: str, rules: ConcernRules) -> str:
    """'praise', 'agreement' or 'concern' (the default: when unsure, the clause is carried)."""
    if any(p.fullmatch(clause) for p in _patterns(tuple(rules.status))):
        return "agreement"
    doubt = bool(_words(tuple(rules.doubts)).search(clause))
    if doubt:
        return "concern"
    if any(p.fullmatch(clause) for p in _patterns(tuple(rules.agreements))):
        return "agreement"
    short = len(clause.split()) <= rules.praise_max_words
    if short and _words(tuple(rules.praise)).search(clause):
        return "praise"
    return "concern"


def concern_clauses(key_points: str, rules: ConcernRules) -> list[str]:
    """The clauses of key_points that are not praise or an agreement, verbatim."""
    return [c for c in split(key_points, rules.separators) if kind(c, rules) == "concern"]


def meeting_concerns(meeting: Meeting, rules: ConcernRules) -> list[Concern]:
    """The meeting's concerns: its key-point clauses first, then its `concerns` column."""
    found = [Concern(meeting, c) for c in concern_clauses(meeting.key_points, rules)]
    seen = {c.words.casefold() for c in found}
    for words in split(meeting.concerns, rules.column_separators):
        if words.casefold() not in seen:
            seen.add(words.casefold())
            found.append(Concern(meeting, words, "concerns"))
    return found


def concerns(meetings: list[Meeting], rules: ConcernRules) -> list[Concern]:
    """Every concern stated in the meetings, newest meeting first."""
    found = []
    for meeting in sorted(meetings, key=lambda m: m.date, reverse=True):
        found.extend(meeting_concerns(meeting, rules))
    return found


def names(concern: Concern, words: list[str]) -> bool:
    """The concern names one of words (a signal's or an expectation's concern words)."""
    text = concern.words.casefold()
    return any(w.casefold() in text for w in words)
