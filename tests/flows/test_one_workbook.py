"""The cohort flow on one workbook through Prefect's test harness (a real temporary server):
what the example-workbook deployment runs."""

from docx import Document

from promopacket.run.request import CohortRequest
from tests.conftest import achievement, person


def test_flow_builds_documents_and_isolates_a_failing_person(
    prefect_harness, make_workbook, settings
):
    from promopacket.flows.cohort import build_cohort
    from promopacket.flows.states import result_of

    path = make_workbook(
        {
            "People": [person(), person(person_id="p2", name="Bo")],
            "Achievements": [achievement(), achievement(person_id="p2")],
        }
    )
    # p2's folder name is taken by a file: its task fails, p1 still gets documents.
    out = settings.outputs_dir / "book"
    out.mkdir(parents=True)
    (out / "p2").write_text("in the way")
    state = build_cohort(CohortRequest(workbooks=[path]), settings=settings, return_state=True)
    # a person without documents: the run says so (Failed), and still returns its result
    assert state.is_failed() and "1 failed" in state.message
    result = result_of(state)
    by_id = {p.person_id: p for g in result.groups for w in g.workbooks for p in w.people}
    assert by_id["p1"].status == "ok" and by_id["p2"].status == "failed"
    packet = out / "p1" / "packet.docx"
    assert packet.exists()
    assert any(
        "reduce feature ingestion latency by 40%" in c.text
        for t in Document(str(packet)).tables
        for r in t.rows
        for c in r.cells
    )
    assert (out / "problems.xlsx").exists()


def test_one_workbook_then_a_plain_run_keeps_the_same_documents(
    prefect_harness, make_workbook, settings
):
    """The example-workbook deployment and `promopacket run` share one incremental path: the
    second sees the first's documents as its own, not as a reviewer's edits."""
    from promopacket.flows.cohort import build_cohort
    from promopacket.flows.states import result_of

    path = make_workbook({"People": [person()], "Achievements": [achievement()]})
    first = result_of(build_cohort(CohortRequest(workbooks=[path]), settings, return_state=True))
    again = result_of(
        build_cohort(CohortRequest(workbooks=[path.parent]), settings, return_state=True)
    )
    statuses = [p.status for g in again.groups for w in g.workbooks for p in w.people]
    assert [p.status for g in first.groups for w in g.workbooks for p in w.people] == ["ok"]
    assert statuses == ["unchanged"]
    assert not list(settings.outputs_dir.rglob("*.new.docx"))
