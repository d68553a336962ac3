"""Incremental builds: skip unchanged people, rebuild changed ones, never overwrite edits."""

import shutil

import pytest
from docx import Document

from promopacket.build.manifest import (
    Manifest,
    build_person_incremental,
    environment_hash,
    load_manifest,
    place,
    save_manifest,
)
from promopacket.core.fsutil import file_hash
from promopacket.run.workbooks import load_and_validate, person_bundles
from tests.conftest import achievement, meeting, person


@pytest.fixture
def bundle_for(make_workbook, settings):
    def _bundle(**achievement_overrides):
        path = make_workbook(
            {
                "People": [person()],
                "Achievements": [achievement(**achievement_overrides)],
                "Meetings": [meeting()],
            }
        )
        (bundle,) = person_bundles(load_and_validate(path, settings))
        return bundle

    return _bundle


def _snapshot(folder):
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, file_hash(p))
        for p in folder.rglob("*")
        if p.is_file()
    }


def _edit(path):
    doc = Document(str(path))
    doc.add_paragraph("Reviewer: strong case, add the Q3 numbers.")
    doc.save(str(path))
    return file_hash(path)


def test_unchanged_person_is_skipped_without_writing(bundle_for, settings, tmp_path):
    out = tmp_path / "out"
    env = environment_hash(settings)
    first = build_person_incremental(bundle_for(), out, settings, env)
    assert first.result.status == "ok"
    assert sorted(first.entry.files) == [
        "p1/brief.docx",
        "p1/follow-up-2026-10-06.docx",
        "p1/packet.docx",
    ]
    before = _snapshot(out)
    again = build_person_incremental(bundle_for(), out, settings, env, previous=first.entry)
    assert again.result.status == "unchanged"
    assert again.result.statements == first.result.statements == 1
    assert _snapshot(out) == before
    forced = build_person_incremental(bundle_for(), out, settings, env, first.entry, force=True)
    assert forced.result.status == "ok"
    assert _snapshot(out).keys() == before.keys()  # rewritten in place, nothing beside


def test_changed_row_rebuilds_and_a_missing_file_is_rebuilt(bundle_for, settings, tmp_path):
    out = tmp_path / "out"
    env = environment_hash(settings)
    first = build_person_incremental(bundle_for(), out, settings, env)
    changed = build_person_incremental(bundle_for(result=25), out, settings, env, first.entry)
    assert changed.result.status == "ok"
    assert changed.entry.input_hash != first.entry.input_hash
    (out / "p1" / "packet.docx").unlink()
    rebuilt = build_person_incremental(bundle_for(result=25), out, settings, env, changed.entry)
    assert rebuilt.result.status == "ok" and (out / "p1" / "packet.docx").exists()


def test_edited_packet_is_kept_and_the_new_version_goes_beside(bundle_for, settings, tmp_path):
    out = tmp_path / "out"
    env = environment_hash(settings)
    first = build_person_incremental(bundle_for(), out, settings, env)
    edited_hash = _edit(out / "p1" / "packet.docx")

    unchanged = build_person_incremental(bundle_for(), out, settings, env, first.entry)
    assert unchanged.result.status == "unchanged"
    assert unchanged.result.kept_edits == ["p1/packet.docx"]

    second = build_person_incremental(bundle_for(result=25), out, settings, env, first.entry)
    assert file_hash(out / "p1" / "packet.docx") == edited_hash
    assert second.entry.files["p1/packet.docx"].path == "p1/packet.new.docx"
    assert second.result.kept_edits == ["p1/packet.docx"]
    # the letter was not edited: it is replaced in place
    assert second.entry.files["p1/follow-up-2026-10-06.docx"].path == "p1/follow-up-2026-10-06.docx"

    # our own packet.new.docx may be replaced; once a reviewer edits it too, it is kept as well
    third = build_person_incremental(bundle_for(result=20), out, settings, env, second.entry)
    assert third.entry.files["p1/packet.docx"].path == "p1/packet.new.docx"
    new_hash = _edit(out / "p1" / "packet.new.docx")
    fourth = build_person_incremental(bundle_for(result=15), out, settings, env, third.entry)
    assert fourth.entry.files["p1/packet.docx"].path == "p1/packet.new-2.docx"
    assert file_hash(out / "p1" / "packet.docx") == edited_hash
    assert file_hash(out / "p1" / "packet.new.docx") == new_hash


