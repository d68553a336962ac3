"""A meeting → the follow-up letter the candidate sends: first person, next step fit to the outcome.

Every sentence comes from templates/rules/letters.yaml (see letter_text.py for how notes are
restated). Dates are the row's own or the meeting date plus the rule's documented offsets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from promopacket.assemble import rules as rule_files
from promopacket.assemble.concerns import kind as kind_of
from promopacket.assemble.concerns import names
from promopacket.assemble.contexts import EarlierMeetingCtx, LetterContext, MeetingCtx, PersonCtx
from promopacket.assemble.evidence import matches, ranked
from promopacket.assemble.letter_rules import LetterRules, letters
from promopacket.assemble.letter_text import (
    WORD,
    Names,
    add_months,
    choose,
    copied_run,
    fill,
    first_name,
    horizon,
    restate_commitment,
    restate_key_point,
    split_clauses,
    weekday,
)
from promopacket.assemble.model import counting
from promopacket.core.models import Meeting, Person, PersonBundle, Statement

BUT = re.compile(r"\s+but\s+", re.IGNORECASE)
IRREGULAR_PAST = frozenset(
    "built led ran cut drove made set won grew wrote took brought taught rebuilt held began "
    "became spun put kept sold ".split()
)


def person_ctx(person: Person) -> PersonCtx:
    return PersonCtx(**person.model_dump(include=set(PersonCtx.model_fields)))


def long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _notes(meeting: Meeting) -> str:
    return "\n".join(t for t in (meeting.key_points, meeting.concerns, meeting.commitments) if t)


def letter_dates(meeting: Meeting, rules: LetterRules) -> dict[str, dt.date]:
    """The dates a letter proposes for this meeting's outcome (letters.yaml, outcomes)."""
    outcome = rules.outcomes[meeting.outcome]
    shift = weekday if rules.weekdays_only else (lambda day: day)
    dates = {"letter_date": shift(meeting.date + dt.timedelta(days=rules.letter_after_days))}
    dates["roadmap_date"] = shift(meeting.date + dt.timedelta(days=outcome.propose_after_days))
    dates["propose_date"] = dates["roadmap_date"]
    if outcome.follow_up == "propose_date" and meeting.follow_up_date:
        dates["propose_date"] = meeting.follow_up_date  # the date agreed in the meeting
    if outcome.checkpoint_after_months:
        dates["checkpoint_date"] = shift(
            add_months(dates["propose_date"], outcome.checkpoint_after_months)
        )
    found = horizon(_notes(meeting), meeting.date, rules)
    if found:  # a deadline ("until year end") stands; "in 6 months" may move off a weekend
        dates["horizon_date"] = found.date if found.deadline else shift(found.date)
    elif outcome.default_horizon_months:
        dates["horizon_date"] = shift(add_months(meeting.date, outcome.default_horizon_months))
    if "horizon_date" in dates and dates["horizon_date"] <= dates["propose_date"]:
        dates["horizon_date"] = shift(dates["propose_date"] + dt.timedelta(days=1))
    if outcome.follow_up == "horizon_date" and meeting.follow_up_date:
        dates["horizon_date"] = meeting.follow_up_date  # the date agreed in the meeting
    return dates


def meeting_horizon(meeting: Meeting, rules_dir: Path):
    """The date the meeting's notes give for the next step (assemble/dates.py), or None."""
    return horizon(_notes(meeting), meeting.date, letters(rules_dir))


def follow_up_date(meeting: Meeting, rules_dir: Path) -> dt.date:
    """The date the letter proposes to meet again (the outcome's follow_up date)."""
    rules = letters(rules_dir)
    return letter_dates(meeting, rules)[rules.outcomes[meeting.outcome].follow_up]


def _stems(text: str, ignore: set[str]) -> set[str]:
    words = (w.lower() for w in WORD.findall(text.replace("-", "")))
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words} - ignore


