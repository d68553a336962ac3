"""Core cohort helpers: reading a workbook writes its Data Docs once per content."""

from promopacket.run.cohort import DOCS_STAMP, read_intake
from tests.conftest import achievement, person


def test_data_docs_written_once_per_workbook_content(make_workbook, settings):
    path = make_workbook(name="team.xlsx")
    read_intake(path, settings)
    docs = settings.outputs_dir / "team" / "validation"
    index = docs / "index.html"
    assert index.is_file() and "People-contract" in "".join(
        p.read_text(errors="ignore") for p in docs.rglob("*.html")
    )
    built = index.stat().st_mtime_ns
    read_intake(path, settings)  # unchanged workbook: the site is current, not rebuilt
    assert index.stat().st_mtime_ns == built
    make_workbook(
        {"People": [person()], "Achievements": [achievement(result=25)]}, name="team.xlsx"
    )
    read_intake(path, settings)
    assert (docs / DOCS_STAMP).is_file() and index.stat().st_mtime_ns != built


def test_data_docs_can_be_turned_off(make_workbook, settings):
    settings.data_docs = False
    read_intake(make_workbook(name="quiet.xlsx"), settings)
    assert not (settings.outputs_dir / "quiet" / "validation").exists()
