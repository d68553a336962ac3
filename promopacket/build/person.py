"""The stages wired as plain functions: what a flow orchestrates, and what a benchmark times."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from statistics import mean

from pydantic import BaseModel, Field

from promopacket.core import timing
from promopacket.assemble import assemble_brief, assemble_letter, assemble_packet, build_case
from promopacket.core.contract import normalise_name
from promopacket.core.fsutil import ensure_private_dir, inside, safe_name
from promopacket.read.workbook import read_workbook
from promopacket.core.models import PersonBundle, Problem, SheetCount, WorkbookData
from promopacket.render.pdf import convert_to_pdf
from promopacket.render.docx import Annotation, render_docx
from promopacket.build.record import PersonRecord, person_record
from promopacket.rewrite import RuleSet, rewrite_all
from promopacket.rewrite.loading import cached_rules
from promopacket.settings import Settings
from promopacket.validate.records import validate_workbook


class PersonResult(BaseModel):
    person_id: str
    workbook: str
    status: str = "ok"  # ok (written) | unchanged (skipped by the manifest) | failed
    error: str | None = None
    files: list[str] = Field(default_factory=list)
    # Files a reviewer edited since they were written: kept, the new version written beside.
    kept_edits: list[str] = Field(default_factory=list)
    built_at: str | None = None  # when these documents were last written (ISO, UTC)
    # The role profile used and how it was chosen, e.g. "sre (matched from the target title),
    # level Staff".
    profile: str = ""
    # The person's own input rows (People, Achievements, Meetings), as the cohort summary counts.
    rows_read: int = 0
    rows_used: int = 0
    rows_rejected: int = 0
    statements: int = 0
    rewritten: int = 0
    strong_after: int = 0
    needs_metric: int = 0
    mean_score_before: float = 0.0
    mean_score_after: float = 0.0
    problems: int = 0
    problem_cells: list[str] = Field(default_factory=list)  # where those problems are
    # This build's statements and sections as text (review.record), kept beside the manifest
    # by the incremental build; never part of the manifest or the summaries itself.
    record: PersonRecord | None = Field(default=None, exclude=True)


class WorkbookResult(BaseModel):
    file: str
    output_dir: str
    path: str | None = None  # where the workbook was read from (problems.xlsx links its cells)
    failed: bool = False
    counts: dict[str, SheetCount] = Field(default_factory=dict)
    problems: list[Problem] = Field(default_factory=list)
    people: list[PersonResult] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list)

    @property
    def blocking(self) -> int:
        return sum(1 for p in self.problems if p.blocking)


def load_and_validate(path: Path, settings: Settings, docs_dir: Path | None = None) -> WorkbookData:
    """Read and validate one workbook; with docs_dir, also write GX Data Docs HTML there."""
    return validate_workbook(read_workbook(path, settings), settings, docs_dir=docs_dir)


def person_bundles(data: WorkbookData) -> list[PersonBundle]:
    """Group clean records by person."""
    teams = {normalise_name(t.team): t for t in data.teams}
    bundles = []
    for person in data.people:
        key = normalise_name(person.person_id)
        bundles.append(
            PersonBundle(
                workbook=data.file,
                person=person,
                team=teams.get(normalise_name(person.team)),
                achievements=[a for a in data.achievements if normalise_name(a.person_id) == key],
                meetings=[m for m in data.meetings if normalise_name(m.person_id) == key],
                problems=[
                    p for p in data.problems if p.sheet == "People" and p.row == person.source.row
                ],
                layout=data.layout,
                profile=data.profiles.get(person.person_id),
            )
        )
    return bundles


def workbook_output_dir(path: Path, settings: Settings) -> Path:
    """outputs/<workbook>/: the name without '.xlsx' (any other suffix is kept, so 'q1.xlsm'
    and 'q1.xlsx' differ); names that had to be changed carry a hash (fsutil.safe_name)."""
    path = Path(path)
    text = path.stem if path.suffix == ".xlsx" else path.name
    return inside(settings.outputs_dir, safe_name(text, "workbook"))


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
    """The Word comment on a rewritten statement: original, rule, arithmetic, score change."""
    from promopacket.rewrite.score import band

    rule = statement.rule_id
    if getattr(statement, "upgrade_id", None):
        rule += f" (verb: {statement.upgrade_id})"
    if getattr(statement, "ownership_id", None):
        rule += f" (ownership verb from the lever: {statement.ownership_id})"
    before, after = statement.score_before, statement.score_after
    lines = [
        f"Original: {statement.original}",
        f"Rule: {rule}",
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
    evidence = getattr(statement, "facts", {}).get("evidence")
    if evidence:
        lines.append(f"Evidence: {evidence}")
    return "\n".join(lines)


def profile_rules(rules: RuleSet, bundle: PersonBundle, settings: Settings) -> RuleSet:
    """The rewrite rules with the questions of the person's profile (by competency and lever)
    over the shipped ones: a data engineer's "Data modelling" entry gets a data question."""
    if bundle.profile is None:
        return rules
    from promopacket.profiles import cached_profiles

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
    """Key points no rule restated: one Word comment for the sender, on the sentence saying so."""
    if not letter.not_restated:
        return []
    cell = f"Meetings row {meeting.source.row}, key_points"
    listed = "\n".join(f"- {clause}" for clause in letter.not_restated)
    comment = (
        f"Not restated from {cell}:\n{listed}\n"
        "Say these in your own words here before sending (or add a rule to "
        "templates/rules/letters.yaml), then delete this comment."
    )
    anchor = letter.discussed.rsplit(". ", 1)[-1].rstrip(".")
    return [Annotation(anchor, comment)]