def test_a_file_the_manifest_does_not_know_is_never_overwritten(tmp_path):
    (tmp_path / "p1").mkdir()
    (tmp_path / "p1" / "packet.docx").write_bytes(b"someone's document")
    assert place(tmp_path, "p1/packet.docx", None) == "p1/packet.new.docx"
    assert place(tmp_path, "p1/letter.docx", None) == "p1/letter.docx"


def test_environment_hash_follows_templates(settings, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(settings.templates_dir, templates)
    mine = settings.model_copy(update={"templates_dir": templates})
    before = environment_hash(mine)
    assert environment_hash(mine) == before
    with (templates / "rules" / "rewrite.yaml").open("a") as fh:
        fh.write("\n# a comment changes the rules file\n")
    assert environment_hash(mine) != before


def test_manifest_is_saved_only_when_it_changes(tmp_path):
    manifest = Manifest(reports={"summary.xlsx": "abc"})
    assert save_manifest(manifest, tmp_path) is not None
    assert save_manifest(manifest, tmp_path) is None
    assert load_manifest(tmp_path) == manifest
    (tmp_path / "manifest.json").write_text("{not json")
    assert load_manifest(tmp_path) == Manifest()


def test_a_task_that_runs_twice_knows_its_own_files(bundle_for, settings, tmp_path):
    """Dask may run a task again (a lost worker): the second run must not take the first
    run's files for a reviewer's edits, though the flow never saw the first result."""
    out = tmp_path / "out"
    env = environment_hash(settings)
    first = build_person_incremental(bundle_for(), out, settings, env, previous=None)
    assert first.result.status == "ok"
    before = _snapshot(out)
    twice = build_person_incremental(bundle_for(), out, settings, env, previous=None)
    assert twice.result.status == "unchanged" and twice.result.kept_edits == []
    assert _snapshot(out) == before  # nothing written, no packet.new.docx
    assert not list(out.rglob("*.new.docx"))


def test_a_killed_run_s_finished_people_are_known_to_the_next_run(bundle_for, settings, tmp_path):
    out = tmp_path / "out"
    env = environment_hash(settings)
    built = build_person_incremental(bundle_for(), out, settings, env)  # then killed: no save
    assert not (out / "manifest.json").exists()
    manifest = load_manifest(out)  # the next run folds the journal in
    assert manifest.people["p1"] == built.entry
    again = build_person_incremental(
        bundle_for(), out, settings, env, previous=manifest.people["p1"]
    )
    assert again.result.status == "unchanged"
    save_manifest(manifest, out)
    assert not (out / ".journal").exists()  # folded into manifest.json
    assert load_manifest(out).people["p1"] == built.entry


def test_an_edit_made_after_the_journal_is_still_kept(bundle_for, settings, tmp_path):
    out = tmp_path / "out"
    env = environment_hash(settings)
    build_person_incremental(bundle_for(), out, settings, env)
    edited_hash = _edit(out / "p1" / "packet.docx")
    changed = build_person_incremental(
        bundle_for(statement="Led the migration"), out, settings, env
    )
    assert changed.result.kept_edits == ["p1/packet.docx"]
    assert file_hash(out / "p1" / "packet.docx") == edited_hash
    assert (out / "p1" / "packet.new.docx").exists()


def test_review_comments_or_the_compensation_reference_rebuild_unchanged_people(
    bundle_for, settings, tmp_path
):
    """`run --review` after a plain run must put the comments on the packets: the settings
    that change what is written are part of what an unchanged build is judged by."""
    out = tmp_path / "out"
    bundle = bundle_for()
    plain = build_person_incremental(bundle, out, settings, environment_hash(settings))
    assert not Document(str(out / "p1" / "packet.docx")).comments
    again = build_person_incremental(bundle, out, settings, environment_hash(settings), plain.entry)
    assert again.result.status == "unchanged"
    review = settings.model_copy(update={"review": True})
    reviewed = build_person_incremental(bundle, out, review, environment_hash(review), plain.entry)
    assert reviewed.result.status == "ok"
    assert Document(str(out / "p1" / "packet.docx")).comments
    paid = settings.model_copy(update={"compensation": True})
    assert environment_hash(paid) != environment_hash(settings)
    more = settings.model_copy(update={"processes": 2})  # how it is built changes nothing
    assert environment_hash(more) == environment_hash(settings)
