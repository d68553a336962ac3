"""A meeting → the follow-up letter's context, with the next step its outcome calls for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..models import Meeting, Person
from . import rules as rule_files
from .contexts import LetterContext, MeetingCtx, PersonCtx


def person_ctx(person: Person) -> PersonCtx:
    return PersonCtx(**person.model_dump(include=set(PersonCtx.model_fields)))


def long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def follow_up_date(meeting: Meeting, rules_dir: Path) -> dt.date:
    """The row's follow-up date, else the meeting date plus follow_up_days (letters.yaml)."""
    days = rule_files.letters(rules_dir).follow_up_days
    return meeting.follow_up_date or meeting.date + dt.timedelta(days=days)


def assemble_letter(person: Person, meeting: Meeting, rules_dir: Path) -> LetterContext:
    rules = rule_files.letters(rules_dir)
    return LetterContext(
        person=person_ctx(person),
        meeting=MeetingCtx(**meeting.model_dump(include=set(MeetingCtx.model_fields))),
        meeting_date=long_date(meeting.date),
        letter_date=long_date(meeting.date + dt.timedelta(days=1)),
        follow_up_date=long_date(follow_up_date(meeting, rules_dir)),
        next_step=rules.next_steps[meeting.outcome],
    )