def relevant_achievement(
    meeting: Meeting, statements: list[Statement], names: Names, rules: LetterRules
) -> Statement | None:
    """The strongest measured improvement relevant to the meeting (else the strongest one)."""
    improved = [s for s in statements if s.direction == "improved"]
    if not improved:
        return None
    ignore = {w.lower() for w in rules.relevance.ignore}
    ignore |= {w.lower() for form in names.candidate + names.recipient for w in form.split()}
    said = _stems(_notes(meeting), ignore)
    topics = [t for t in rules.relevance.topics if said & _stems(" ".join(t.words), set())]

    def relevance(statement: Statement) -> int:
        facts = statement.facts
        about = " ".join([statement.text, *(facts.get(k, "") for k in ("project", "competency"))])
        score = len(said & _stems(about, ignore))
        for topic in topics:
            score += facts.get("lever") in topic.levers
            score += facts.get("competency") in topic.competencies
        return score

    return max(improved, key=lambda s: (relevance(s), s.score_after))


def pick(seed: str | None, count: int) -> int:
    """A stable index in range(count) for seed (0 without one): the same on every run."""
    if not seed or count <= 1:
        return 0
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count


def opening(outcome, seed: str) -> str | list[str]:
    """The letter's opening sentence for this person and meeting, stable between runs; salted,
    so it does not move in step with the achievement sentence's choice."""
    phrasings = outcome.openings()
    return phrasings[pick(f"opening|{seed}", len(phrasings))]


def achievement_sentence(text: str, rules: LetterRules, seed: str | None = None) -> str | None:
    text = text.strip().rstrip(".")
    head, _, rest = text.partition(" ")
    past = head.lower().endswith("ed") or head.lower() in IRREGULAR_PAST
    clause = f"{head.lower()} {rest}".strip() if past and head.isalpha() else None
    phrasings = rules.achievement.phrasings()
    sentence = phrasings[pick(seed, len(phrasings))]
    return choose(sentence, {"achievement_clause": clause, "achievement": text})


def earlier_commitments(
    bundle_meetings: list[Meeting], meeting: Meeting, names: Names, rules: LetterRules
) -> list[EarlierMeetingCtx]:
    """Commitments from this person's earlier meetings with the same recipient: a letter to B
    restates only what was said with B."""
    this = (meeting.date, meeting.source.row)
    earlier = [
        m
        for m in bundle_meetings
        if (m.date, m.source.row) < this
        and m.commitments
        and _same_person(m.with_name, meeting.with_name)
    ]
    out = []
    for previous in sorted(earlier, key=lambda m: (m.date, m.source.row)):
        same = _same_person(previous.with_name, meeting.with_name)
        template = rules.earlier.same if same else rules.earlier.other
        values = {"earlier_date": long_date(previous.date), "earlier_with": previous.with_name}
        we = "We" if same else f"{previous.with_name} and I"
        items = [
            restate_commitment(item, names, rules, we=we)
            for item in split_clauses(previous.commitments)
        ]
        out.append(EarlierMeetingCtx(intro=choose(template, values) or "", commitments=items))
    return out


