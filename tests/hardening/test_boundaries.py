"""Round two, beyond single workbooks: folders that are links or were replaced, nested
outputs, the lock's mode, workbooks whose folders would clash, --redact and file names,
bad limits, markup and full disks at the command line. No Prefect server is started here."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from promopacket.build.manifest import Manifest, build_person_incremental, environment_hash
from promopacket.build.results import PersonResult, WorkbookResult
from promopacket.core.fsutil import ensure_private_dir
from promopacket.core.xlsxcell import CELL_LIMIT
from promopacket.read.writer import write_input_workbook
from promopacket.report.redact import redact_group
from promopacket.report.summary import summary_json, write_reports
from promopacket.run.cohort import GroupResult, plan_groups, read_intake
from promopacket.run.lock import LOCK_NAME, output_lock
from tests.conftest import achievement, meeting, person, team
from tests.hardening.checks import assert_inside, fingerprint
from tests.hardening.corpus_two import MARKUP, _bad_shared_string, _cohort_lookalikes, _fifo

EXE = Path(sys.executable).parent / "promopacket"


def _book(path: Path, **sheets) -> Path:
    base = {
        "People": [person()],
        "Achievements": [achievement()],
        "Team": [team()],
        "Meetings": [meeting()],
    }
    return write_input_workbook(path, {**base, **sheets})


def _build(path: Path, settings, cohort=None):
    groups = plan_groups([read_intake(path, settings)], settings, cohort)
    env = environment_hash(settings)
    results = []
    for group in groups:
        for bundle in group.bundles:
            try:
                build = build_person_incremental(bundle, Path(group.output_dir), settings, env)
                results.append(build.result)
            except Exception as exc:  # as the flow records it: the person fails, located
                results.append(
                    PersonResult(
                        person_id=bundle.person.person_id,
                        workbook=bundle.workbook,
                        status="failed",
                        error=f"{type(exc).__name__}: {exc}",
                    )
                )
    return groups, results


def _cli(*args: str, env: dict | None = None, timeout: float = 120, **kw):
    done = subprocess.run(
        [str(EXE), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "300", **(env or {})},
        **kw,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    return done


def test_cohort_values_that_read_alike_are_one_cohort(tmp_path, settings):
    path = _cohort_lookalikes(tmp_path)
    (group,) = plan_groups([read_intake(path, settings)], settings, cohort="2026-H2")
    assert sorted(b.person.person_id for b in group.bundles) == [f"c{i}" for i in range(5)]
    (other,) = plan_groups([read_intake(path, settings)], settings, cohort="2026-H1")
    assert other.bundles == []


def test_a_person_folder_that_is_a_link_is_refused_and_nothing_is_written_through_it(
    tmp_path, settings
):
    path = _book(tmp_path / "book.xlsx", People=[person(), person(person_id="p2")])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = ensure_private_dir(settings.outputs_dir / "book")
    (out / "p1").symlink_to(elsewhere, target_is_directory=True)
    (out / "p2").symlink_to(out / "p1", target_is_directory=True)  # into another's folder
    groups, results = _build(path, settings)
    assert list(elsewhere.iterdir()) == []
    failed = {r.person_id: r.error for r in results if r.status == "failed"}
    assert set(failed) == {"p1", "p2"} and all("symbolic link" in e for e in failed.values())


def test_a_packet_replaced_by_a_folder_is_kept_and_the_new_one_goes_beside(tmp_path, settings):
    path = _book(tmp_path / "book.xlsx")
    _, (first,) = _build(path, settings)
    packet = next(Path(f) for f in first.files if f.endswith("packet.docx"))
    packet.unlink()
    packet.mkdir()
    (packet / "notes.txt").write_text("a reviewer's folder")
    groups, (second,) = _build(path, settings)  # as a rerun: the manifest's entry is used
    assert second.status == "ok", second.error
    assert (packet / "notes.txt").read_text() == "a reviewer's folder"
    assert any(f.endswith("packet.new.docx") for f in second.files), second.files


def test_an_outer_run_leaves_a_nested_runs_staging_alone(tmp_path):
    outer = tmp_path / "outputs"
    inner = ensure_private_dir(outer / "nested")
    with output_lock(inner):
        staging = ensure_private_dir(inner / "book" / ".staging-live")
        (staging / "packet.docx").write_bytes(b"being written")
        mine = ensure_private_dir(outer / "book" / ".staging-dead")
        with output_lock(outer) as removed:
            assert removed == [mine]
        assert (staging / "packet.docx").exists()


def test_the_lock_file_is_owner_only_under_umask_000(tmp_path):
    old = os.umask(0)
    try:
        with output_lock(tmp_path / "outputs"):
            mode = stat.S_IMODE((tmp_path / "outputs" / LOCK_NAME).stat().st_mode)
    finally:
        os.umask(old)
    assert mode & 0o077 == 0, oct(mode)


def test_workbooks_whose_names_clash_get_a_located_problem_not_a_shared_folder(tmp_path, settings):
    a, b = tmp_path / "a", tmp_path / "b"
    paths = [
        _book(a / "plan.xlsx"),
        _book(b / "plan.xlsx"),  # same name, another folder
        _book(a / "Plan.xlsx"),  # differs only in case
        _book(a / "Q1 plan.xlsx"),
        _book(a / "Q1-plan.xlsx"),
        _book(a / "plan.xlsm"),  # the suffix is stripped (as '.xlsx'): clashes too
    ]
    groups = plan_groups([read_intake(p, settings) for p in paths], settings)
    folders = [g.output_dir for g in groups]
    clashes = [g for g in groups if g.intakes[0].data.failed]
    assert len(clashes) == 3
    for group in clashes:
        (problem,) = group.intakes[0].data.problems
        assert problem.code == "duplicate_output" and "plan" in problem.message.lower()
        assert not group.bundles
    kept = [g.output_dir.casefold() for g in groups if g not in clashes]
    assert len(set(kept)) == len(kept) == 3, folders


def test_ids_alike_but_for_case_in_one_cohort_never_share_a_folder(tmp_path, settings):
    paths = [
        _book(tmp_path / "one.xlsx", People=[person(cohort="c")]),
        _book(
            tmp_path / "two.xlsx",
            People=[person(person_id="P1", cohort="c")],
            Achievements=[achievement(person_id="P1")],
            Meetings=[],
        ),
    ]
    (group,) = plan_groups([read_intake(p, settings) for p in paths], settings, cohort="c")
    assert [b.person.person_id for b in group.bundles] == ["p1"]
    (failure,) = group.failures
    assert failure.person_id == "P1" and "one.xlsx" in failure.error


def test_redact_hides_a_name_and_an_email_in_workbook_file_names(tmp_path, settings):
    paths = [
        _book(tmp_path / "Ana García.xlsx", People=[person(name="Ana García")]),
        _book(
            tmp_path / "bo@corp.example.xlsx",
            People=[person(name="Bo Lind", email="bo@corp.example")],
        ),
    ]
    for path in paths:
        (group,) = plan_groups([read_intake(path, settings)], settings)
        out = ensure_private_dir(Path(group.output_dir))
        intake = group.intakes[0]
        people = [PersonResult(person_id="p1", workbook=intake.data.file)]
        result = GroupResult(
            name=group.name,
            output_dir=group.output_dir,
            workbooks=[
                WorkbookResult(
                    file=intake.data.file,
                    output_dir=group.output_dir,
                    problems=intake.data.problems,
                    people=people,
                )
            ],
        )
        redacted = redact_group(result, [intake.data])
        text = str(summary_json_for(redacted))
        for report in write_reports(redacted, Manifest()):
            if report.endswith(".html"):  # the HTML review: every page of it
                pages = Path(report).parent.rglob("*.html")
                text += " ".join(p.read_text(encoding="utf-8") for p in pages)
                continue
            for sheet in load_workbook(report).worksheets:
                text += " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
        shown = text.lower().replace(str(out).lower(), "")
        for secret in ("Ana", "García", "Garcia", "bo@corp", "corp.example"):
            # as a word: "ana" inside "manager" is not the name
            assert not re.search(rf"(?<!\w){re.escape(secret.lower())}(?!\w)", shown), secret


def summary_json_for(group: GroupResult) -> dict:
    from promopacket.run.cohort import RunResult

    data = summary_json(RunResult(groups=[group]))
    for g in data["groups"]:  # paths on disk are where the files are; not redacted
        g.pop("output_dir"), g.pop("reports")
    return data


def test_the_files_cell_stays_within_excels_limit_and_says_how_many_more(tmp_path):
    out = ensure_private_dir(tmp_path / "out")
    files = [str(out / "p1" / f"follow-up-2026-10-06-{i}.docx") for i in range(1, 1201)]
    person_result = PersonResult(person_id="p1", workbook="w.xlsx", files=files)
    group = GroupResult(
        name="g",
        output_dir=str(out),
        workbooks=[WorkbookResult(file="w.xlsx", output_dir=str(out), people=[person_result])],
    )
    summary = next(Path(p) for p in write_reports(group, Manifest()) if p.endswith("summary.xlsx"))
    sheet = load_workbook(summary)["People"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("files") + 1).value
    assert len(cell) <= CELL_LIMIT
    shown = cell.count("\n")  # lines before the last
    assert cell.endswith(f"… and {1200 - shown} more files in p1/"), cell[-80:]
    assert cell.split("\n")[0] == "p1/follow-up-2026-10-06-1.docx"


@pytest.mark.parametrize("value", ["50MB", "-1", "0", "lots"])
def test_a_bad_limit_is_one_clear_line(tmp_path, value):
    book = _book(tmp_path / "book.xlsx")
    done = _cli("validate", str(book), env={"PROMOPACKET_MAX_FILE_MB": value}, cwd=tmp_path)
    assert done.returncode == 2
    assert f"PROMOPACKET_MAX_FILE_MB='{value}'" in " ".join(done.stderr.split())


def test_markup_in_cells_and_file_name_prints_literally(tmp_path):
    book = _book(
        tmp_path / "[bold]x[@click=(].xlsx",
        People=[person(name=MARKUP)],
        Achievements=[achievement(baseline="[/]")],
    )
    done = _cli("validate", str(book), cwd=tmp_path)
    out = " ".join(done.stdout.split())
    assert done.returncode == 1
    assert "'[/]' is not a number" in out and "Achievements!H2" in out


def test_validate_reports_a_damaged_shared_string_table(tmp_path):
    done = _cli("validate", str(_bad_shared_string(tmp_path)), cwd=tmp_path)
    assert done.returncode == 1
    assert "shared strings" in " ".join(done.stdout.split())


def test_validate_on_a_named_pipe_answers_at_once(tmp_path):
    fifo = _fifo(tmp_path)
    done = _cli("validate", str(fifo), cwd=tmp_path, timeout=60)  # used to block forever
    assert done.returncode == 1
    assert "not a regular file" in " ".join(done.stdout.split())


def test_run_names_the_folder_it_searched(tmp_path):
    empty = tmp_path / "drop zone"
    empty.mkdir()
    done = _cli("run", str(empty), "--outputs", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 1
    assert f"found in {empty}" in " ".join(done.stderr.split())


def test_a_full_disk_on_stdout_is_one_line_not_a_traceback(tmp_path):
    book = _book(tmp_path / "book.xlsx")
    for extra in ([], ["--json"]):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [str(EXE), "validate", str(book), *extra],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                timeout=120,
                cwd=tmp_path,
            )
        assert done.returncode == 2
        assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
        assert "No space left on device" in done.stderr


def test_inputs_are_never_touched_by_a_build(tmp_path, settings):
    path = _book(tmp_path / "book.xlsx", Meetings=[meeting(), meeting()])
    before = fingerprint(path)
    _, results = _build(path, settings)
    assert fingerprint(path) == before
    assert_inside(settings.outputs_dir, [f for r in results for f in r.files])


def test_a_full_outputs_disk_is_named_and_its_clean_up_errors_are_not_printed(tmp_path):
    """What a full disk under outputs/ shows (a tmpfs cannot be mounted in a test): the crash
    message names the folder and the cause; a write failing again in a finaliser is silent."""
    script = (
        "import errno, sys\n"
        "from promopacket.cli import _quiet_unraisable, report_crash\n"
        "from promopacket.settings import Settings\n"
        "sys.unraisablehook = _quiet_unraisable\n"
        "class HalfZip:\n"
        "    def __del__(self):\n"
        "        raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "HalfZip()\n"
        "code = report_crash(OSError(errno.ENOSPC, 'No space left on device'), "
        f"Settings(outputs_dir={str(tmp_path / 'out')!r}))\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "300"},
    )
    assert done.returncode == 2
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr
    assert f"could not write to {tmp_path / 'out'}: No space left on device" in done.stderr
    assert not (tmp_path / "out" / "promopacket-error.log").exists()


def test_a_non_utf8_path_named_on_the_command_line_is_reported_not_a_crash(tmp_path):
    from tests.hardening.corpus_two import _latin1_file_name

    path = _latin1_file_name(tmp_path)
    done = subprocess.run(
        [os.fsencode(EXE), b"run", os.fsencode(path), b"--outputs", os.fsencode(tmp_path / "o")],
        capture_output=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "300"},
    )
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 1 and "Traceback" not in stderr
    assert "r\ufffdsum\ufffd-latin1.xlsx: not processed" in " ".join(stderr.split())
    assert "not valid UTF-8" in " ".join(stderr.split())


def test_a_repeated_header_row_is_a_problem_not_a_failed_person_called_person_id(
    tmp_path, settings
):
    from tests.hardening.corpus_two import _header_again

    intake = read_intake(_header_again(tmp_path), settings)
    (group,) = plan_groups([intake], settings)
    assert group.failures == []
    assert sorted(b.person.person_id for b in group.bundles) == ["p1", "p2"]
    (problem,) = [p for p in intake.data.problems if p.code == "repeated_header"]
    assert (problem.sheet, problem.row, problem.cell) == ("People", 3, "People!A3")
