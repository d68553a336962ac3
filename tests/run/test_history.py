"""History across cycles (issue 26 part 4): a person decided "not yet" in 2026-H1 appears in
2026-H2; their packet names the previous cycle's decision in the committee's words and their
brief shows what changed since (entries added, concerns no longer open)."""

from __future__ import annotations

import datetime as dt
import json

from openpyxl import load_workbook

from promopacket.run.history import CycleEntry, previous_cycle, record_cycle
from promopacket.run.request import CohortRequest
from tests.docx_text import text_dump
from tests.run.committee_cohort import CONCERN, calibration, committee_types, write_cohort

REASON = "Influence beyond the Ranking team is not shown yet."


def _run(settings, cohort: str):
    from promopacket.flows.cohort import build_cohort
    from promopacket.flows.states import result_of

    return result_of(build_cohort(CohortRequest(cohort=cohort), settings, return_state=True))


def test_two_cycles_carry_the_decision_overall_line_and_concerns(prefect_harness, settings):
    write_cohort(settings.inputs_dir, cohort="2026-H1")
    _run(settings, "2026-H1")
    h1 = settings.outputs_dir / "2026-H1"
    h1_overall = calibration(h1 / "summary.xlsx")["ana.ruiz"]["overall_readiness"]
    # the committee decides after H1's last run: typed, and never read back by an H1 run
    typed = {"decision": "not yet", "decision_reason": REASON}
    committee_types(h1 / "summary.xlsx", {"ana.ruiz": typed})

    # next cycle: the same workbook, People.cohort 2026-H2, one entry added, the concern met
    write_cohort(
        settings.inputs_dir,
        cohort="2026-H2",
        extra_entry=True,
        date=dt.date(2027, 3, 2),
        key_points="Strong platform work; the guild now reaches five teams",
    )
    _run(settings, "2026-H2")
    h2 = settings.outputs_dir / "2026-H2"
    packet = text_dump(h2 / "ana.ruiz" / "packet.docx")
    assert f"Previous cycle 2026-H1: not yet — “{REASON}”" in packet
    brief = text_dump(h2 / "ana.ruiz" / "brief.docx")
    assert "Since the previous cycle (2026-H1)" in brief
    assert f"The packet's overall line then: {h1_overall}" in brief
    assert "Entries added since (1):" in brief
    assert "(Ranking guild, 2027-Q1)" in brief
    assert "Concerns of 2026-H1 no longer open (1):" in brief and CONCERN in brief
    # Alex had no decision in H1: the packet says so, never a verdict nobody gave
    alex = text_dump(h2 / "alex.chen" / "packet.docx")
    assert "Previous cycle 2026-H1: no committee decision recorded." in alex
    # the calibration shows the previous cycle beside this cycle's (still blank) decision
    row = calibration(h2 / "summary.xlsx")["ana.ruiz"]
    assert row["previous_cycle"] == f"2026-H1: not yet — “{REASON}”"
    assert row["decision"] is None
    # the durable record: both cycles, written atomically under outputs/.history
    history = json.loads((settings.outputs_dir / ".history" / "ana.ruiz.json").read_text())
    assert [c["cycle"] for c in history["cycles"]] == ["2026-H1", "2026-H2"]
    assert history["cycles"][0]["decision"] == "not yet"  # read from H1's summary by H2's run
    assert history["cycles"][0]["concerns"] and CONCERN in history["cycles"][0]["concerns"][0]
    # H1's own folder is left as it was: its summary still holds what the committee typed
    assert load_workbook(h1 / "summary.xlsx")  # readable
    assert calibration(h1 / "summary.xlsx")["ana.ruiz"]["decision_reason"] == REASON


def test_a_cohort_changed_in_the_same_folder_moves_the_decision_to_the_previous_cycle(
    prefect_harness, settings
):
    """Without --cohort, one workbook is one folder across cycles: the decision typed in H1
    becomes the previous cycle's when People.cohort says H2, and is not this cycle's."""
    from promopacket.flows.cohort import build_cohort
    from promopacket.flows.states import result_of

    def run():
        return result_of(build_cohort(settings=settings, return_state=True))

    write_cohort(settings.inputs_dir, cohort="2026-H1")
    run()
    folder = settings.outputs_dir / "ranking"
    typed = {"decision": "defer", "decision_reason": "Budget."}
    committee_types(folder / "summary.xlsx", {"ana.ruiz": typed})
    run()
    write_cohort(settings.inputs_dir, cohort="2026-H2", extra_entry=True)
    run()
    row = calibration(folder / "summary.xlsx")["ana.ruiz"]
    assert row["decision"] is None and row["previous_cycle"] == "2026-H1: defer — “Budget.”"
    packet = text_dump(folder / "ana.ruiz" / "packet.docx")
    assert "Previous cycle 2026-H1: defer — “Budget.”" in packet
    stored = json.loads((folder / "decisions.json").read_text(encoding="utf-8"))
    (earlier,) = stored["people"]["ana.ruiz"]["earlier"]
    assert (earlier["cycle"], earlier["decision"], earlier["reason"]) == (
        "2026-H1",
        "defer",
        "Budget.",
    )


def test_previous_cycle_is_the_latest_begun_before_this_one(tmp_path):
    def entry(cycle, at):
        return CycleEntry(cycle=cycle, folder=cycle, built_at=at, overall=f"line {cycle}")

    record_cycle(tmp_path, "p1", entry("2025-H2", "2025-12-01T00:00:00+00:00"))
    record_cycle(tmp_path, "p1", entry("2026-H1", "2026-06-01T00:00:00+00:00"))
    record_cycle(tmp_path, "p1", entry("2026-H2", "2026-12-01T00:00:00+00:00"))
    # a later build of H1 keeps H1's place in the order
    record_cycle(tmp_path, "p1", entry("2026-H1", "2027-01-05T00:00:00+00:00"))
    assert previous_cycle(tmp_path, "p1", "2026-H2").cycle == "2026-H1"
    assert previous_cycle(tmp_path, "p1", "2026-h1").cycle == "2025-H2"  # cohorts by name
    assert previous_cycle(tmp_path, "p1", "2027-H1").cycle == "2026-H2"  # a new cycle
    assert previous_cycle(tmp_path, "p1", "2025-H2") is None
    assert previous_cycle(tmp_path, "p1", None) is None  # no cohort, no history
    assert previous_cycle(tmp_path, "p2", "2026-H2") is None
    text = (tmp_path / ".history" / "p1.json").read_text(encoding="utf-8")
    assert record_cycle(tmp_path, "p1", entry("2026-H1", "2027-01-05T00:00:00+00:00")) is False
    assert (tmp_path / ".history" / "p1.json").read_text(encoding="utf-8") == text
