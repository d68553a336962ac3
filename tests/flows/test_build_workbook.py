"""The build-workbook flow through Prefect's test harness (a real temporary server)."""

from docx import Document

from tests.conftest import achievement, person


def test_flow_builds_documents_and_isolates_a_failing_person(
    prefect_harness, make_workbook, settings
):
    from promopacket.flows.build_workbook import build_workbook
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
    state = build_workbook(path, settings, return_state=True)
    # a person without documents: the run says so (Failed), and still returns its result
    assert state.is_failed() and "1 failed" in state.message
    result = result_of(state)
    by_id = {p.person_id: p for p in result.people}
    assert by_id["p1"].status == "ok" and by_id["p2"].status == "failed"
    packet = out / "p1" / "packet.docx"
    assert packet.exists()
    assert any(
        "reduced feature ingestion latency by 40%" in c.text
        for t in Document(str(packet)).tables
        for r in t.rows
        for c in r.cells
    )
    assert (out / "problems.xlsx").exists()
