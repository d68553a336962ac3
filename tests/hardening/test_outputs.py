"""What promopacket writes: text never becomes a formula, nothing escapes outputs/, folders are
owner-only, a killed run's temp files are cleared, and --redact leaves no name or email."""

from __future__ import annotations

import os
import re
import stat
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from openpyxl import load_workbook

from promopacket.build.manifest import Manifest
from promopacket.build.person import build_person
from promopacket.build.results import PersonResult, WorkbookResult
from promopacket.core.fsutil import (
    _RESERVED,
    atomic_write,
    ensure_private_dir,
    inside,
    remove_stale_temps,
    safe_name,
)
from promopacket.core.models import PersonBundle, Problem
from promopacket.read.writer import write_input_workbook
from promopacket.report.redact import redact_group
from promopacket.report.summary import (
    artifact_markdown,
    artifact_table,
    summary_json,
    write_reports,
)
from promopacket.run.cohort import GroupResult, RunResult, plan_groups, read_intake
from promopacket.run.lock import LOCK_NAME, OutputBusy, output_lock
from promopacket.run.workbooks import workbook_output_dir
from tests.conftest import achievement, meeting, person, team

HOSTILE = [
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "=cmd\r\n",
]


def _group(out_dir: Path) -> GroupResult:
    problems = [
        Problem(
            file=f"{text}.xlsx",
            sheet="Achievements",
            row=2 + i,
            column="statement",
            cell=f"Achievements!D{2 + i}",
            value=text,
            message=f"{text} is odd",
            fix=text,
            severity="row",
            code="other",
        )
        for i, text in enumerate(HOSTILE)
    ]
    people = [
        PersonResult(person_id=text, workbook=f"{text}.xlsx", status="failed", error=text)
        for text in HOSTILE
    ]
    workbook = WorkbookResult(
        file=HOSTILE[0], output_dir=str(out_dir), problems=problems, people=people
    )
    return GroupResult(name="g", output_dir=str(out_dir), workbooks=[workbook])


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    out = ensure_private_dir(tmp_path / "out")
    written = [Path(p) for p in write_reports(_group(out), Manifest())]
    assert {p.name for p in written} == {"summary.xlsx", "problems.xlsx", "index.html"}
    reports = [p for p in written if p.suffix == ".xlsx"]  # the HTML review escapes its text
    for report in reports:
        seen = set()
        for sheet in load_workbook(report).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.lstrip("\t\r\n")[:1] in "=+-@":
                        assert cell.data_type == "s", (report.name, cell.coordinate, cell.value)
                        seen.add(cell.value)
                    assert cell.data_type != "f", (report.name, cell.coordinate)
        # Every hostile text came back, as text, exactly as written.
        assert set(HOSTILE) <= seen, (report.name, set(HOSTILE) - seen)
        with zipfile.ZipFile(report) as package:  # and no formula element anywhere
            for name in package.namelist():
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in package.read(name) and b"<f " not in package.read(name)


@given(
    st.text(max_size=40)
    | st.sampled_from(
        [
            "../../etc/passwd",
            "/etc/passwd",
            "..",
            ".",
            "CON",
            "con.txt",
            "COM¹",
            "lpt9.docx",
            "C:\\Windows\\x",
            "\\\\server\\share",
            "a/../../b",
            "\u202eexe.docx",
            "ñandú",
            "",
            "~",
        ]
    )
)
@hsettings(max_examples=300, deadline=None)
def test_safe_names_stay_inside_and_are_plain(text):
    name = safe_name(text, "person")
    assert name and all(c.isascii() and (c.isalnum() or c in "._-") for c in name)
    assert not name.startswith(".") and name.split(".")[0].lower() not in _RESERVED
    base = Path("/srv/outputs")
    assert inside(base, name).parent == base


def test_inside_refuses_escapes(tmp_path):
    for bad in ("../x", "/etc/passwd", "a/../../x"):
        with pytest.raises(ValueError, match="outside"):
            inside(tmp_path, bad)


