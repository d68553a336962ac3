"""Meeting notes → first-person sentences for a letter, by the rules in letters.yaml.

Notes are written about the candidate ("Chen is critical to…", "Ana to mentor two engineers");
a letter is written by them. Each clause of a note is restated by the first rule that matches it
whole; the candidate's name becomes "me"/"my"/"I" and the recipient's "you"/"your". A sentence
that would still copy more than max_copied_words consecutive words of the notes is not used.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from promopacket.assemble.dates import Horizon, add_months, horizon  # noqa: F401  (re-exported)
from promopacket.assemble.letter_rules import (  # noqa: F401  (fill, DETERMINERS re-exported)
    DETERMINERS,
    LetterRules,
    NoteRule,
    Sentence,
    fill,
    variants,
)

CLAUSE_BREAK = re.compile(r";|\n|\r|•|(?<=[a-z0-9)\]])\.(?:\s+|$)")
WORD = re.compile(r"\w+")
AGREEMENT = {"is": ("am", "are"), "has": ("have", "have"), "was": ("was", "were")}


@dataclass(frozen=True)
class Names:
    """Who the letter is from and to, as regex alternations (full name first, then first name)."""

    candidate: tuple[str, ...]
    recipient: tuple[str, ...]

    @classmethod
    def of(cls, candidate: str, recipient: str | None) -> Names:
        return cls(_forms(candidate), _forms(recipient) if recipient else ())

    def pattern(self, who: str) -> str:
        forms = getattr(self, who)
        return "(?:" + "|".join(re.escape(f) for f in forms) + ")" if forms else "(?!)"


def natural_order(name: str) -> str:
    """'Nair, Priya' → 'Priya Nair'; other names as written (spaces tidied)."""
    family, comma, given = name.partition(",")
    name = f"{given} {family}" if comma and given.strip() else name
    return " ".join(name.split())


def _forms(name: str) -> tuple[str, ...]:
    forms = {name.strip(), natural_order(name)}
    first = natural_order(name).split(" ")[0]
    if len(first) > 1:
        forms.add(first)
    return tuple(sorted((f for f in forms if f), key=len, reverse=True))


def first_name(with_name: str, honorifics: list[str]) -> str:
    """'Priya Nair' → 'Priya'; 'Dr. Dana Kim' → 'Dr Kim' (a title keeps the family name)."""
    parts = natural_order(with_name).split()
    if not parts:
        return with_name
    title = parts[0].rstrip(".")
    if title.casefold() in {h.casefold() for h in honorifics} and len(parts) > 1:
        return f"{title} {parts[-1]}"
    return parts[0]


def split_clauses(text: str | None) -> list[str]:
    """A note → its clauses (split at ';', '.', new lines and bullets), without end punctuation."""
    if not text:
        return []
    clauses = (c.strip().lstrip("-*– ").strip(" \t.,") for c in CLAUSE_BREAK.split(text))
    return [c for c in clauses if c]


def _agree(verb: str, person: int) -> str:
    """'is' after 'I' is 'am', after 'you' 'are'; 'presents' → 'present'."""
    low = verb.lower()
    if low in AGREEMENT:
        return AGREEMENT[low][person]
    if re.fullmatch(r"[a-z]+(?:sh|ch|x|ss)es", low):
        return verb[:-2]
    if re.fullmatch(r"[a-z]+[^s]s", low):
        return verb[:-1]
    return verb


def first_person(text: str, names: Names) -> str:
    """The candidate's name → I/me/my, the recipient's → you/your (a subject opens the text)."""
    for who, subject, obj, own, person in (
        ("candidate", "I", "me", "my", 0),
        ("recipient", "You", "you", "your", 1),
    ):
        alternation = names.pattern(who)
        opening = re.match(rf"{alternation}\s+(\w+)\b", text, re.IGNORECASE)
        if opening and not re.match(rf"{alternation}['’]s\b", text, re.IGNORECASE):
            text = f"{subject} {_agree(opening.group(1), person)}{text[opening.end() :]}"
        text = re.sub(rf"\b{alternation}['’]s\b", own, text, flags=re.IGNORECASE)
        text = re.sub(rf"\b{alternation}\b", obj, text, flags=re.IGNORECASE)
    return text


def choose(sentence: Sentence, values: dict[str, str | None]) -> str | None:
    """The first variant whose placeholders are all known (None: the sentence is left out)."""
    for variant in variants(sentence):
        text = fill(variant, values)
        if text is not None:
            return text
    return None


def copied_run(source: str, text: str) -> int:
    """How many consecutive words of source (ignoring case and punctuation) text copies, at most."""
    a = WORD.findall(source.lower())
    b = WORD.findall(text.lower())
    best = 0
    previous = [0] * (len(b) + 1)
    for word in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if word == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


QUOTE = re.compile(r"“[^”]*”")


def unquoted(text: str) -> str:
    """text without its quotations (“…”): what the letter says in its own words."""
    return QUOTE.sub("“…”", text)


@dataclass
class Restated:
    """A clause said in the letter's voice, and what it tells the next step."""

    rule: NoteRule | None
    clause: str
    sentence: str | None  # None: no rule restates it (it goes into a comment for the sender)
    facts: dict[str, str] = field(default_factory=dict)


def _own(part: str) -> str:
    """Notes speak of the candidate as 'her'/'his': 'Her pipelines' → 'my pipelines'."""
    return re.sub(r"^(?:her|his|their)\b", "my", part, flags=re.IGNORECASE)


def _match(rules: list[NoteRule], clause: str, names: Names):
    candidate, recipient = names.pattern("candidate"), names.pattern("recipient")
    for rule in rules:
        match = rule.regex(candidate, recipient).fullmatch(clause)
        if match:
            parts = {k: _own(first_person(v, names)) for k, v in match.groupdict().items() if v}
            return rule, parts
    return None, {}


def restate_key_point(clause: str, notes: str, names: Names, rules: LetterRules) -> Restated:
    """One key-point clause in the first person; notes is the whole row (for the copy check)."""
    rule, parts = _match(rules.key_points, clause, names)
    if rule is None:
        return Restated(None, clause, None)
    sentence = choose(rule.sentence, parts) if rule.sentence else ""
    if sentence is None or copied_run(notes, sentence) > rules.max_copied_words:
        return Restated(None, clause, None)
    return Restated(rule, clause, sentence, parts)


def restate_commitment(item: str, names: Names, rules: LetterRules, we: str = "We") -> str:
    """One agreed item as a first-person sentence (as written, names turned, when no rule fits)."""
    rule, parts = _match(rules.commitments, item, names)
    if rule is not None:
        sentence = choose(rule.sentence, {**parts, "We": we})
        if sentence is not None:
            return sentence
    text = first_person(item, names)
    return fill(rules.commitment_as_written, {"text": text[:1].upper() + text[1:]}) or text


# --- dates (the horizons themselves: assemble/dates.py) ---


def weekday(day: dt.date) -> dt.date:
    """A Saturday or Sunday → the Monday after."""
    return day + dt.timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day