def _same_person(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _clauses(text: str | None) -> list[str]:
    """A note's clauses as the letter restates them (also split at ' but ', as concerns are)."""
    return [part for clause in split_clauses(text) for part in split_clauses(BUT.sub(";", clause))]


def _quote(clause: str, kind: str, rules: LetterRules, concerns_said: int, first: bool) -> str:
    """A clause no rule restates, quoted word for word (never replaced by a generic line)."""
    if kind == "concern":
        template = rules.quoted.concern if not concerns_said else rules.quoted.concern_more
    else:
        template = rules.quoted.other_first if first else rules.quoted.other
    return fill(template, {"clause": clause}) or clause


def _discussion(meeting: Meeting, names: Names, rules: LetterRules, concern_rules):
    """Every key point and concern of the meeting, restated by a rule or quoted; what the next
    step needs (the first concern, a dependency, an opening); the clauses quoted."""
    facts: dict[str, str] = {}
    sentences: list[str] = []
    quoted: list[str] = []
    concerns_said = 0
    items = [(c, kind_of(c, concern_rules)) for c in _clauses(meeting.key_points)]
    items += [(c, "concern") for c in _clauses(meeting.concerns)]
    for clause, kind in items:
        said = restate_key_point(clause, _notes(meeting), names, rules)
        misread = kind == "concern" and (
            not said.sentence or (said.rule and said.rule.kind in ("strength", "opening", "status"))
        )
        if said.sentence is None or misread:
            sentence = _quote(clause, kind, rules, concerns_said, not sentences)
            quoted.append(clause)
        else:
            sentence = said.sentence
            rule_kind = said.rule.kind if said.rule else "other"
            key = {"concern": "concern", "dependency": "dependency"}.get(rule_kind)
            if key and "what" in said.facts:
                facts.setdefault(key, said.facts["what"])
            if rule_kind == "opening":
                for slot in ("opening", "target_team"):
                    if slot in said.facts:
                        facts.setdefault(slot, said.facts[slot])
        concerns_said += kind == "concern"
        if sentence and sentence not in sentences:
            sentences.append(sentence)
    return " ".join(sentences), facts, quoted


def _subject_and_next_step(outcome, values, facts, meeting: Meeting, rules: LetterRules):
    """The outcome's subject and next step; phrases taken from the notes never add up to a copy
    of more than max_copied_words (else the variants without them are used)."""
    for known in (values, {**values, **dict.fromkeys(facts)}):
        subject = choose(outcome.subject, known) or ""
        steps = (choose(sentence, known) for sentence in outcome.next_step)
        next_step = " ".join(s for s in steps if s)
        if copied_run(meeting.key_points, f"{subject}\n{next_step}") <= rules.max_copied_words:
            break
    return subject, next_step


def answering_achievement(meeting: Meeting, case) -> Statement | None:
    """The strongest measured improvement that answers a concern raised in this meeting (by the
    readiness signal or expectation the concern names), or None."""
    if case is None:
        return None

    raised = [c for c in (*case.concerns, *case.other_concerns) if c.meeting == meeting]
    ladder = case.ladder
    usable = [ev for ev in counting(case.evidence, ladder.readiness.evidence_score) if ev.improved]
    for concern in raised:
        matchers = [s for s in ladder.readiness.signals if names(concern, s.concerns)] or [
            e for e in ladder.expectations.expectations if names(concern, e.concerns)
        ]
        rows = [ev for ev in ranked(usable) if any(matches(m, ev) for m in matchers)]
        if rows:
            return rows[0].statement
    return None


def assemble_letter(
    bundle: PersonBundle,
    meeting: Meeting,
    statements: list[Statement],
    rules_dir: Path,
    case=None,
) -> LetterContext:
    """The follow-up letter for one meeting of the bundle's person."""
    rules = letters(rules_dir)
    outcome = rules.outcomes[meeting.outcome]
    person = bundle.person
    names = Names.of(person.name, meeting.with_name)
    concern_rules = rule_files.readiness(rules_dir).concerns
    discussed, facts, not_restated = _discussion(meeting, names, rules, concern_rules)
    dates = letter_dates(meeting, rules)
    found = horizon(_notes(meeting), meeting.date, rules)
    values: dict[str, str | None] = {
        **facts,
        **{k: long_date(v) for k, v in dates.items()},
        "meeting_date": long_date(meeting.date),
        "current_title": person.current_title,
        "target_title": person.target_title,
        "horizon_phrase": found.phrase if found else None,
        "agreed_date": long_date(meeting.follow_up_date) if meeting.follow_up_date else None,
    }
    best = answering_achievement(meeting, case) or relevant_achievement(
        meeting, statements, names, rules
    )
    subject, next_step = _subject_and_next_step(outcome, values, facts, meeting, rules)
    return LetterContext(
        person=person_ctx(person),
        meeting=MeetingCtx(**meeting.model_dump(include=set(MeetingCtx.model_fields))),
        greeting=(meeting.greeting or first_name(meeting.with_name, rules.greeting.honorifics)),
        subject=subject,
        meeting_date=long_date(meeting.date),
        letter_date=long_date(dates["letter_date"]),
        follow_up_date=long_date(dates[outcome.follow_up]),
        thanks=choose(opening(outcome, f"{person.person_id}|{meeting.date}"), values) or "",
        discussed=discussed,
        achievement=(
            achievement_sentence(best.text, rules, f"{person.person_id}|{meeting.date}")
            if best
            else None
        ),
        agreed=[
            restate_commitment(item, names, rules) for item in split_clauses(meeting.commitments)
        ],
        earlier=earlier_commitments(bundle.meetings, meeting, names, rules),
        next_step=next_step,
        closing=choose(outcome.closing, values) or "",
        not_restated=not_restated,
    )