def test_hostile_ids_cohorts_and_file_names_write_inside_outputs(tmp_path, settings):
    """Even past validation (which rejects such ids), path-like names land inside outputs/."""
    path = write_input_workbook(
        tmp_path / "book.xlsx",
        {
            "People": [person(cohort="../../../tmp/evil")],
            "Achievements": [achievement()],
            "Team": [team()],
            "Meetings": [meeting()],
        },
    )
    intake = read_intake(path, settings)
    (group,) = plan_groups([intake], settings, cohort="../../../tmp/evil")
    outputs = settings.outputs_dir.resolve()
    assert outputs in Path(group.output_dir).parents
    for stem in ("../../up", "/abs/path", "CON", "NUL.tar", "\u202e☃"):
        assert outputs in workbook_output_dir(Path(f"{stem}.xlsx"), settings).parents
    (bundle,) = group.bundles
    for bad_id in ("../../escape", "/etc/passwd", "CON", "..", "ñandú/../../x"):
        forged = PersonBundle.model_validate(
            {**bundle.model_dump(), "person": {**bundle.person.model_dump(), "person_id": bad_id}}
        )
        result = build_person(forged, Path(group.output_dir), settings)
        for file in result.files:
            assert Path(group.output_dir).resolve() in Path(file).resolve().parents, file
    # Changed names carry a hash of the original ("escape-1ba7343c"): match on the stem.
    named = [
        p for p in tmp_path.rglob("*") if p.name.split("-")[0] in ("escape", "evil", "passwd", "x")
    ]
    assert named and all(outputs in p.resolve().parents for p in named), named


def _modes(root: Path):
    for path in [root, *root.rglob("*")]:
        yield path, stat.S_IMODE(path.stat().st_mode)


def test_output_folders_are_owner_only(tmp_path, settings):
    old = os.umask(0)  # the most permissive umask: modes must not depend on it
    try:
        target = tmp_path / "outputs" / "a" / "b"
        ensure_private_dir(target)
        atomic_write(target / "x.txt", lambda tmp: tmp.write_text("x"))
        path = write_input_workbook(
            tmp_path / "book.xlsx",
            {
                "People": [person()],
                "Achievements": [achievement()],
                "Team": [team()],
                "Meetings": [meeting()],
            },
        )
        (group,) = plan_groups([read_intake(path, settings)], settings)
        build_person(group.bundles[0], ensure_private_dir(Path(group.output_dir)), settings)
    finally:
        os.umask(old)
    checked = 0
    for path, mode in _modes(tmp_path / "outputs"):
        if path.is_dir():
            assert mode == 0o700, (path, oct(mode))
        else:
            assert mode & 0o077 == 0, (path, oct(mode))
        checked += 1
    assert checked >= 6  # outputs, a, b, x.txt, the workbook folder, the person, documents
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    ensure_private_dir(shared / "mine")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755  # an existing folder is left alone


def test_lock_clears_a_killed_runs_temp_files_and_refuses_a_second_holder(tmp_path):
    out = tmp_path / "outputs"
    person_dir = ensure_private_dir(out / "book" / "p1")
    leftovers = [person_dir / ".packet.docx.abc123.tmp", out / "book" / ".summary.xlsx.x.tmp"]
    for file in leftovers:
        file.write_bytes(b"half a file")
    staging = ensure_private_dir(out / "book" / ".staging-k3j")
    (staging / "packet.docx").write_bytes(b"PK")
    kept = [person_dir / "packet.docx", out / "book" / "notes.tmp", person_dir / ".keep"]
    for file in kept:
        file.write_bytes(b"ours")
    with output_lock(out) as removed:
        assert sorted(removed) == sorted([*leftovers, staging])
        with pytest.raises(OutputBusy, match="Another promopacket run is writing to"):
            with output_lock(out):
                pass
    assert all(f.exists() for f in kept) and not staging.exists()
    assert (out / LOCK_NAME).exists()
    with output_lock(out) as removed:  # released: the next run gets it
        assert removed == []
    assert remove_stale_temps(tmp_path / "missing") == []


