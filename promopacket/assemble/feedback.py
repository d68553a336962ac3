"""Attributed quotes (the Feedback sheet): which concern or expectation each speaks to, which
the packet shows, and how a long one is shortened there.

A quote is evidence of influence and reach as colleagues see it, always marked as feedback: it
never counts as a measured result, never fills a number into a statement and never makes an
expectation count as shown by an entry. Its words are never changed; the packet may only cut a
long quote at a word boundary and mark the cut with an ellipsis (the brief keeps it whole).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from promopacket.assemble.concerns import Concern, names
from promopacket.assemble.evidence import in_names
from promopacket.assemble.rules import Expectation, FeedbackRules
from promopacket.core.models import Feedback, Person

ELLIPSIS = "…"
# Punctuation left dangling before a cut ("the store, …" reads as "the store…").
_TRAILING = " \t\n,;:–—-("
_SENTENCE_END = re.compile(r"[.!?…][”’\"')\]]*(?=\s)")


@dataclass(frozen=True)
class Quote:
    item: Feedback
    expectation: Expectation | None  # the person's expectation its `expectation` cell names
    answers: tuple[Concern, ...]  # the concerns naming that expectation, as written
    uncovered: bool  # no counting entry shows that expectation
    packet_concern: bool  # it answers an open concern the packet shows (not only the brief's)

    @property
    def tier(self) -> int:
        """The packet's order: an open concern answered, an expectation no entry shows yet,
        another expectation, general feedback."""
        if self.packet_concern:
            return 0
        if self.uncovered:
            return 1
        return 2 if self.expectation else 3


def quotes(
    feedback: list[Feedback],
    expectations: list[Expectation],
    packet_concerns: list[Concern],
    other_concerns: list[Concern],
    shown_labels: set[str],
) -> list[Quote]:
    """Each Feedback row with what it speaks to, in workbook order. Only the `expectation` cell
    links a quote to an expectation (and through it to a concern): its words are never guessed."""
    by_id = {e.id: e for e in expectations}
    found = []
    for item in sorted(feedback, key=lambda f: f.source.row):
        expectation = by_id.get(item.expectation or "")
        answers: tuple[Concern, ...] = ()
        if expectation is not None:
            answers = tuple(
                c for c in packet_concerns + other_concerns if names(c, expectation.concerns)
            )
        found.append(
            Quote(
                item=item,
                expectation=expectation,
                answers=answers,
                uncovered=expectation is not None and expectation.label not in shown_labels,
                packet_concern=any(c in packet_concerns for c in answers),
            )
        )
    return found


def for_expectation(found: list[Quote], expectation: Expectation) -> list[Quote]:
    return [q for q in found if q.expectation is not None and q.expectation.id == expectation.id]


def manager_voice(quote: Quote, person: Person) -> bool:
    """A quote from the line manager while People.recommendation already speaks for them."""
    return bool((person.recommendation or "").strip()) and in_names(
        quote.item.from_name, [person.manager_name]
    )


def packet_choice(
    found: list[Quote], person: Person, rules: FeedbackRules
) -> tuple[list[Quote], dict[int, str]]:
    """The packet's quotes (at most rules.packet_quotes, one per author) and, for each quote
    left out, the words saying why (keyed by its Excel row)."""
    order = {r: i for i, r in enumerate(rules.relationships)}

    def rank(q: Quote):
        return (q.tier, order.get(q.item.relationship, len(order)), -q.item.date.toordinal())

    chosen: list[Quote] = []
    authors: set[str] = set()
    why: dict[int, str] = {}
    for quote in sorted(found, key=rank):
        author = quote.item.from_name.casefold().strip()
        if manager_voice(quote, person):
            why[quote.item.source.row] = rules.words["manager_voice"]
        elif author in authors:
            why[quote.item.source.row] = rules.words["same_author"]
        elif len(chosen) >= rules.packet_quotes:
            why[quote.item.source.row] = rules.words["no_room"]
        else:
            chosen.append(quote)
            authors.add(author)
    return chosen, why


def shorten(text: str, limit: int) -> str:
    """The quote as written when it fits; else cut at the last sentence end (when that keeps
    most of it) or word boundary within limit, with an ellipsis. Words are never changed."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = text[: limit - len(ELLIPSIS)]
    ends = [m.end() for m in _SENTENCE_END.finditer(room)]
    if ends and ends[-1] >= limit * 0.6:
        return room[: ends[-1]].rstrip() + " " + ELLIPSIS
    kept = room[: max(room.rfind(" "), 0)].rstrip(_TRAILING)
    if not kept:  # one very long word: the packet keeps it whole rather than break it
        return text
    return kept + ELLIPSIS


_PAIRS = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»", "„": "“"}


def unquoted(text: str) -> str:
    """The words without one pair of quotation marks around the whole (the packet adds its
    own): '“Great reviews.”' → 'Great reviews.'. Nothing inside is touched."""
    text = " ".join(text.split())
    if len(text) > 2 and _PAIRS.get(text[0]) == text[-1] and text[-1] not in text[1:-1]:
        return text[1:-1].strip()
    return text


def month(item: Feedback) -> str:
    return f"{item.date:%B %Y}"


def line(quote: Quote, rules: FeedbackRules, limit: int | None = None) -> str:
    """“…” — Name, Role, relationship, month year (shortened only when a limit is given)."""
    item = quote.item
    words = unquoted(item.quote)
    words = words if limit is None else shorten(words, limit)
    role = f", {item.from_role.strip()}" if item.from_role and item.from_role.strip() else ""
    return rules.patterns["quote"](
        quote=words,
        from_name=item.from_name.strip(),
        role=role,
        relationship=item.relationship,
        month=month(item),
    )


def author(quote: Quote, rules: FeedbackRules) -> str:
    return rules.patterns["author"](
        from_name=quote.item.from_name.strip(), relationship=quote.item.relationship
    )


def beyond_team(found: list[Quote], rules: FeedbackRules) -> list[str]:
    """Who, beyond the team, gave feedback: 'Rosa Diaz, Product manager (stakeholder)', once
    each, in the packet's relationship order."""
    order = {r: i for i, r in enumerate(rules.relationships)}
    seen: dict[str, str] = {}
    wide = [q for q in found if q.item.relationship in rules.beyond_team]
    for quote in sorted(wide, key=lambda q: order.get(q.item.relationship, len(order))):
        item = quote.item
        key = item.from_name.casefold().strip()
        role = f", {item.from_role.strip()}" if item.from_role and item.from_role.strip() else ""
        seen.setdefault(key, f"{item.from_name.strip()}{role} ({item.relationship})")
    return list(seen.values())
