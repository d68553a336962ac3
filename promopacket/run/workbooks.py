"""One workbook in a run: read and validated, its people grouped, and where its outputs go."""

from __future__ import annotations

from pathlib import Path

from promopacket.core.contract import READ_SUFFIXES, WORKBOOK_SUFFIXES, normalise_name
from promopacket.core.fsutil import inside, safe_name
from promopacket.core.models import PersonBundle, WorkbookData
from promopacket.read.workbook import read_workbook
from promopacket.settings import Settings
from promopacket.validate.records import validate_workbook


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
                feedback=[f for f in data.feedback if normalise_name(f.person_id) == key],
                problems=[
                    p for p in data.problems if p.sheet == "People" and p.row == person.source.row
                ],
                layout=data.layout,
                profile=data.profiles.get(person.person_id),
            )
        )
    return bundles


def workbook_output_dir(path: Path, settings: Settings) -> Path:
    """outputs/<workbook>/: the name without a suffix we read ('.xlsx', '.xlsm', in any case:
    'UPPER.XLSX' -> 'UPPER/'); other suffixes are kept. Two workbooks of a run that land on
    one folder ('q1.xlsx', 'q1.xlsm') clash with a located problem (cohort.plan_groups);
    names that had to be changed carry a hash (fsutil.safe_name)."""
    path = Path(path)
    text = path.stem if path.suffix.lower() in READ_SUFFIXES else path.name
    return inside(settings.outputs_dir, safe_name(text, "workbook"))


def listed(path: Path) -> bool:
    """A file a folder's run takes as a workbook: Excel lock files ('~$…') and hidden files
    are skipped."""
    return not path.name.startswith(("~$", ".")) and path.suffix.lower() in WORKBOOK_SUFFIXES


def folder_owner(path: Path, settings: Settings) -> Path | None:
    """The workbook beside this one that owns the output folder they share ('q1.xlsm' before
    'q1.xlsx': the first in the order a folder's run takes them), or None when this one owns
    it. Asked of the folder itself, not of one run's list: `watch` rebuilding only
    'q1.xlsx' must not write into q1/ (documents or Data Docs) either."""
    path = Path(path)
    mine = workbook_output_dir(path, settings).name.casefold()
    try:
        siblings = sorted(p for p in path.parent.iterdir() if listed(p))
    except OSError:
        return None
    for sibling in siblings:
        if sibling.name == path.name:
            return None
        if workbook_output_dir(sibling, settings).name.casefold() == mine:
            return sibling
    return None
