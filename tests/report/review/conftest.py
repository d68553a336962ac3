"""A small cohort built with the real stages (no Prefect): two people, one edited between builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from promopacket.build.manifest import (
    build_person_incremental,
    environment_hash,
    load_manifest,
    save_manifest,
)
from promopacket.build.results import WorkbookResult
from promopacket.core.fsutil import ensure_private_dir
from promopacket.read.writer import write_input_workbook
from promopacket.report.redact import redact_group
from promopacket.report.summary import write_reports
from promopacket.run.cohort import GroupResult, plan_groups, read_intake, with_row_counts
from tests.conftest import achievement, meeting, person, team


def cohort_sheets():
    mentoring = achievement(
        project="Mentoring",
        statement="Helped new joiners get up to speed",
        lever="Develop people",
        metric=None,
        baseline=None,
        result=None,
        unit=None,
        better=None,
        outcome=None,
    )
    return {
        "People": [
            person(email="pat@corp.example"),
            person(person_id="p2", name="Bo Stone", manager_name="Sam Lee"),
        ],
        "Achievements": [
            achievement(),
            mentoring,
            achievement(person_id="p2", project="Search", statement="<b>Worked</b> on {{ 7*7 }}"),
            achievement(person_id="p2", baseline="lots"),  # rejected: a located problem
        ],
        "Team": [team()],
        "Meetings": [meeting()],
    }


def build_group(path: Path, settings, redact: bool = False) -> GroupResult:
    """Read, build everyone incrementally and write the reports, as the cohort flow does."""
    intake = read_intake(path, settings)
    (group,) = plan_groups([intake], settings)
    out = ensure_private_dir(Path(group.output_dir))
    manifest = load_manifest(out)
    env = environment_hash(settings)
    people = []
    for bundle in group.bundles:
        made = build_person_incremental(
            bundle, out, settings, env, manifest.people.get(bundle.person.person_id)
        )
        manifest.people[bundle.person.person_id] = made.entry
        people.append(with_row_counts(made.result, group.intakes))
    result = GroupResult(
        name=group.name,
        output_dir=group.output_dir,
        workbooks=[
            WorkbookResult(
                file=intake.data.file,
                output_dir=group.output_dir,
                counts=intake.data.counts,
                problems=intake.data.problems,
                people=people,
            )
        ],
    )
    if redact:
        result = redact_group(result, [intake.data])
    result.reports = write_reports(result, manifest)
    save_manifest(manifest, out)
    return result


def edit_cell(path: Path, sheet: str, column: str, row: int, value) -> str:
    """Change one cell as a person would in Excel; returns its address."""
    book = load_workbook(path)
    ws = book[sheet]
    headers = [c.value for c in ws[1]]
    cell = ws.cell(row=row, column=headers.index(column) + 1)
    cell.value = value
    book.save(path)
    return f"{sheet}!{cell.coordinate}"


@pytest.fixture
def cohort(settings, tmp_path):
    """(workbook path, first GroupResult, second GroupResult after p1's result cell changed)."""
    settings.inputs_dir.mkdir(parents=True, exist_ok=True)
    path = write_input_workbook(settings.inputs_dir / "team.xlsx", cohort_sheets())
    first = build_group(path, settings)
    cell = edit_cell(path, "Achievements", "result", 2, 25)
    second = build_group(path, settings)
    return path, first, second, cell
