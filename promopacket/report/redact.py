"""`run --redact`: summaries (summary.xlsx, problems.xlsx, --json) without names or emails.

Every name and email read from the workbooks is replaced by an id: a person's own by their
person_id, a manager's, meeting contact's or feedback author's by `manager-N` / `contact-N` /
`feedback-N` (numbered in order of appearance, so the same person gets the same id throughout a
summary). A problem in a personal
column (a bad email, an empty name) keeps its cell but not its value, and any email-shaped text
left over is masked. Everything a summary's package holds passes through here, links to the
source workbooks included (a link whose path names someone is dropped). Documents, and the
Data Docs under validation/ (a record of the cells as read), are not redacted: they are the
packets themselves.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from promopacket.core.models import Problem, WorkbookData
from promopacket.run.cohort import GroupResult

PERSONAL_COLUMNS = frozenset(
    {"name", "email", "manager_name", "manager_email", "with_name", "greeting", "from_name"}
)
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)*")
EMAIL_MASK = "[email]"


class Redactor:
    """Replace known names and emails (longest first, ignoring case) by their ids."""

    def __init__(self, replacements: dict[str, str]):
        self.replacements = {k.casefold(): v for k, v in replacements.items() if k.strip()}
        # A name also appears in file and folder names, made file-name-safe ("Ana García.xlsx"
        # → folder "Ana-Garcia-1a2b3c4d"): those forms are replaced too.
        for key, value in list(self.replacements.items()):
            for form in _file_name_forms(key):
                self.replacements.setdefault(form, value)
        keys = sorted(self.replacements, key=len, reverse=True)
        self._pattern = (
            re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(k) for k in keys)})(?!\w)", re.IGNORECASE)
            if keys
            else None
        )

    def text(self, value: str | None) -> str | None:
        if not value:
            return value
        if self._pattern is not None:
            value = self._pattern.sub(lambda m: self.replacements[m.group(0).casefold()], value)
        return EMAIL.sub(EMAIL_MASK, value)


def _file_name_forms(text: str) -> set[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    forms = {re.sub(r"[^A-Za-z0-9._-]+", sep, ascii_text).strip(".-_") for sep in "-_"}
    return {f.casefold() for f in forms if len(f) > 2 and f.casefold() != text}


def redactor_for(workbooks: Iterable[WorkbookData]) -> Redactor:
    """The names and emails of every person, manager, meeting contact and feedback author,
    mapped to ids."""
    own: dict[str, str] = {}
    others: dict[str, str] = {}
    counters = {"manager": 0, "contact": 0, "feedback": 0}

    def other(text: str | None, role: str) -> None:
        key = (text or "").strip().casefold()
        if key and key not in others:
            counters[role] += 1
            others[key] = f"{role}-{counters[role]}"

    workbooks = list(workbooks)
    for data in workbooks:
        for person in data.people:
            for text in (person.name, person.email):
                if text and text.strip():
                    own.setdefault(text.strip().casefold(), person.person_id)
    for data in workbooks:
        for person in data.people:
            other(person.manager_name, "manager")
            other(person.manager_email, "manager")
        for meeting in data.meetings:
            other(meeting.with_name, "contact")
    for data in workbooks:  # after every meeting: a contact who also gave feedback stays one id
        for item in data.feedback:
            other(item.from_name, "feedback")
    return Redactor({**others, **own})  # a manager who is also a candidate gets their own id


def redact_problem(problem: Problem, redactor: Redactor) -> Problem:
    value = problem.value
    message, fix = problem.message, problem.fix
    if problem.column in PERSONAL_COLUMNS and value:
        hidden = f"[{problem.column}]"
        message, fix = message.replace(value, hidden), fix.replace(value, hidden)
        value = hidden
    return problem.model_copy(
        update={
            "file": redactor.text(problem.file),
            "value": redactor.text(value),
            "message": redactor.text(message),
            "fix": redactor.text(fix),
        }
    )


def redact_group(group: GroupResult, workbooks: Iterable[WorkbookData]) -> GroupResult:
    """A copy of a group's result whose problems and notes hold ids instead of names/emails."""
    redactor = redactor_for(workbooks)
    redacted = group.model_copy(deep=True)
    redacted.redactions = dict(redactor.replacements)  # statements in the review quote names
    # File names are user text too: a workbook may be named after its person. (Paths on disk,
    # output_dir and files, stay as they are: the reports are written there.)
    redacted.name = redactor.text(redacted.name)
    for workbook in redacted.workbooks:
        workbook.file = redactor.text(workbook.file)
        # problems.xlsx links each cell to the source workbook by its path, which lands in a
        # hyperlink relationship of the package: a path naming someone (a file or a folder
        # 'Ana García/') cannot be linked without naming them, so that link is left out.
        if workbook.path and redactor.text(workbook.path) != workbook.path:
            workbook.path = None
        workbook.problems = [redact_problem(p, redactor) for p in workbook.problems]
        for person in workbook.people:
            person.error = redactor.text(person.error)
            person.workbook = redactor.text(person.workbook)
    if redacted.committee is not None:  # what the committee typed may name people too
        redacted.committee.problems = [
            redact_problem(p, redactor) for p in redacted.committee.problems
        ]
    return redacted
