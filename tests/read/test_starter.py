import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from promopacket.cli import app
from promopacket.cli import init as _init  # noqa: F401  (registers commands)
from promopacket.cli import validate as _validate  # noqa: F401
from promopacket.core.contract import CONTRACT, load_vocabularies
from promopacket.profiles import load_profiles
from promopacket.read.starter import write_starter
from promopacket.read.workbook import read_workbook
from promopacket.settings import Settings
from promopacket.validate.records import validate_workbook

PROFILES = load_profiles(Settings().rules_dir)


def _validations(ws):
    """column letter → the data validation covering its data rows."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for ref in str(dv.sqref).split():
            found[ref.split(":")[0].rstrip("0123456789")] = dv
    return found


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_starter_has_every_sheet_header_dropdown_and_check(tmp_path, settings, profile):
    path = write_starter(tmp_path / "starter.xlsx", settings, profile)
    book = load_workbook(path)
    assert book.sheetnames[0] == "Instructions"
    assert book["Lists"].sheet_state == "hidden"
    vocab = load_vocabularies(settings.rules_dir)
    instructions = [
        row for row in book["Instructions"].iter_rows(values_only=True) if row[1] is not None
    ]
    for spec in CONTRACT:
        ws = book[spec.name]
        assert [c.value for c in ws[1]] == [c.name for c in spec.columns]
        assert ws.max_row == (2 if spec.name == "Settings" else 3)  # header + example rows
        checks = _validations(ws)
        for index, col in enumerate(spec.columns):
            letter = ws.cell(row=1, column=index + 1).column_letter
            assert any(row[1] == col.name and row[0].startswith(spec.name) for row in instructions)
            dv = checks.get(letter)
            if col.references_people:  # Achievements / Meetings person_id: People's ids
                assert (dv.type, dv.formula1) == ("list", "'People'!$A$2:$A$1000")
                people_ids = [r[0] for r in book["People"].iter_rows(min_row=2, values_only=True)]
                assert ws[f"{letter}2"].value in people_ids
            elif col.kind in ("vocab", "ladder"):
                cells = book["Lists"][dv.formula1.split("!")[1].replace("$", "")]
                if col.kind == "vocab":
                    expected = vocab.values[col.vocab]
                elif col.vocab == "profile":
                    expected = list(PROFILES)
                else:  # the chosen profile's own competencies, levers, archetypes
                    expected = PROFILES[profile].vocabulary(col.vocab)
                assert [c.value for (c,) in cells] == expected
            elif col.kind in ("number", "int", "date"):
                assert dv.type == {"number": "decimal", "int": "whole", "date": "date"}[col.kind]
            else:
                assert dv is None, col.name


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_fresh_starter_validates_clean_for_every_profile(tmp_path, settings, profile):
    path = write_starter(tmp_path / "starter.xlsx", settings, profile)
    data = validate_workbook(read_workbook(path, settings), settings)
    assert not data.failed
    # Clean: nothing blocking, and no advice but the one row left without a metric on purpose.
    assert [p.code for p in data.problems] == ["needs_metric"]
    assert {name: c.used for name, c in data.counts.items()} == {
        "People": 2,
        "Achievements": 2,
        "Team": 2,
        "Meetings": 2,
        "Feedback": 2,
        "Settings": 1,
    }
    assert {c.name for c in data.profiles.values()} == {profile}
    assert all(a.competency and a.lever for a in data.achievements)  # tagged from its ladder
    # One quote per example person, about one of this ladder's own expectations.
    ids = {e.id for e in PROFILES[profile].expectations}
    assert sorted(f.person_id for f in data.feedback) == sorted(p.person_id for p in data.people)
    assert all(f.expectation in ids for f in data.feedback)


def test_init_command_writes_then_refuses_to_overwrite(tmp_path):
    runner = CliRunner()
    target = tmp_path / "mine.xlsx"
    first = runner.invoke(app, ["init", str(target)])
    assert first.exit_code == 0 and target.exists()
    again = runner.invoke(app, ["init", str(target)])
    assert again.exit_code == 1 and "already" in again.output and "--force" in again.output
    checked = runner.invoke(app, ["validate", str(target)])
    assert checked.exit_code == 0, checked.output
    assert "0 blocking problems" in checked.output


def test_init_profile_option_and_unknown_name(tmp_path):
    runner = CliRunner()
    target = tmp_path / "sre.xlsx"
    made = runner.invoke(app, ["init", "--profile", "sre", str(target)])
    assert made.exit_code == 0, made.output
    lists = load_workbook(target)["Lists"]
    columns = {col[0]: [v for v in col[1:] if v] for col in lists.iter_cols(values_only=True)}
    competencies = columns["competency"]
    assert "SLOs & error budgets" in competencies and "MLOps" not in competencies
    wrong = runner.invoke(app, ["init", "--profile", "backend", str(tmp_path / "x.xlsx")])
    assert wrong.exit_code == 1
    assert "There is no profile 'backend'" in wrong.output and "software-engineering" in (
        wrong.output
    )


def test_the_example_workbook_is_the_example_team():
    """inputs/example.xlsx holds exactly the rows of templates/example_team.yaml (the one source
    of the example people, which the starter copies too): rerun scripts/make_example.py."""
    from openpyxl import load_workbook

    from promopacket.read.starter import example_team, starter_examples
    from tests.conftest import EXAMPLE

    book = load_workbook(EXAMPLE)
    for sheet, rows in example_team().items():
        found = list(book[sheet].iter_rows(values_only=True))
        header = found[0]
        read = [
            {h: v for h, v in zip(header, row, strict=False) if v is not None} for row in found[1:]
        ]
        wanted = [
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
            for row in rows
        ]
        read = [
            {k: (v.date().isoformat() if hasattr(v, "date") else v) for k, v in row.items()}
            for row in read
        ]
        assert read == wanted, sheet
    starter = starter_examples()
    assert [p["person_id"] for p in starter["People"]] == ["ana.ruiz", "chen.li"]
    assert len(starter["Team"]) == len(starter["People"])
