"""The statement model: a person's words parsed into parts, and the action rebuilt from them.

"Rebuilt the batch scoring job on Spark" → verb "Rebuilt", object "the batch scoring job on
Spark". "Helped ML team with data pipeline" → opening `helped-with` (vague), who "ML team",
object "data pipeline". The action phrase keeps the object and uses a verb the row's facts
support: the person's own verb, an ownership verb the lever supports, or honest partial credit
("Contributed to …") — never more ownership than the row gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from promopacket.core.models import Achievement
from promopacket.rewrite.grammar import (
    DETERMINERS,
    PREPOSITIONS,
    can_be,
    gerund_of,
    is_base_verb,
    is_gerund,
    is_past,
    is_plural,
    past_of,
    singular_noun,
    verb_lemma,
)
from promopacket.rewrite.phrasing import capitalise, clean
from promopacket.rewrite.rules import Ownership, RuleSet
from promopacket.rewrite.sentences import fragment_without_verb

Kind = Literal["own", "vague", "contribution", "enabling", "attempt", "none"]
DROPPED_SUBJECTS = frozenset({"i"})  # a bullet's implied subject is the person; "We" is kept


@dataclass(frozen=True)
class Parsed:
    subject: str  # "We" (shared credit, kept); "" otherwise
    opening_id: str | None
    kind: Kind
    verb: str | None  # as written: "Rebuilt"; after "helped"/"tried to": the bare verb "cut"
    obj: str  # "the batch scoring job on Spark"
    who: str | None  # "ML team" in "Helped ML team with …"
    words: str  # the statement as it will be shown when kept (without a leading "I")


def give_a_verb(text: str, rules: RuleSet) -> str:
    """A statement written without a verb ("Data pipeline improvements") opens with the least
    it can claim ("Worked on data pipeline improvements"); any other is returned as it is."""
    if not text or not fragment_without_verb(text):
        return text
    first, _, rest = text.partition(" ")
    word = first.lower()
    known = any(can_be(word, pos) for pos in ("NOUN", "VERB", "ADJ"))
    if first[1:].islower() and known:  # "Data …", not "Q3", "API" or "Kubernetes"
        first = word
    words = " ".join(filter(None, (first, rest)))
    credit = rules.partial_credit
    if any(re.match(o.pattern, text, re.IGNORECASE) for o in rules.openings):
        # an opening the rules know, written without its verb: "Responsible for on-call health"
        return capitalise(credit.fragment_adjective.format(words=words))
    return capitalise(credit.fragment.format(words=words))


def parse_statement(text: str, rules: RuleSet) -> Parsed:
    words = clean(text)
    subject = ""
    first, _, rest = words.partition(" ")
    if rest and first.lower() in {s.lower() for s in rules.subjects}:
        subject = "" if first.lower() in DROPPED_SUBJECTS else first
        words = capitalise(rest) if not subject else words
    else:
        rest = words
    for opening in rules.openings:
        match = re.match(opening.pattern, rest, re.IGNORECASE)
        if not match:
            continue
        groups = match.groupdict()
        if opening.verb_required and groups.get("who") is not None:
            groups = _split_who(groups)
        verb = groups.get("verb")
        if opening.verb_required and not (verb and is_base_verb(verb)):
            continue
        obj = clean(groups["object"] or "")
        if not obj:
            continue
        who = clean(groups.get("who") or "") or None
        return Parsed(subject, opening.id, opening.kind, verb, obj, who, words)
    verb, _, obj = rest.partition(" ")
    if obj and is_past(verb):
        return Parsed(subject, None, "own", verb, clean(obj), None, words)
    return Parsed(subject, None, "none", None, rest, None, words)


def _split_who(groups: dict) -> dict:
    """'Helped the search team ship the ranker': the verb is the first bare verb after the
    people helped that opens an object ('ship the …'), or that is only a verb ('adopt')."""
    words = f"{groups['who']} {groups['verb']} {groups['object']}".split()
    for i in range(1, min(len(words) - 1, 5)):
        word, nxt = words[i], words[i + 1].lower()
        only_verb = not ({"NOUN", "ADJ"} & set(_lemmas_of(word)))
        if is_base_verb(word) and (nxt in DETERMINERS or only_verb):
            who, obj = " ".join(words[:i]), " ".join(words[i + 1 :])
            return {**groups, "who": who, "verb": word, "object": obj}
    return {**groups, "verb": None}


def _lemmas_of(word: str) -> dict:
    from lemminflect import getAllLemmas  # its tables load on first use, not at import

    return getAllLemmas(word.lower())


def with_article(phrase: str) -> str:
    """'data pipeline' → 'the data pipeline'; plurals, -ing nouns and names stay as they are."""
    words = phrase.split()
    if not words or words[0].lower() in DETERMINERS or words[0][:1].isdigit():
        return phrase
    last = words[-1]
    if is_plural(last) or is_gerund(last) or (len(words) == 1 and words[0][:1].isupper()):
        return phrase
    return f"the {phrase}"


def _bare(obj: str) -> str:
    """'MTTR' → 'the MTTR work', 'storage cleanup' → 'the storage cleanup': a bare name reads as
    a thing someone led; plurals, -ing activities ('caching') and longer phrases stay."""
    words = obj.split()
    if not words or len(words) > 2 or words[0].lower() in DETERMINERS:
        return obj
    if is_plural(words[-1]) or is_gerund(words[-1]) or words[-1].lower().endswith("ing"):
        return obj
    return f"the {obj} work" if len(words) == 1 else f"the {obj}"


def _object_with_who(parsed: Parsed) -> str:
    if not parsed.who:
        return _bare(parsed.obj)
    return f"{with_article(parsed.obj)} for {with_article(parsed.who)}"


def _work_noun(obj: str) -> str:
    """'hyperparameter tuning on the fraud model' stays as it is (an activity needs no article);
    'move to spot instances' → 'the move to spot instances'; 'MTTR' → 'the MTTR work'."""
    words = obj.split()
    if len(words) <= 2:
        return _bare(obj)
    cut = next((i for i, w in enumerate(words) if w.lower() in PREPOSITIONS), len(words))
    head = " ".join(words[:cut]) or obj
    return " ".join([with_article(head), *words[cut:]]) if cut else obj


def work_phrase(parsed: Parsed, rules: RuleSet) -> str:
    """' in the ML team's data pipeline', ' through the move to spot instances', ' for the
    mobile team': the work the person's part went into, joined by what it names."""
    credit = rules.partial_credit
    groups = {w.lower() for w in credit.group_words}
    obj = parsed.obj
    if parsed.who:
        who = parsed.who
        if who.split()[-1].lower() in groups and obj.split()[0].lower() not in DETERMINERS:
            owner = who if who.split()[0].lower() in DETERMINERS else f"the {who}"
            work = f"{owner}'" if owner.endswith("s") else f"{owner}'s"  # the teams' / team's
            work = f"{work} {obj}"
        else:
            work = _object_with_who(parsed)
    else:
        work = _work_noun(obj)
    bare = not parsed.who and obj.split()[0].lower() not in DETERMINERS
    words = [w.lower().strip(",") for w in work.split()]
    cut = next((i for i, w in enumerate(words) if w in PREPOSITIONS and i), len(words))
    head = words[:cut]
    # "the mobile team" names people; "perf work with the payments team" names the work
    if not parsed.who and head[-1] in groups:
        return credit.people.format(work=work)
    activity = is_gerund(head[-1]) or any(
        w in {a.lower() for a in credit.activity_words} for w in head
    )
    if bare:  # as written, no article: "through toil reduction …", "through work on alert noise"
        own = [w.lower().strip(",") for w in obj.split()]
        own = own[: next((i for i, w in enumerate(own) if w in PREPOSITIONS and i), len(own))]
        doing = is_gerund(own[-1]) or any(
            w in {a.lower() for a in credit.activity_words} for w in own
        )
        return (credit.activity if doing else credit.bare).format(work=obj)
    return (credit.activity if activity else credit.system).format(work=work)


PARTICIPATION = frozenset({"vague", "contribution", "enabling"})


def ownership_for(item: Achievement, rules: RuleSet) -> Ownership | None:
    """The ownership verb the row's role grants, if any (the lever never grants one)."""
    role = (item.role or "").strip().lower()
    if not role:
        return None
    for rule in rules.ownership:
        when = rule.when
        if role not in {v.lower() for v in when.role}:
            continue
        if when.competency is not None and (item.competency or "").lower() not in {
            v.lower() for v in when.competency
        }:
            continue
        return rule
    return None


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Action:
    text: str
    kind: Literal["own", "supported", "same", "contribution", "partial", "none", "kept"]
    support: str | None = None  # the ownership rule id, when one was used
    verb_lemma: str | None = None
    work: str = ""  # partial credit: the work the change came through (" in the data pipeline")


