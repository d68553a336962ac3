"""Word forms and parts of speech where rules run out, from lemminflect's bundled tables.

lemminflect ships its dictionaries inside the package: nothing is downloaded at run time. Words
it does not know (team jargon such as "onboarded", "dockerised") fall back to its out-of-
vocabulary rules for verbs ending in -ed or -ing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllInflections, getAllLemmas, getAllLemmasOOV, getInflection

AUXILIARIES = frozenset(
    "can could will would should may might must shall is are was were has have had does do did "
    "now no longer".split()
)
DETERMINERS = frozenset(
    "the a an this that these those its their our his her my your every each all both".split()
)
PRONOUNS = frozenset("it them us him her they we i you everyone everybody".split())
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve many several few".split()
)
PARTICLES = frozenset("up down out off back away".split())
PREPOSITIONS = frozenset(
    "in on at for to from with by into onto across over under within without per of".split()
)


def _word(text: str) -> str:
    return re.sub(r"[^\w'-]", "", text).lower()


@lru_cache(maxsize=4096)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    return getAllLemmas(word)


def can_be(word: str, upos: str) -> bool:
    """Whether lemminflect knows the word as this part of speech ('NOUN', 'ADJ', 'VERB')."""
    return upos in _lemmas(word.lower())


@lru_cache(maxsize=4096)
def verb_lemma(word: str) -> str | None:
    """'rebuilt' → 'rebuild'; 'onboarded' → 'onboard' (out of vocabulary); a noun → None."""
    word = _word(word)
    if not word:
        return None
    known = _lemmas(word)
    if "VERB" in known:
        return known["VERB"][0]
    if known:  # a known noun, adjective or adverb only
        return None
    if word.endswith(("ed", "ing")):
        guessed = getAllLemmasOOV(word, "VERB").get("VERB")
        return guessed[0] if guessed else None
    return None


def _forms(lemma: str, tag: str) -> tuple[str, ...]:
    return getAllInflections(lemma, upos="VERB").get(tag, ()) or getInflection(lemma, tag)


def is_past(word: str) -> bool:
    """A past-tense verb form: 'rebuilt', 'cut', 'onboarded'."""
    lemma = verb_lemma(word)
    return bool(lemma) and _word(word) in {f.lower() for f in _forms(lemma, "VBD")}


def is_gerund(word: str) -> bool:
    """An -ing verb form ('freeing', 'onboarding'), not an -ing noun ('ceiling', 'string')."""
    lemma, word = verb_lemma(word), _word(word)
    if not lemma or not word.endswith("ing"):
        return False
    return word in {f.lower() for f in _forms(lemma, "VBG")} or not _lemmas(word)


def is_base_verb(word: str) -> bool:
    """The bare form of a verb: 'cut', 'speed', 'get' (after 'helped …' or 'tried to …')."""
    word = _word(word)
    return "VERB" in _lemmas(word) and word in _lemmas(word)["VERB"]


def is_adverb(word: str) -> bool:
    """An -ly adverb ('quickly'); 'daily', 'weekly' are adjectives too and do not count."""
    word = _word(word)
    known = _lemmas(word)
    return word.endswith("ly") and (set(known) == {"ADV"} or not known)


def is_third_person(word: str) -> bool:
    lemma = verb_lemma(word)
    return bool(lemma) and _word(word) in {f.lower() for f in _forms(lemma, "VBZ")}


def past(lemma: str) -> str:
    return (_forms(lemma, "VBD") or (lemma + "ed",))[0]


def gerund(lemma: str) -> str:
    return (getInflection(lemma, "VBG") or (lemma + "ing",))[0]


def past_of(word: str) -> str:
    """'cut' → 'cut', 'speed' → 'sped'; a word that is not a verb is returned unchanged."""
    lemma = verb_lemma(word)
    return past(lemma) if lemma else word


def gerund_of(word: str) -> str:
    lemma = verb_lemma(word)
    return gerund(lemma) if lemma else word


def _subject_like(word: str) -> bool:
    """A word that can end a clause's subject: a noun, a pronoun, or a name it does not know."""
    if word in DETERMINERS or word in PREPOSITIONS or word in NUMBER_WORDS:
        return False
    if not word or word[0].isdigit():  # "3 teams": a count, not a subject
        return False
    known = _lemmas(word)
    if "ADJ" in known:  # "weekly releases", "more teams": a describing word, not a subject
        return False
    return word in PRONOUNS or not known or "NOUN" in known or "PRON" in known


