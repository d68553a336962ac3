"""One person's documents: made once (person_documents), written by build_person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from statistics import mean

from promopacket.assemble import (
    BriefContext,
    LetterContext,
    PacketContext,
    assemble_brief,
    assemble_letter,
    assemble_packet,
    build_case,
)
from promopacket.assemble.contexts import DecisionLetterContext
from promopacket.assemble.decision import (
    assemble_decision_letter,
    previous_cycle_line,
    since_previous,
    wants_letter,
)
from promopacket.assemble.packet import Case
from promopacket.build.record import PersonRecord, person_record
from promopacket.build.results import PersonResult
from promopacket.core import timing
from promopacket.core.fsutil import ensure_private_dir, inside, safe_name
from promopacket.core.models import PersonBundle, Statement
from promopacket.profiles import cached_profiles
from promopacket.render.docx import Annotation, render_docx
from promopacket.render.pdf import convert_to_pdf
from promopacket.rewrite import RuleSet, rewrite_all
from promopacket.rewrite.loading import cached_rules
from promopacket.rewrite.score import band
from promopacket.settings import Settings


def letter_names(meetings) -> list[str]:
    """One file name per meeting, never shared: follow-up-<date>.docx, and for further meetings
    on the same date follow-up-<date>-2.docx, -3, … in the order of their rows."""
    names, seen = [], {}
    for meeting in meetings:
        day = meeting.date.isoformat()
        seen[day] = seen.get(day, 0) + 1
        suffix = f"-{seen[day]}" if seen[day] > 1 else ""
        names.append(f"follow-up-{day}{suffix}.docx")
    return names


def comment_for(statement) -> str:
    """The Word comment on a rewritten statement: original, how it was rewritten (in plain
    words: readers never see a rule id), arithmetic, score change, questions."""
    how = getattr(statement, "rule_label", "") or "a rewrite rule"
    if getattr(statement, "upgrade_id", None) or getattr(statement, "ownership_id", None):
        how += "; the opening verb comes from the role column"
    before, after = statement.score_before, statement.score_after
    lines = [
        f"Original: {statement.original}",
        f"How it was rewritten: {how}",
        f"Score: {before} ({band(before)}) → {after} ({band(after)})",
    ]
    if statement.arithmetic:
        lines.append(f"Arithmetic: {statement.arithmetic}")
    if statement.review_flag:
        lines.append(f"Review: {statement.review_flag}")
    if getattr(statement, "needs_metric", False):
        lines.append("Needs a metric.")
    if statement.question:
        lines.append(f"Question: {statement.question}")
    if getattr(statement, "confirm_part", None):
        lines.append(f"Confirm your part: {statement.confirm_part}")
    evidence = getattr(statement, "facts", {}).get("evidence")
    if evidence:
        lines.append(f"Evidence: {evidence}")
    return "\n".join(lines)


def profile_rules(rules: RuleSet, bundle: PersonBundle, settings: Settings) -> RuleSet:
    """The rewrite rules with the questions of the person's profile (by competency and lever)
    over the shipped ones: a data engineer's "Data modelling" entry gets a data question."""
    if bundle.profile is None:
        return rules
    profile = cached_profiles(settings.rules_dir, settings.profiles_dir).get(bundle.profile.name)
    if profile is None:
        return rules
    questions = rules.questions.model_copy(
        update={
            "by_competency": {**rules.questions.by_competency, **profile.questions.by_competency},
            "by_lever": {**rules.questions.by_lever, **profile.questions.by_lever},
        }
    )
    return rules.model_copy(update={"questions": questions})


def letter_annotations(letter, meeting) -> list[Annotation]:
    """Notes the letter quotes as written: one Word comment for the sender on the first quote."""
    if not letter.not_restated:
        return []
    cell = f"the meeting notes (Meetings row {meeting.source.row}, key points / concerns)"
    listed = "\n".join(f"- {clause}" for clause in letter.not_restated)
    comment = (
        f"Quoted as written from {cell}:\n{listed}\n"
        "Put these in your own words before sending if you prefer, then delete this comment."
    )
    anchor = letter.not_restated[0]
    return [Annotation(anchor, comment)]


@dataclass
class LetterDocument:
    """One follow-up letter: its file name, context and the sender's Word comments."""

    name: str
    context: LetterContext
    annotations: list[Annotation]


@dataclass
class PersonDocuments:
    """Everything one person's documents are made of, before any file is written."""

    statements: list[Statement]
    case: Case
    packet: PacketContext
    brief: BriefContext
    letters: list[LetterDocument]
    annotations: list[Annotation]  # Word comments on rewritten statements (brief; packet on review)
    record: PersonRecord
    decision_letter: DecisionLetterContext | None = None  # for a "not yet" (issue 26)


