"""One sentence check for every generated sentence of packet, brief and letters.

What a careful reader circles in red, as named checks: a verb form after "enabling", a verb or
a capitalised article after "in service of", a verb beside its own -ing form, "with <metric> at
<n>", a doubled label, a sentence starting lower-case, unbalanced brackets, informal
abbreviations; and, for a statement, a fragment without a verb (`fragment_without_verb`).
`check_text` reads one paragraph; `check_dump` a document's text dump (body paragraphs and Word
comments; table cells are read as paragraphs of their own). Each hit is (check, the words it
found); an empty list means the text reads clean.
"""

from __future__ import annotations

import re

from promopacket.rewrite.grammar import (
    can_be,
    clause_kind,
    finite_verb_at,
    gerund,
    is_base_verb,
    is_gerund,
    is_past,
    is_third_person,
    verb_lemma,
)


def opens_with_verb(text: str) -> bool:
    """Whether a phrase opens with a bare verb ('keep production available'), not a noun or an
    adjective ('fast, reliable checkout', 'search ranking')."""
    words = _WORD.findall(text)
    if not words:
        return False
    first = words[0].lower()
    return is_base_verb(first) and (
        first in VERB_FIRST or not (can_be(first, "NOUN") or can_be(first, "ADJ"))
    )


def fragment_without_verb(statement: str) -> bool:
    """A statement with no verb to carry it ("Data pipeline improvements", "Ownership of the
    rota"): none of its clauses opens with a verb form or holds a subject and its verb. Lenient
    on purpose: a word that can be a verb ("Feature store …") counts as one."""
    for clause in _CLAUSES.split(statement):
        words = clause.split()
        if not words:
            continue
        first = words[0].strip('“"(').lower()
        if first in SUBJECT_WORDS and len(words) > 1:
            first = words[1].lower()
        if is_past(first) or is_base_verb(first) or is_third_person(first):
            return False
        if finite_verb_at(words) is not None:
            return False
    return True


