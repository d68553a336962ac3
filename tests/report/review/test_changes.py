"""Build records and what changed between two builds, with the input cells that caused it."""

import os
import stat

import pytest

from promopacket.build.manifest import build_person_incremental, environment_hash
from promopacket.build.record import read_record, record_path
from promopacket.report.review.changes import person_changes
from promopacket.run.workbooks import load_and_validate, person_bundles
from tests.conftest import achievement, meeting, person


@pytest.fixture
def build(make_workbook, settings, tmp_path):
    """build(achievements) → (PersonBuild, RecordFile) for one person, built incrementally."""
    out = tmp_path / "out"
    env = environment_hash(settings)
    state = {"entry": None}

    def _build(achievements, force=False, **person_overrides):
        path = make_workbook(
            {
                "People": [person(**person_overrides)],
                "Achievements": achievements,
                "Meetings": [meeting()],
            }
        )
        (bundle,) = person_bundles(load_and_validate(path, settings))
        made = build_person_incremental(bundle, out, settings, env, state["entry"], force)
        state["entry"] = made.entry
        return made, read_record(out, "p1")

    _build.out = out
    return _build


def test_first_build_keeps_an_owner_only_record_and_shows_no_change(build):
    made, stored = build([achievement()])
    assert made.result.record is None  # written beside the manifest, not carried in the result
    path = record_path(build.out, "p1")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    (statement,) = stored.current.statements
    assert "feature ingestion latency by 40% (50 min → 30 min)" in statement.text
    assert statement.cell == "Achievements!D2"
    assert statement.source.cells["baseline"].startswith("Achievements!")
    assert stored.previous is None
    changes = person_changes(stored)
    assert changes.first_build and changes.changes == []


def test_edited_cell_rewords_the_statement_and_names_the_cell(build):
    build(
        [
            achievement(),
            achievement(
                project="Search",
                statement="Did code reviews",
                metric=None,
                baseline=None,
                result=None,
                unit=None,
                better=None,
                outcome=None,
            ),
        ]
    )
    _, stored = build(
        [
            achievement(result=25),
            achievement(
                project="Search",
                statement="Did code reviews",
                metric=None,
                baseline=None,
                result=None,
                unit=None,
                better=None,
                outcome=None,
            ),
        ]
    )
    changes = person_changes(stored).changes
    reworded = [c for c in changes if c.kind == "statement reworded"]
    assert len(reworded) == 1
    (change,) = reworded
    assert "by 40%" in change.before and "by 50%" in change.after
    assert [(c.column, c.before, c.after) for c in change.causes] == [("result", "30", "25")]
    letter = stored.current.statements[0].source.cells["result"]
    assert change.causes[0].cell == letter and letter.endswith("2")
    # the unchanged second statement is not listed
    assert all(c.where != "Achievements!D3" for c in changes)


def test_added_and_removed_statements_and_a_moved_row_is_no_change(build):
    other = achievement(
        project="Search",
        statement="Built the ranking eval harness",
        baseline=None,
        result=4,
        metric="teams adopting it",
        unit=None,
        better=None,
        outcome=None,
    )
    build([achievement(), other])
    # a row inserted above moves the first one down: that is not a change of its statement
    added = achievement(
        project="Mentoring",
        statement="Mentored two new joiners",
        metric=None,
        baseline=None,
        result=None,
        unit=None,
        better=None,
        outcome=None,
        lever="Develop people",
    )
    _, stored = build([added, achievement()])
    kinds = sorted(
        (c.kind, c.where) for c in person_changes(stored).changes if c.kind.startswith("statement")
    )
    assert kinds == [
        ("statement added", "Achievements!D2"),
        ("statement removed", "Achievements!D3"),
    ]
    removed = next(c for c in person_changes(stored).changes if c.kind == "statement removed")
    assert removed.before.startswith("Built the ranking eval harness")


def test_readiness_change_is_listed_with_its_cells(build):
    build([achievement()])
    _, stored = build(
        [
            achievement(),
            achievement(
                project="Mentoring", lever="Develop people", statement="Mentored two new joiners"
            ),
        ]
    )
    sections = {c.where: c for c in person_changes(stored).changes if c.kind == "section changed"}
    assert sections, "a new Develop people row changes readiness or coverage"
    cells = {c.cell for change in sections.values() for c in change.causes}
    assert any(cell.endswith("3") for cell in cells)


def test_forced_rebuild_with_same_inputs_keeps_the_last_comparison(build):
    build([achievement()])
    build([achievement(result=25)])
    _, stored = build([achievement(result=25)], force=True)
    changes = person_changes(stored).changes
    assert any(c.kind == "statement reworded" for c in changes)


def test_diff_command_prints_the_change_and_its_cell(build, tmp_path):
    from typer.testing import CliRunner

    from promopacket.cli import app
    from promopacket.cli import diff as _diff  # noqa: F401  (registers the command)
    from promopacket.cli import explain as _explain  # noqa: F401  (typer: a group of commands)

    build([achievement()])
    runner = CliRunner()
    outputs = ["--outputs", str(tmp_path)]
    first = runner.invoke(app, ["diff", "p1", *outputs])
    assert first.exit_code == 0, first.output
    assert "First build" in first.output
    build([achievement(result=25)])
    done = runner.invoke(app, ["diff", "p1", *outputs])
    assert done.exit_code == 0, done.output
    text = " ".join(done.output.split())
    assert "statement reworded · Achievements!D2" in text
    assert "Achievements!I2 (result): 30 → 25" in text
    as_json = runner.invoke(app, ["diff", "p1", "--json", *outputs])
    assert '"kind": "statement reworded"' in as_json.output
    missing = runner.invoke(app, ["diff", "nobody", *outputs])
    assert missing.exit_code == 1
    assert "No build of 'nobody'" in missing.output and "Traceback" not in missing.output