DECISION_LETTER = "decision-letter.docx"


def committee_documents(
    bundle: PersonBundle, statements: list[Statement], case: Case, packet, brief, rules_dir
) -> DecisionLetterContext | None:
    """The previous cycle's line in the packet, what changed since in the brief, and the
    decision letter for a "not yet" (assemble/decision.py)."""
    open_concerns = list(packet.gaps[: len(case.concerns)])
    packet.previous_cycle = previous_cycle_line(bundle.previous_cycle, rules_dir)
    brief.since = since_previous(bundle, statements, open_concerns, rules_dir)
    if not wants_letter(bundle):
        return None
    return assemble_decision_letter(bundle, case, open_concerns, rules_dir)


def person_documents(
    bundle: PersonBundle,
    settings: Settings,
    rules: RuleSet | None = None,
    today: dt.date | None = None,
) -> PersonDocuments:
    """The one way a person's documents are made: statements (with the profile's questions),
    case, packet, brief and letters, their Word comments and the build record. `run`, `explain`,
    `diff`, the flows and the benchmarks all call this."""
    rules = rules or cached_rules(settings.rules_dir, settings.user_rules_dir)
    today = today or dt.date.today()
    with timing.stage("rewrite"):
        statements = rewrite_all(bundle.achievements, profile_rules(rules, bundle, settings))
    with timing.stage("assemble"):
        case = build_case(
            bundle,
            statements,
            settings.rules_dir,
            settings.profiles_dir,
            all_meetings=settings.packet_all_meetings,
        )
        packet = assemble_packet(bundle, statements, today, settings.rules_dir, case=case)
        brief = assemble_brief(
            bundle,
            statements,
            today,
            settings.rules_dir,
            compensation=settings.compensation,
            case=case,
        )
        decision_letter = committee_documents(
            bundle, statements, case, packet, brief, settings.rules_dir
        )
        annotations = [Annotation(s.text, comment_for(s)) for s in statements if s.rewritten]
        record = person_record(bundle, statements, case, packet, brief)
        letters = []
        for meeting, name in zip(bundle.meetings, letter_names(bundle.meetings), strict=True):
            letter = assemble_letter(bundle, meeting, statements, settings.rules_dir, case)
            letters.append(LetterDocument(name, letter, letter_annotations(letter, meeting)))
    return PersonDocuments(
        statements, case, packet, brief, letters, annotations, record, decision_letter
    )


def build_person(
    bundle: PersonBundle,
    out_dir: Path,
    settings: Settings,
    rules: RuleSet | None = None,
    today: dt.date | None = None,
) -> PersonResult:
    """Write one person's packet, brief and letters (person_documents, rendered)."""
    docs = person_documents(bundle, settings, rules, today)
    person_dir = ensure_private_dir(inside(out_dir, safe_name(bundle.person.person_id, "person")))
    with timing.stage("render"):
        # The committee's copy carries Word comments only when a review asks for them.
        files = [
            render_docx(
                settings.templates_dir / "packet.docx",
                docs.packet,
                person_dir / "packet.docx",
                docs.annotations if settings.review else None,
            ),
            render_docx(
                settings.templates_dir / "brief.docx",
                docs.brief,
                person_dir / "brief.docx",
                docs.annotations,
            ),
        ]
        for letter in docs.letters:
            files.append(
                render_docx(
                    settings.templates_dir / "follow_up.docx",
                    letter.context,
                    person_dir / letter.name,
                    letter.annotations,
                )
            )
        if docs.decision_letter is not None:
            files.append(
                render_docx(
                    settings.templates_dir / "decision_letter.docx",
                    docs.decision_letter,
                    person_dir / DECISION_LETTER,
                )
            )
    if settings.pdf:  # beside each .docx, converted by LibreOffice in one call per person
        files.extend(convert_to_pdf(files))
    return person_result(bundle, docs, files)


def person_result(bundle: PersonBundle, docs: PersonDocuments, files: list[Path]) -> PersonResult:
    """What the summaries count of one person's build."""
    statements = docs.statements
    return PersonResult(
        person_id=bundle.person.person_id,
        workbook=bundle.workbook,
        files=[str(f) for f in files],
        statements=len(statements),
        rewritten=sum(s.rewritten for s in statements),
        strong_after=sum(s.score_after >= 70 for s in statements),
        needs_metric=sum(s.needs_metric for s in statements),
        mean_score_before=round(mean([s.score_before for s in statements]), 1) if statements else 0,
        mean_score_after=round(mean([s.score_after for s in statements]), 1) if statements else 0,
        problems=len(bundle.problems),
        record=docs.record,
        profile=bundle.profile.describe if bundle.profile else "",
    )
