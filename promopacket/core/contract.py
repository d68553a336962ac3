"""The input contract: sheets, columns, kinds of value. Vocabularies come from templates/rules/."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from promopacket.core.rulefiles import load_rule_file

# "ladder": a value from the person's role profile (competency, lever, archetype) or a profile
# name; checked per person after the sheet checks, and an unknown one is advice, never a reject.
# Suffixes (any case) of the workbooks read as Office Open XML; the others we list are refused
# with a message (an old .xls, a CSV, an OpenDocument file) but still found, so they are reported.
READ_SUFFIXES = (".xlsx", ".xlsm")
WORKBOOK_SUFFIXES = (*READ_SUFFIXES, ".xls", ".csv", ".ods")

Kind = Literal["id", "text", "email", "int", "number", "date", "vocab", "ladder"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = "text"
    required: bool = False
    vocab: str | None = None  # vocabulary name for kind == "vocab" or "ladder"
    unique: bool = False
    references_people: bool = False  # must be a person_id from the People sheet
    help: str = ""
    # A tighter length limit than the workbook-wide max_cell_chars (a quote is a few sentences).
    max_chars: int | None = None


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[Column, ...]
    help: str = ""
    required: bool = True

    @property
    def required_columns(self) -> list[Column]:
        return [c for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


C = Column
# Feedback.quote: a quote longer than this is a row problem (quote the passage that matters).
QUOTE_MAX_CHARS = 1000
CONTRACT: tuple[SheetSpec, ...] = (
    SheetSpec(
        "People",
        (
            C(
                "person_id",
                "id",
                True,
                unique=True,
                help="Unique id: letters, digits, '.', '_' or '-'.",
            ),
            C("name", required=True, help="Full name as it should appear on the packet."),
            C("email", "email"),
            C("current_title", required=True, help="e.g. Senior ML Engineer."),
            C("target_title", required=True, help="e.g. Lead ML Engineer."),
            C("team", required=True, help="Team name; matches the Team sheet."),
            C("manager_name", required=True),
            C("manager_email", "email"),
            C("location"),
            C("tenure_months", "int", help="Whole months in the current role."),
            C(
                "months_in_level",
                "int",
                help="Whole months at the current level (0 or more, at most tenure_months).",
            ),
            C(
                "recommendation",
                help="The manager's case in their own words: why this person, why now.",
            ),
            C("archetype", "ladder", vocab="archetype"),
            C("cohort", help="Promotion cycle this person belongs to, e.g. 2026-H2."),
            C(
                "profile",
                "ladder",
                vocab="profile",
                help="Role profile (ladder) to judge against; blank: chosen from the titles.",
            ),
        ),
        help="One row per candidate.",
    ),
    SheetSpec(
        "Achievements",
        (
            C("person_id", "id", True, references_people=True),
            C("period", required=True, help="When, e.g. 2026-Q1."),
            C("project", required=True),
            C("statement", required=True, help="The achievement as you would say it."),
            C("competency", "ladder", vocab="competency", help="From the person's profile."),
            C("lever", "ladder", vocab="lever", help="From the person's profile."),
            C("metric", help="What was measured, e.g. p99 latency."),
            C("baseline", "number", help="The value before."),
            C("result", "number", help="The value after (or the single value)."),
            C("unit", help="e.g. ms, %, $, teams."),
            C("better", "vocab", vocab="better", help="Is a higher or a lower value better?"),
            C("outcome", help="What the change enabled, e.g. daily retraining."),
            C("scope", help="Who or what it reached, e.g. 4 teams."),
            C("evidence", help="Link or document that backs it."),
            C(
                "role",
                "vocab",
                vocab="role",
                help="Your part: led, owned, built, contributed or supported. Blank: the "
                "statement's own words decide; only this column turns 'worked on' into 'owned'.",
            ),
        ),
        help="One row per achievement.",
    ),
    SheetSpec(
        "Team",
        (
            C("team", required=True, unique=True),
            C("mission"),
            C("priorities"),
            C("stakeholders"),
            C("headcount", "int"),
        ),
        help="One row per team.",
        required=False,
    ),
    SheetSpec(
        "Meetings",
        (
            C("person_id", "id", True, references_people=True),
            C("date", "date", True),
            C("with_name", required=True, help="Who you met."),
            C("with_role"),
            C(
                "outcome",
                "vocab",
                True,
                vocab="outcome",
                help="What the manager said: development plan, not yet, needed here now, vague.",
            ),
            C("key_points", required=True),
            C(
                "concerns",
                help="What the person met is worried about, in their words; separate several "
                "with ';'. Each is shown word for word as a readiness gap, an objection to "
                "prepare and in the letter.",
            ),
            C("commitments"),
            C(
                "follow_up_date",
                "date",
                help="The next meeting you agreed. Blank: the letter proposes a date that fits "
                "the outcome.",
            ),
            C(
                "greeting",
                help="How the letter greets the person met ('Dear <greeting>,'), e.g. 'Dr Kim'. "
                "Blank: their first name.",
            ),
        ),
        help="One row per promotion conversation.",
        required=False,
    ),
    SheetSpec(
        "Feedback",
        (
            C("person_id", "id", True, references_people=True),
            C("from_name", required=True, help="Who said it, as the packet should name them."),
            C("from_role", help="Their role, e.g. Product manager, Search."),
            C(
                "relationship",
                "vocab",
                True,
                vocab="relationship",
                help="How they know the person: peer, stakeholder, report, manager, skip-level.",
            ),
            C("date", "date", True, help="When it was said or written."),
            C(
                "quote",
                required=True,
                max_chars=QUOTE_MAX_CHARS,
                help="Their words, as said or written (quoted word for word; a long quote is "
                "shortened in the packet at a word boundary, kept whole in the brief).",
            ),
            C(
                "expectation",
                "ladder",
                vocab="expectation",
                help="The expectation the quote speaks to (an id or a label from the person's "
                "profile). Blank: general feedback.",
            ),
        ),
        help="Attributed quotes from peers, stakeholders, reports and managers.",
        required=False,
    ),
    SheetSpec(
        "Settings",
        (
            C("setting", required=True, unique=True, help="default_profile"),
            C("value", help="default_profile: the profile for people no title matches."),
        ),
        help="Workbook settings, one per row.",
        required=False,
    ),
)
# What the Settings sheet may set.
WORKBOOK_SETTINGS = ("default_profile",)

SHEETS: dict[str, SheetSpec] = {s.name: s for s in CONTRACT}


_SPACES = re.compile(r"[\s_]+")
# Every dash (hyphen, en/em dash, minus, …) is one character when matching.
_DASHES = re.compile(r"[\u002d\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")


@lru_cache(maxsize=8192)  # the same vocabulary values and ids repeat on every row
def normalise_name(text: str) -> str:
    """Header / sheet / vocabulary / cohort matching: case-, space- and underscore-insensitive.

    Text that reads the same must match: compatibility forms are folded (NFKC: full-width
    digits, ligatures, non-breaking spaces), invisible format characters (zero-width spaces,
    bidi marks, BOMs) are dropped and every kind of dash counts as '-'.
    """
    text = unicodedata.normalize("NFKC", str(text))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _SPACES.sub("", _DASHES.sub("-", text)).casefold()


def closest(value: str, choices: list[str], cutoff: float = 0.5) -> str | None:
    """The choice nearest to value (ignoring case and spacing), or None if none is close.

    A choice that contains the typed value (or is contained in it) wins first, so an
    abbreviation such as "XAI" or "MLOps pipeline" still finds its entry.
    """
    key = normalise_name(value)
    if not key:
        return None
    keys = {normalise_name(c): c for c in choices}
    if key in keys:
        return keys[key]
    contains = [c for k, c in keys.items() if len(key) >= 3 and (key in k or k in key)]
    if len(contains) == 1:
        return contains[0]
    match = difflib.get_close_matches(key, list(keys), n=1, cutoff=cutoff)
    return keys[match[0]] if match else None


@dataclass
class Vocabularies:
    values: dict[str, list[str]] = field(default_factory=dict)
    _keys: dict[str, dict[str, str]] = field(default_factory=dict, repr=False, compare=False)

    def canonical(self, vocab: str, value: str) -> str | None:
        """The allowed spelling of value, matched ignoring case and spacing; None if unknown."""
        if vocab not in self._keys:
            self._keys[vocab] = {normalise_name(a): a for a in self.values[vocab]}
        return self._keys[vocab].get(normalise_name(value))

    def closest(self, vocab: str, value: str) -> str | None:
        """The allowed value nearest to an unknown one: the suggested fix."""
        return closest(value, self.values[vocab])


def load_vocabularies(rules_dir: Path) -> Vocabularies:
    """vocabularies.yaml, read by the one rule-file loader (cached by file version)."""
    raw = load_rule_file(Path(rules_dir) / "vocabularies.yaml")
    return Vocabularies({str(k): [str(v) for v in vals or ()] for k, vals in raw.items()})