def build_person(
    bundle: PersonBundle,
    out_dir: Path,
    settings: Settings,
    rules: RuleSet | None = None,
    today: dt.date | None = None,
) -> PersonResult:
    """Rewrite, assemble and render one person's packet, brief and letters."""
    rules = rules or cached_rules(settings.rules_dir, settings.user_rules_dir)
    today = today or dt.date.today()
    person_dir = ensure_private_dir(inside(out_dir, safe_name(bundle.person.person_id, "person")))
    with timing.stage("rewrite"):
        statements = rewrite_all(bundle.achievements, profile_rules(rules, bundle, settings))
    with timing.stage("assemble"):
        case = build_case(bundle, statements, settings.rules_dir, settings.profiles_dir)
        packet = assemble_packet(bundle, statements, today, settings.rules_dir, case=case)
        brief = assemble_brief(
            bundle,
            statements,
            today,
            settings.rules_dir,
            compensation=settings.compensation,
            case=case,
        )
        annotations = [Annotation(s.text, comment_for(s)) for s in statements if s.rewritten]
        record = person_record(bundle, statements, case, packet, brief)
    with timing.stage("render"):
        # The committee's copy carries Word comments only when a review asks for them.
        files = [
            render_docx(
                settings.templates_dir / "packet.docx",
                packet,
                person_dir / "packet.docx",
                annotations if settings.review else None,
            ),
            render_docx(
                settings.templates_dir / "brief.docx",
                brief,
                person_dir / "brief.docx",
                annotations,
            ),
        ]
    for meeting, name in zip(bundle.meetings, letter_names(bundle.meetings), strict=True):
        with timing.stage("assemble"):
            letter = assemble_letter(bundle, meeting, statements, settings.rules_dir)
        with timing.stage("render"):
            files.append(
                render_docx(
                    settings.templates_dir / "follow_up.docx",
                    letter,
                    person_dir / name,
                    letter_annotations(letter, meeting),
                )
            )
    if settings.pdf:  # beside each .docx, converted by LibreOffice in one call per person
        files.extend(convert_to_pdf(files))
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
        record=record,
        profile=bundle.profile.describe if bundle.profile else "",
    )
