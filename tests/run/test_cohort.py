"""Core cohort helpers: reading a workbook writes its Data Docs once per content."""

from promopacket.run.cohort import (
    DOCS_STAMP,
    cached_intake,
    intake_is_cached,
    read_intake,
    read_intakes_ahead,
    without_data_docs,
    write_data_docs,
)
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


def test_data_docs_can_follow_the_build_and_the_intake_is_kept(make_workbook, settings):
    """`watch` builds first and writes the Data Docs after: the intake read without them is
    the one reused once they are written (one read for the build, one for the docs)."""
    path = make_workbook(name="later.xlsx")
    docs = settings.outputs_dir / "later" / "validation"
    first = read_intake(path, without_data_docs(settings))
    assert not docs.exists()
    assert intake_is_cached(path, without_data_docs(settings))
    assert not intake_is_cached(path, settings)  # its Data Docs are still to be written
    write_data_docs([path], settings)
    assert (docs / "index.html").is_file() and (docs / DOCS_STAMP).is_file()
    assert intake_is_cached(path, settings)
    built = (docs / "index.html").stat().st_mtime_ns
    write_data_docs([path], settings)  # current: not written again
    assert (docs / "index.html").stat().st_mtime_ns == built
    assert read_intake(path, settings) == first


def test_an_unchanged_workbook_is_loaded_ahead_for_the_flow_once(make_workbook, settings):
    """read_intakes_ahead (while the server boots) loads an unchanged workbook's intake; the
    flow's cached_intake takes it once; a workbook saved in between is read again instead."""
    path = make_workbook(name="ahead.xlsx")
    first = read_intake(path, settings)
    read_intakes_ahead([path], settings)
    taken = cached_intake(path, settings)
    assert taken == first
    assert cached_intake(path, settings) == first  # from the cache file: the same intake
    read_intakes_ahead([path], settings)
    make_workbook(
        {"People": [person()], "Achievements": [achievement(result=25)]}, name="ahead.xlsx"
    )
    assert cached_intake(path, settings) is None  # saved since: to be read, not the old one


def test_a_workbook_read_ahead_is_still_read_by_the_flow(make_workbook, settings):
    """A new workbook read ahead (while the server boots) is not taken for an unchanged one:
    the flow's first cached_intake says None, so it reads it in a task run of its own (the
    run's log and the UI show it read in this run), and that read finds it in the cache."""
    path = make_workbook(name="fresh.xlsx")
    read_intakes_ahead([path], settings)
    assert intake_is_cached(path, settings)  # the work is done ahead
    assert cached_intake(path, settings) is None  # … but the flow still reads it, once
    assert cached_intake(path, settings) == read_intake(path, settings)
