"""The never-invent check: every number in generated text must be in the row or derived."""

from __future__ import annotations

import re
from collections.abc import Iterable

from promopacket.core.models import Achievement
from promopacket.rewrite.arithmetic import format_number

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
NUMBER_WORDS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
}
TEXT_FIELDS = ("project", "statement", "metric", "unit", "outcome", "scope", "evidence")


def _normal(token: str) -> str:
    token = token.replace(",", "")
    if "." in token:
        token = token.rstrip("0").rstrip(".")
    return token.lstrip("0") or "0"


def numbers_in(text: str) -> set[str]:
    """Numbers written in digits, normalised ('1,200' → '1200', '0.50' → '.5')."""
    return {_normal(t) for t in _NUMBER.findall(text or "")}


def row_numbers(item: Achievement) -> set[str]:
    found: set[str] = set()
    for name in TEXT_FIELDS:
        found |= numbers_in(getattr(item, name) or "")
    for value in (item.baseline, item.result):
        if value is not None:
            found |= numbers_in(format_number(value))
    return found


def invented_numbers(text: str, item: Achievement, derived: Iterable[str] = ()) -> set[str]:
    """Numbers in `text` that are neither in the row nor among the derived ones."""
    allowed = row_numbers(item) | {n for d in derived for n in numbers_in(d)}
    return numbers_in(text) - allowed


def normalise_words(text: str) -> str:
    """'three teams' → '3 teams', for comparing a scope with what the statement already says."""
    words = re.findall(r"[\w.%$-]+", text.lower())
    return " ".join(NUMBER_WORDS.get(w, w) for w in words)