def test_the_runs_own_entry_holds_on_to_a_lock_its_process_took(tmp_path):
    """The CLI takes the lock, then the flow's entry (run.guard) takes it again: re-entered,
    not refused; released only when the outer holder lets go."""
    out = tmp_path / "outputs"
    with output_lock(out):
        with output_lock(out, reentrant=True) as removed:
            assert removed == []
        with pytest.raises(OutputBusy):  # still held by the outer block
            with output_lock(out):
                pass
    with output_lock(out, reentrant=True):  # free again: taken for real
        pass


def test_redact_replaces_names_and_emails_with_ids(tmp_path, settings):
    path = write_input_workbook(
        tmp_path / "book.xlsx",
        {
            "People": [
                person(
                    name="Ana García",
                    email="ana.garcia@corp.example",
                    manager_name="Bo Lindqvist",
                    manager_email="bo@corp.example",
                ),
                person(
                    person_id="p2", name="Cy Young", email="cy at corp", manager_name="Bo Lindqvist"
                ),
            ],
            "Achievements": [achievement(), achievement(person_id="p2")],
            "Team": [team()],
            "Meetings": [meeting(with_name="Dee Okafor"), meeting(with_name="Ana García")],
        },
    )
    intake = read_intake(path, settings)
    (group,) = plan_groups([intake], settings)
    out = ensure_private_dir(Path(group.output_dir))
    people = [build_person(b, out, settings) for b in group.bundles]
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
    plain = summary_json(RunResult(groups=[result]))
    assert "cy at corp" in str(plain)  # the bad email is reported, unredacted, by default

    redacted = redact_group(result, [intake.data])
    text = str(summary_json(RunResult(groups=[redacted])))
    for reports in write_reports(redacted, Manifest()):
        if reports.endswith(".html"):  # the HTML review, every page of it
            pages = Path(reports).parent.rglob("*.html")
            text += " ".join(p.read_text(encoding="utf-8") for p in pages)
            continue
        for sheet in load_workbook(reports).worksheets:
            text += " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    for secret in (
        "Ana",
        "García",
        "ana.garcia@corp.example",
        "Bo Lindqvist",
        "bo@corp",
        "Cy Young",
        "cy at corp",
        "Dee Okafor",
    ):
        # as a word: "ana" inside "manager" is not the name
        assert not re.search(rf"(?<!\w){re.escape(secret.lower())}(?!\w)", text.lower()), secret
    assert "p1" in text and "p2" in text
    assert "[email]" in text  # the bad email's problem row is still there, value hidden
    # the redactor maps each name to an id (checked on the mapping itself)
    from promopacket.report.redact import redactor_for

    redactor = redactor_for([intake.data])
    assert redactor.text("Ana García met Dee Okafor and Bo Lindqvist") == (
        "p1 met contact-1 and manager-1"
    )
    assert redactor.text("Allowed values: Anabel") == "Allowed values: Anabel"


def test_artifacts_carry_counts_and_ids_not_text(tmp_path, settings):
    secret_statement = "Negotiated my salary of $187,000 with Ana García"
    path = write_input_workbook(
        tmp_path / "book.xlsx",
        {
            "People": [person(name="Ana García", email="ana@corp.example")],
            "Achievements": [
                achievement(statement=secret_statement),
                achievement(person_id="ghost"),
            ],
            "Team": [team()],
            "Meetings": [meeting()],
        },
    )
    intake = read_intake(path, settings)
    (group,) = plan_groups([intake], settings)
    out = ensure_private_dir(Path(group.output_dir))
    people = [build_person(b, out, settings) for b in group.bundles]
    run = RunResult(
        groups=[
            GroupResult(
                name=group.name,
                output_dir=group.output_dir,
                workbooks=[
                    WorkbookResult(
                        file=intake.data.file,
                        output_dir=group.output_dir,
                        failed=True,
                        problems=intake.data.problems,
                        people=people,
                    )
                ],
            )
        ]
    )
    text = str(artifact_table(run)) + artifact_markdown(run)
    for secret in ("Ana", "ana@corp", "Negotiated", "187", "ghost"):
        assert secret not in text, secret
    assert "p1" in text and "unknown_person" in text