def action_of(parsed: Parsed, item: Achievement, rules: RuleSet, improved: bool) -> Action:
    """The action phrase for a measured row: verb the facts support + the object kept."""
    subject = parsed.subject
    if parsed.kind == "enabling":  # "Helped teams adopt …": honest as written, partial credit
        return Action(capitalise(parsed.words), "contribution", None, verb_lemma("help"))
    if parsed.kind == "own" or (parsed.kind == "attempt" and improved and parsed.verb):
        verb = parsed.verb if parsed.kind == "own" else past_of(parsed.verb)
        text = _join(subject, capitalise(verb) if not subject else verb, parsed.obj)
        return Action(capitalise(text), "own", None, verb_lemma(verb))
    if parsed.kind in ("vague", "contribution", "attempt"):
        support = ownership_for(item, rules)
        if support and parsed.verb:
            verb = past_of(parsed.verb)
            text = capitalise(_join(subject, verb, parsed.obj))
            return Action(text, "supported", support.id, verb_lemma(verb))
        first, _, rest = parsed.obj.partition(" ")
        if support and rest and not parsed.who and is_gerund(first):
            # "Was involved in moving training to spot instances" → "Moved training to …"
            text = capitalise(_join(subject, past_of(first), rest))
            return Action(text, "supported", support.id, verb_lemma(first))
        if support:
            verb = support.verb if not subject else support.verb.lower()
            text = capitalise(_join(subject, verb, _object_with_who(parsed)))
            return Action(text, "supported", support.id, verb_lemma(support.verb))
        done = _object_with_who(parsed)
        if parsed.verb:
            done = f"{gerund_of(parsed.verb)} {parsed.obj}"
        verb = "contributed to"
        return Action(capitalise(_join(subject, verb, done)), "contribution", None, "contribute")
    return Action(capitalise(parsed.words), "none")


def unmeasured_action(parsed: Parsed, item: Achievement, rules: RuleSet) -> Action:
    """Without a measurement: a weak opening is replaced only when the lever supports it;
    otherwise the person's words stay as written (the entry is marked as needing a metric)."""
    if parsed.kind in ("vague", "contribution", "attempt") and ownership_for(item, rules):
        return action_of(parsed, item, rules, improved=False)
    return Action(capitalise(parsed.words), "kept")


def shares_content_word(a: str, b: str) -> bool:
    """Whether two phrases share a content word (singular and plural alike)."""

    def content(text: str) -> set[str]:
        found = set()
        for word in re.findall(r"[\w@-]+", text.lower()):
            if len(word) < 3 or word in DETERMINERS:
                continue
            found.add(singular_noun(word) or word)
        return found

    return bool(content(a) & content(b))
