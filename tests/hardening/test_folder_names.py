"""Round three, names: a workbook's output folder is its name without the suffix we read,
whatever the suffix's case ('macro.xlsm' -> 'macro/', 'UPPER.XLSX' -> 'UPPER/')."""

from __future__ import annotations

from pathlib import Path

from promopacket.build.manifest import build_person_incremental, environment_hash
from promopacket.read.writer import write_input_workbook
from promopacket.run.cohort import list_workbooks, plan_groups, read_intake
from promopacket.run.workbooks import workbook_output_dir
from tests.conftest import achievement, meeting, person, team


def _book(path: Path, **people) -> Path:
    sheets = {
        "People": [person(**people)],
        "Achievements": [achievement()],
        "Team": [team()],
        "Meetings": [meeting()],
    }
    return write_input_workbook(path, sheets)


def test_every_accepted_suffix_in_any_case_is_stripped(tmp_path, settings):
    names = ["plain.xlsx", "macro.xlsm", "UPPER.XLSX", "Mixed.XlSm", "dots.v2.xlsx"]
    inputs = tmp_path / "in"
    for name in names:
        _book(inputs / name)
    found = list_workbooks([inputs])
    assert sorted(p.name for p in found) == sorted(names)
    groups = plan_groups([read_intake(p, settings) for p in found], settings)
    env = environment_hash(settings)
    for group in groups:
        assert not group.intakes[0].data.failed, group.intakes[0].data.problems
        (bundle,) = group.bundles
        build_person_incremental(bundle, Path(group.output_dir), settings, env)
    made = sorted(p.name for p in settings.outputs_dir.iterdir() if not p.name.startswith("."))
    assert made == sorted(["plain", "macro", "UPPER", "Mixed", "dots.v2"]), made
    # Suffixes we do not read are kept: 'x.csv' is reported, never shares 'x/'.
    assert workbook_output_dir(Path("x.csv"), settings).name == "x.csv"


def test_one_stem_with_two_suffixes_clashes_with_a_located_problem(tmp_path, settings):
    paths = [_book(tmp_path / "q1.xlsx"), _book(tmp_path / "q1.XLSM")]
    groups = plan_groups([read_intake(p, settings) for p in paths], settings)
    assert {Path(g.output_dir).name for g in groups} == {"q1"}
    clashes = [g for g in groups if g.intakes[0].data.failed]
    (clash,) = clashes
    (problem,) = clash.intakes[0].data.problems
    assert problem.code == "duplicate_output"
    assert not clash.bundles


def test_the_folder_owner_alone_writes_documents_and_data_docs(tmp_path, settings):
    """'q1.xlsm' sorts first and owns q1/; 'q1.xlsx' beside it, even read alone (as `watch`
    rebuilds one saved file), clashes and writes nothing there, Data Docs included."""
    inputs = tmp_path / "in"
    owner = _book(inputs / "q1.xlsm")
    other = _book(inputs / "q1.xlsx", name="Other Person")  # other cells: other Data Docs
    docs = settings.outputs_dir / "q1" / "validation"
    read_intake(owner, settings)
    assert docs.is_dir()
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    (group,) = plan_groups([read_intake(other, settings)], settings)
    assert group.intakes[0].data.failed and not group.bundles
    (problem,) = group.intakes[0].data.problems
    assert problem.code == "duplicate_output" and "q1.xlsm" in problem.fix + problem.message
    after = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    assert after == before  # the owner's record, untouched
    # The owner, read alone too, is not a clash.
    (group,) = plan_groups([read_intake(owner, settings)], settings)
    assert not group.intakes[0].data.failed and group.bundles