def _adjective_led(words: list[str], i: int) -> bool:
    """The words before i open with an adjective and hold no determiner ('daily index …'): a
    noun compound, since a clause's singular subject would need one ('the index rebuilds')."""
    head = [_word(w) for w in words[:i]]
    lemmas = _lemmas(head[0])
    return "ADJ" in lemmas and not set(head) & DETERMINERS


def finite_verb_at(words: list[str]) -> int | None:
    """Index of the first finite verb of a clause ('the platform team adopted it' → 3).

    A past form counts only when what follows is not a noun it could be describing ('one
    shared store' is a noun phrase, 'the team shipped it' a clause).
    """
    for i, raw in enumerate(words[:6]):
        word = _word(raw)
        if i == 0:
            continue
        if word in AUXILIARIES:
            return i
        nxt = _word(words[i + 1]) if i + 1 < len(words) else ""
        opens_object = (
            not nxt
            or nxt in DETERMINERS | PRONOUNS | PREPOSITIONS | PARTICLES
            or is_adverb(nxt)
            or nxt in ("daily", "weekly", "monthly", "hourly")
            or (is_gerund(nxt) and "-" not in word)  # "marketing stopped double-sending"
        )
        previous = _word(words[i - 1])
        if not _subject_like(previous):
            continue
        if is_third_person(word) and ("NOUN" not in _lemmas(word) or opens_object):
            if i >= 2 and _adjective_led(words, i):
                continue  # "daily index rebuilds across search": a plural noun, not a verb
            return i
        if is_past(word) and opens_object:
            return i
        # "product teams test ideas": a bare verb after a plural subject
        if is_base_verb(word) and previous.endswith("s") and "NOUN" in _lemmas(previous):
            if "VERB" not in _lemmas(previous) or i >= 2:
                return i
    return None


def clause_kind(text: str) -> str:
    """How a consequence is built: gerund, adverb-gerund, finite-clause or noun-phrase."""
    words = text.split()
    if not words:
        return "noun-phrase"
    if is_gerund(words[0]):
        # "marketing stopped …": an -ing noun as the subject of a clause
        if "NOUN" in _lemmas(_word(words[0])) and finite_verb_at(words) == 1:
            return "finite-clause"
        return "gerund"
    if len(words) > 1 and is_adverb(words[0]) and is_gerund(words[1]):
        return "adverb-gerund"
    if finite_verb_at(words) is not None:
        return "finite-clause"
    return "noun-phrase"


# Plural endings of words lemminflect's noun table does not know ('apis', 'kpis', 'sdks'):
# (ending, replacement), the first that fits; words ending like a singular are left alone.
_OOV_PLURALS = (
    ("ies", "y"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("sses", "ss"),
    ("xes", "x"),
    ("s", ""),
)
_SINGULAR_ENDINGS = ("ss", "us", "is")


@lru_cache(maxsize=8192)
def singular_noun(word: str) -> str | None:
    """The singular of a plural noun ('pipelines' → 'pipeline', 'indices' → 'index'); None
    when the word is not a plural. lemminflect's noun table first (it knows 'analysis' and
    'data' are not plurals of 'analysi' and 'datum'); an unknown word ending in -s loses it
    ('SLOs' → 'SLO'). The case of the first letter is kept. Cached: the same few hundred words
    come back for every statement."""
    lower = word.lower()
    if len(lower) < 3 or not lower[-1].isalpha():
        return None
    if word.endswith("s") and word[:-1].isupper():  # an acronym's plural: 'APIs', 'CPUs'
        return word[:-1]
    known = getAllLemmas(lower, upos="NOUN").get("NOUN")
    if known:
        single = known[0]
    elif lower.endswith("s") and not lower.endswith(_SINGULAR_ENDINGS):
        ending, replacement = next((e, r) for e, r in _OOV_PLURALS if lower.endswith(e))
        single = lower[: -len(ending)] + replacement
    else:
        return None
    if single == lower or len(single) < 2:
        return None
    if word[: len(single)].lower() == single:
        return word[: len(single)]  # 'Pipelines' → 'Pipeline'
    return _same_case(word, single)


def _same_case(word: str, single: str) -> str:
    if word.isupper():
        return single.upper()
    return single[0].upper() + single[1:] if word[0].isupper() else single


def is_plural(word: str) -> bool:
    """'pipelines' and 'analyses' are plural; 'process' and 'class' are not."""
    return bool(singular_noun(word)) and not word.lower().endswith("ss")