_CLAUSES = re.compile(r"[,;:]\s+|\s+\(")
SUBJECT_WORDS = frozenset({"i", "we"})


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Za-z“\"(])")
_ENABLING = re.compile(r"\benabling\s+([^,;:()]+)", re.IGNORECASE)
_IN_SERVICE = re.compile(r"\bin service of\s+(\S+)", re.IGNORECASE)
_WITH_AT = re.compile(r"\bwith\s+[\w@/ -]{2,40}?\s+at\s+[$€£]?\d", re.IGNORECASE)
_LABELS = re.compile(r"(?:^|[.:]\s)([A-Z][a-z]+):\s+(?:[A-Z][a-z]+\s)?\1:", re.IGNORECASE)
_INFORMAL = re.compile(r"(?<![\w/])(w/o?|perf|b/c|ppl|thru|teh)(?![\w/])", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
# Bare verbs that open a clause, not a noun phrase, after "in service of" ("keep production up").
VERB_FIRST = frozenset(
    "keep make get help improve reduce increase ship build deliver support enable ensure "
    "protect grow cut lower raise speed move let give run bring".split()
)
# Words that read as -ing forms but are nouns beside their verb ("Trained the ranking model").
NOT_VERB_ING = frozenset(
    "ranking training pricing scoring tooling funding meeting building setting thing during "
    "morning evening string spring ceiling planning monitoring engineering onboarding "
    "alerting caching logging testing labelling labeling modelling modeling hiring mentoring "
    "tracking paging".split()
)


def _verb_beside_its_ing(sentence: str) -> str | None:
    words = [w.lower() for w in _WORD.findall(sentence)]
    ing = {verb_lemma(w): w for w in words if w.endswith("ing") and w not in NOT_VERB_ING}
    for word in words:
        if word.endswith("ing") or len(word) < 4:
            continue
        lemma = verb_lemma(word)
        if lemma and lemma in ing and ing[lemma] == gerund(lemma) and word != lemma:
            return f"{word} … {ing[lemma]}"
    return None


def sentences_of(paragraph: str) -> list[str]:
    return [s for s in SENTENCE_END.split(paragraph.strip()) if s]


def enabling_someone_to(words: list[str]) -> bool:
    """'enabling on-call engineers to sleep …': the words after 'enabling' name who is enabled
    to do what, so a verb among them is expected."""
    return " to " in f" {' '.join(words[:5])} "


def check_text(paragraph: str, table_cell: bool = False) -> list[tuple[str, str]]:
    """The hits in one paragraph of generated text."""
    hits: list[tuple[str, str]] = []
    text = re.sub(r"https?://\S+", "URL", paragraph)
    for match in _ENABLING.finditer(text):
        words = match.group(1).split()
        if enabling_someone_to(words):
            continue
        head = " ".join(words[:6])
        if clause_kind(head) != "noun-phrase" or is_gerund(words[0]) or is_past(words[0]):
            hits.append(("verb after 'enabling'", match.group(0).strip()))
    for match in _IN_SERVICE.finditer(text):
        nxt = match.group(1)
        if nxt in {"The", "A", "An"} or (nxt.islower() and opens_with_verb(nxt)):
            hits.append(("verb or capitalised article after 'in service of'", match.group(0)))
    found = _WITH_AT.search(text)
    if found:
        hits.append(("'with <metric> at <n>'", found.group(0)))
    found = _LABELS.search(text)
    if found:
        hits.append(("doubled label", found.group(0)))
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        hits.append(("unbalanced brackets", text[:60]))
    found = _INFORMAL.search(text)
    if found:
        hits.append(("informal abbreviation", found.group(0)))
    for sentence in sentences_of(text):
        first = sentence.lstrip('“"(')
        if not table_cell and first[:1].islower() and not re.match(r"^\S*\d", first):
            hits.append(("sentence starts lower-case", sentence[:60]))
        doubled = _verb_beside_its_ing(sentence)
        if doubled:
            hits.append(("a verb beside its own -ing form", doubled))
    return hits


# The person's own words, shown as theirs (not generated): the brief's "As written" column,
# the "Original:" comment on a rewritten statement, and anything in quotation marks.
AS_WRITTEN_COLUMNS = frozenset({"as written"})
_QUOTED = re.compile(r"“[^”]*”")


def _rows(dump: str):
    """(is a table row, text) per paragraph or table row; a row whose cells run over several
    lines is joined back into one."""
    pending: list[str] = []
    for line in dump.splitlines():
        line = line.removeprefix("# ").strip()
        if pending:
            pending.append(line)
            if line.endswith(" |") or line == "|":
                yield True, "\n".join(pending)
                pending = []
        elif line.startswith("| "):
            if line.endswith(" |"):
                yield True, line
            else:
                pending = [line]
        elif line:
            yield False, line
    if pending:
        yield True, "\n".join(pending)


def check_dump(dump: str) -> list[tuple[str, str]]:
    """Every generated paragraph, table cell and Word comment line of a document's text dump
    (the person's own words, shown as written, are theirs and not read)."""
    hits = []
    skip: set[int] = set()
    for is_row, text in _rows(dump):
        if is_row:
            cells = [c.strip() for c in text.strip()[2:-2].split(" | ")]
            names = {i for i, c in enumerate(cells) if c.lower() in AS_WRITTEN_COLUMNS}
            if names:  # a header row: remember which columns hold the person's own words
                skip = names
                continue
            for i, cell in enumerate(cells):
                if i in skip:
                    continue
                for part in cell.split("\n"):
                    hits += check_text(_QUOTED.sub("“…”", part), table_cell=True)
            continue
        skip = set() if not text.startswith("[comment by") else skip
        comment = re.match(r"^\[comment by [^\]]+\]\s*", text)
        if comment:
            text = text[comment.end() :]
            if text.startswith("Original:"):
                continue
        hits += check_text(_QUOTED.sub("“…”", text))
    return hits
