"""The committee's decisions round trip (issue 26 part 3): typed into summary.xlsx with openpyxl
as a person would, read back by the next run, kept through reruns, --force and a deleted,
locked or broken summary.xlsx; a "not yet" writes decision-letter.docx."""

from __future__ import annotations

import json
import os

import pytest
from docx import Document
from openpyxl import load_workbook

from promopacket.core.fsutil import file_hash
from promopacket.run.request import CohortRequest
from tests.run.committee_cohort import CONCERN, calibration, committee_types, write_cohort

REASON = "Influence beyond the Ranking team is not shown yet {{ 7*7 }}; =SUM(A1) stays text"


@pytest.fixture
def run_cohort(prefect_harness, settings):
    from promopacket.flows.cohort import build_cohort
    from promopacket.flows.states import result_of

    def _run(force: bool = False):
        state = build_cohort(
            CohortRequest(cohort="2026-H1", force=force), settings, return_state=True
        )
        return result_of(state)

    return _run


def _letter_text(path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_decisions_typed_in_summary_survive_reruns_force_and_a_deleted_summary(
    run_cohort, settings
):
    write_cohort(settings.inputs_dir)
    out = settings.outputs_dir / "2026-H1"
    run_cohort()
    summary = out / "summary.xlsx"
    sheet = load_workbook(summary)["Calibration"]
    headers = [c.value for c in sheet[1]]
    assert {"decision", "decision_reason", "previous_cycle"} <= set(headers)
    # the decision cell offers Excel's own dropdown of the three decisions
    (choices,) = sheet.data_validations.dataValidation
    assert choices.formula1 == '"promote,not yet,defer"'
    letter = headers.index("decision") + 1
    assert f"{chr(64 + letter)}2" in str(choices.sqref)

    committee_types(
        summary,
        {
            "ana.ruiz": {
                "decision": "not yet",
                "decision_reason": REASON,
                "panel notes": "ask Priya",
            },
            "alex.chen": {"decision": "promote"},
        },
        note=("alex.chen", "overall_readiness", "Checked with the SRE director."),
        **{"People!T9": "a note typed below the People table"},
    )
    typed_copy = file_hash(summary)

    runs = []
    for rerun in ({}, {}, {"force": True}):  # twice, then --force: nothing typed is lost
        runs.append(run_cohort(**rerun))
        rows = calibration(summary)
        assert rows["ana.ruiz"]["decision"] == "not yet"
        assert rows["ana.ruiz"]["decision_reason"] == REASON  # as typed, never a formula
        assert rows["ana.ruiz"]["panel notes"] == "ask Priya"  # the added column, carried
        assert rows["alex.chen"]["decision"] == "promote"
        notes = load_workbook(summary)["Calibration"]
        note_cell = notes.cell(rows["alex.chen"]["_row"], headers.index("overall_readiness") + 1)
        assert note_cell.comment.text == "Checked with the SRE director."
        assert note_cell.comment.author == "Dana Cruz"

    # the HTML review shows them: the calibration and the person's page, as typed
    page = (out / "review" / "people" / "ana.ruiz.html").read_text(encoding="utf-8")
    assert "<dt>Decision</dt><dd>not yet</dd>" in page and f"“{REASON}”" in page
    index = (out / "review" / "index.html").read_text(encoding="utf-8")
    assert "<strong>promote</strong>" in index and "<strong>not yet</strong>" in index

    # the cell typed outside the committee's columns: the file as it was is kept beside
    edited = out / "summary.edited.xlsx"
    assert file_hash(edited) == typed_copy
    assert load_workbook(edited)["People"]["T9"].value == "a note typed below the People table"
    kept = [p for p in runs[0].groups[0].problems if p.code == "summary_edited_kept"]
    assert kept and "People!T9" in kept[0].message and "summary.edited.xlsx" in kept[0].message

    # a "not yet" writes the letter, the committee's words quoted as typed; "promote" none
    letter_path = out / "ana.ruiz" / "decision-letter.docx"
    text = _letter_text(letter_path)
    assert f"“{REASON}”" in text and "49" not in text
    assert "Its decision: not yet." in text
    assert CONCERN in text  # the open concern, in the manager's words
    assert not (out / "alex.chen" / "decision-letter.docx").exists()

    # the durable copy: summary.xlsx deleted, the next run writes it again with every decision
    stored = json.loads((out / "decisions.json").read_text(encoding="utf-8"))
    assert stored["people"]["ana.ruiz"]["reason"] == REASON
    summary.unlink()
    run_cohort()
    rows = calibration(summary)
    assert (rows["ana.ruiz"]["decision"], rows["ana.ruiz"]["decision_reason"]) == (
        "not yet",
        REASON,
    )
    assert rows["ana.ruiz"]["panel notes"] == "ask Priya"


def test_changed_decision_moves_the_letter_aside_and_diff_names_the_cell(run_cohort, settings):
    write_cohort(settings.inputs_dir)
    out = settings.outputs_dir / "2026-H1"
    run_cohort()
    committee_types(out / "summary.xlsx", {"ana.ruiz": {"decision": "Not Yet"}})
    run_cohort()
    text = _letter_text(out / "ana.ruiz" / "decision-letter.docx")
    assert "recorded no reason" in text  # no reason typed: said, never made up
    committee_types(out / "summary.xlsx", {"ana.ruiz": {"decision": "promote"}})
    run_cohort()
    assert not (out / "ana.ruiz" / "decision-letter.docx").exists()
    assert list((out / "ana.ruiz" / "stale").glob("decision-letter*.docx"))  # moved, kept

    from typer.testing import CliRunner

    from promopacket.cli import app
    from promopacket.cli import diff as _diff  # noqa: F401  (registers the command)
    from promopacket.cli import explain as _explain  # noqa: F401  (typer: a group of commands)

    shown = CliRunner().invoke(
        app, ["diff", "ana.ruiz", "--outputs", str(settings.outputs_dir), "--json"]
    )
    assert shown.exit_code == 0, shown.output
    (found,) = json.loads(shown.output)
    assert found["decision"] == "promote"
    (change,) = [c for c in found["changes"] if c["kind"] == "decision changed"]
    assert (change["before"], change["after"]) == ("not yet", "promote")
    assert change["causes"][0]["cell"].startswith("summary.xlsx Calibration!")


def test_locked_and_broken_summaries_give_located_messages_and_lose_nothing(run_cohort, settings):
    write_cohort(settings.inputs_dir)
    out = settings.outputs_dir / "2026-H1"
    run_cohort()
    summary = out / "summary.xlsx"
    committee_types(summary, {"ana.ruiz": {"decision": "defer", "decision_reason": "Budget."}})

    # open in Excel (its lock file beside it): read as saved, not replaced
    lock = out / "~$summary.xlsx"
    lock.write_bytes(b"Excel owner file")
    saved = file_hash(summary)
    write_cohort(settings.inputs_dir, extra_entry=True)  # something to rewrite it for
    run = run_cohort()
    assert file_hash(summary) == saved
    (open_problem,) = [p for p in run.groups[0].problems if p.code == "summary_open"]
    assert (
        "2026-H1/summary.xlsx" in open_problem.message and "~$summary.xlsx" in open_problem.message
    )
    stored = json.loads((out / "decisions.json").read_text(encoding="utf-8"))
    assert stored["people"]["ana.ruiz"]["decision"] == "defer"
    lock.unlink()

    # not a workbook any more: kept as summary.broken.xlsx, a new one from decisions.json
    summary.write_bytes(b"PK\x03\x04 half a zip")
    run = run_cohort()
    (broken,) = [p for p in run.groups[0].problems if p.code == "summary_corrupt"]
    assert "summary.broken.xlsx" in broken.message and broken.file == "2026-H1/summary.xlsx"
    assert (out / "summary.broken.xlsx").read_bytes() == b"PK\x03\x04 half a zip"
    assert calibration(summary)["ana.ruiz"]["decision"] == "defer"

    # cannot be opened (here a folder in its place; a file of no permissions as a user): not
    # replaced, the recorded decisions used, a located message and no traceback
    summary.rename(out / "aside.xlsx")
    summary.mkdir()
    run = run_cohort()
    (unreadable,) = [p for p in run.groups[0].problems if p.code == "summary_unreadable"]
    assert unreadable.file == "2026-H1/summary.xlsx" and "not rewritten" in unreadable.message
    assert summary.is_dir()
    letter = out / "ana.ruiz" / "decision-letter.docx"
    assert not letter.exists()  # a defer writes no letter; the decision was still applied
    records = json.loads((out / "records" / "ana.ruiz.json").read_text(encoding="utf-8"))
    assert records["current"]["decision"]["decision"] == "defer"
    summary.rmdir()
    (out / "aside.xlsx").rename(summary)
    if os.geteuid() != 0:  # root reads any file
        summary.chmod(0)
        try:
            codes = {p.code for p in run_cohort().groups[0].problems}
            assert "summary_unreadable" in codes
        finally:
            summary.chmod(0o600)
    assert calibration(summary)["ana.ruiz"]["decision"] == "defer"


def test_a_decision_for_someone_no_longer_here_is_kept_and_reported(run_cohort, settings):
    write_cohort(settings.inputs_dir)
    out = settings.outputs_dir / "2026-H1"
    run_cohort()
    committee_types(
        out / "summary.xlsx", {"alex.chen": {"decision": "maybe later", "decision_reason": "Q3"}}
    )
    run = run_cohort()
    (unknown,) = [p for p in run.groups[0].problems if p.code == "decision_unknown"]
    assert unknown.value == "maybe later" and unknown.cell.startswith("Calibration!")
    assert calibration(out / "summary.xlsx")["alex.chen"]["decision"] == "maybe later"  # kept

    # Sam leaves the workbook: the row stays in Calibration, marked, and is reported
    from promopacket.read.writer import write_input_workbook

    book = load_workbook(settings.inputs_dir / "ranking.xlsx")
    sheets = {}
    for sheet in book:
        rows = list(sheet.iter_rows(values_only=True))
        sheets[sheet.title] = [
            dict(zip(rows[0], r, strict=False)) for r in rows[1:] if "alex.chen" not in r
        ]
    write_input_workbook(settings.inputs_dir / "ranking.xlsx", sheets)
    run = run_cohort()
    (orphan,) = [p for p in run.groups[0].problems if p.code == "decision_orphan"]
    assert orphan.value == "alex.chen"
    row = calibration(out / "summary.xlsx")["alex.chen"]
    assert (row["decision"], row["decision_reason"]) == ("maybe later", "Q3")
    assert row["status"].startswith("no longer in this folder")
    problems = load_workbook(out / "problems.xlsx").active
    assert any(r[-1] == "decision_orphan" for r in problems.iter_rows(values_only=True))


def test_under_redact_the_reason_kept_is_the_one_typed(prefect_harness, settings):
    """--redact writes ids for names into summary.xlsx, reason included; reading that back must
    not replace the committee's words with the redacted ones."""
    from promopacket.flows.cohort import build_cohort

    redacting = settings.model_copy(update={"redact": True})
    write_cohort(redacting.inputs_dir)
    out = redacting.outputs_dir / "2026-H1"
    build_cohort(CohortRequest(cohort="2026-H1"), redacting, return_state=True)
    typed = "Ana Ruiz should present the guild to Jo Park's org first."
    committee_types(out / "summary.xlsx", {"ana.ruiz": {"decision": "not yet",
                                                        "decision_reason": typed}})  # fmt: skip
    for _ in range(2):
        build_cohort(CohortRequest(cohort="2026-H1"), redacting, return_state=True)
        shown = calibration(out / "summary.xlsx")["ana.ruiz"]["decision_reason"]
        assert "Ana Ruiz" not in shown and "ana.ruiz" in shown  # the summary: ids
        stored = json.loads((out / "decisions.json").read_text(encoding="utf-8"))
        assert stored["people"]["ana.ruiz"]["reason"] == typed  # the committee's words
    letter = _letter_text(out / "ana.ruiz" / "decision-letter.docx")
    assert f"“{typed}”" in letter  # the person's own letter is not a summary: as typed
