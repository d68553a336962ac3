"""Records → document contexts (plain, typed data a template can use)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from .models import Meeting, Person, PersonBundle, Statement


class Ctx(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonCtx(Ctx):
    person_id: str
    name: str
    current_title: str
    target_title: str
    team: str
    manager_name: str
    cohort: str | None = None


class StatementCtx(Ctx):
    period: str
    project: str
    text: str
    original: str
    rewritten: bool
    rule_id: str
    score_before: int
    score_after: int
    needs_metric: bool
    question: str | None = None
    source: str


class PacketContext(Ctx):
    person: PersonCtx
    workbook: str
    generated_on: str
    statements: list[StatementCtx]
    needs_metric: list[StatementCtx]


class MeetingCtx(Ctx):
    with_name: str
    with_role: str | None = None
    outcome: str
    key_points: str
    commitments: str | None = None


class LetterContext(Ctx):
    person: PersonCtx
    meeting: MeetingCtx
    meeting_date: str
    letter_date: str
    follow_up_date: str
    next_step: str


@lru_cache(maxsize=4)
def _letter_rules(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _person_ctx(person: Person) -> PersonCtx:
    return PersonCtx(**person.model_dump(include=set(PersonCtx.model_fields)))


def _date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def assemble_packet(
    bundle: PersonBundle, statements: list[Statement], today: dt.date
) -> PacketContext:
    periods = {a.source.row: a for a in bundle.achievements}
    rows = []
    for s in statements:
        item = periods[s.source.row]
        rows.append(
            StatementCtx(
                period=item.period,
                project=item.project,
                text=s.text,
                original=s.original,
                rewritten=s.rewritten,
                rule_id=s.rule_id,
                score_before=s.score_before,
                score_after=s.score_after,
                needs_metric=s.needs_metric,
                question=s.question,
                source=f"{s.source.sheet} row {s.source.row}",
            )
        )
    return PacketContext(
        person=_person_ctx(bundle.person),
        workbook=bundle.workbook,
        generated_on=_date(today),
        statements=rows,
        needs_metric=[r for r in rows if r.needs_metric],
    )


def follow_up_date(meeting: Meeting, rules_dir: Path) -> dt.date:
    days = int(_letter_rules(rules_dir / "letters.yaml").get("follow_up_days", 7))
    return meeting.follow_up_date or meeting.date + dt.timedelta(days=days)


def assemble_letter(person: Person, meeting: Meeting, rules_dir: Path) -> LetterContext:
    rules = _letter_rules(rules_dir / "letters.yaml")
    return LetterContext(
        person=_person_ctx(person),
        meeting=MeetingCtx(**meeting.model_dump(include=set(MeetingCtx.model_fields))),
        meeting_date=_date(meeting.date),
        letter_date=_date(meeting.date + dt.timedelta(days=1)),
        follow_up_date=_date(follow_up_date(meeting, rules_dir)),
        next_step=rules["next_steps"][meeting.outcome],
    )
