from promopacket.read.workbook import read_workbook
from promopacket.validate.records import validate_workbook
from tests.conftest import achievement, meeting, person, team


def _validate(path, settings):
    return validate_workbook(read_workbook(path, settings), settings)


def test_clean_workbook_uses_every_row(make_workbook, settings):
    data = _validate(make_workbook(), settings)
    assert not [p for p in data.problems if p.blocking]
    assert data.counts["Achievements"].used == 1
    assert data.achievements[0].baseline == 50


def test_bad_rows_are_located_and_accounted_for(make_workbook, settings):
    path = make_workbook(
        {
            "People": [person(), person(person_id="p1", name="Dup")],
            "Achievements": [
                achievement(person_id="ghost"),
                achievement(baseline="lots"),
                achievement(better="sideways"),
            ],
            "Team": [team()],
            "Meetings": [meeting(outcome="maybe")],
        }
    )
    data = _validate(path, settings)
    located = {(p.sheet, p.row, p.column, p.code) for p in data.problems if p.blocking}
    assert ("People", 2, "person_id", "duplicate") in located
    assert ("People", 3, "person_id", "duplicate") in located
    assert ("Achievements", 2, "person_id", "unknown_person") in located
    assert ("Achievements", 3, "baseline", "not_number") in located
    assert ("Achievements", 4, "better", "not_in_vocab") in located
    assert ("Meetings", 2, "outcome", "not_in_vocab") in located
    for name, count in data.counts.items():
        assert count.read == count.used + count.rejected, name
    bad = next(p for p in data.problems if p.code == "not_number")
    assert bad.cell == "Achievements!H3" and bad.value == "lots"


def test_vocabulary_matches_ignoring_case_and_spacing(make_workbook, settings):
    path = make_workbook({"People": [person()], "Achievements": [achievement(better="  LOWER ")]})
    data = _validate(path, settings)
    assert data.achievements[0].better == "lower"


def test_no_metric_row_is_used_with_advice(make_workbook, settings):
    path = make_workbook(
        {
            "People": [person()],
            "Achievements": [achievement(metric=None, baseline=None, result=None)],
        }
    )
    data = _validate(path, settings)
    assert data.counts["Achievements"].used == 1
    assert [p.code for p in data.problems] == ["needs_metric"]


def test_data_docs_are_built_from_a_file_context_inside_outputs(make_workbook, settings):
    path = make_workbook(
        {"People": [person()], "Achievements": [achievement(), achievement(baseline="lots")]}
    )
    docs = settings.outputs_dir / "book" / "validation"
    raw = read_workbook(path, settings)
    with_docs = validate_workbook(raw, settings, docs_dir=docs)
    without = validate_workbook(raw, settings)
    assert [p.model_dump() for p in with_docs.problems] == [
        p.model_dump() for p in without.problems
    ]
    index = (docs / "index.html").read_text(encoding="utf-8")
    assert "Achievements-contract" in index and "People-contract" in index
    pages = list((docs / "validations").rglob("*.html"))
    assert len(pages) == 2  # one validation result page per sheet
    failed_page = next(p for p in pages if "Achievements" in str(p)).read_text(encoding="utf-8")
    assert "lots" in failed_page  # the failing value is shown in the report
    # only the site is left behind: the scratch GX project is removed
    assert sorted(p.name for p in docs.parent.iterdir()) == ["validation"]
    validate_workbook(raw, settings, docs_dir=docs)  # a second run replaces the site
    assert len(list((docs / "validations").rglob("*.html"))) == 2
