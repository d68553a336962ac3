"""The build-cohort flow: failure isolation, nothing lost, incremental reruns, reviewer edits."""

from docx import Document
from openpyxl import load_workbook

from promopacket.core.fsutil import file_hash
from promopacket.read.writer import write_input_workbook
from promopacket.run.request import CohortRequest
from tests.conftest import achievement, meeting, person, team


def _write_cohort(folder, p1_result=30):
    folder.mkdir(parents=True, exist_ok=True)
    write_input_workbook(
        folder / "ranking.xlsx",
        {
            "People": [
                person(cohort="2026-H2"),
                person(person_id="p2", name="Bo", cohort="2026-H2"),
            ],
            "Achievements": [achievement(result=p1_result), achievement(person_id="p2")],
            "Team": [team()],
            "Meetings": [meeting()],
        },
    )
    write_input_workbook(
        folder / "search.xlsx",
        {
            "People": [person(person_id="p3", name="Cy", cohort="2026-H2")],
            "Achievements": [
                achievement(person_id="p3"),
                achievement(person_id="p3", baseline="lots"),  # bad number: rejected
                achievement(person_id="ghost"),  # unknown person: rejected
            ],
        },
    )
    (folder / "corrupt.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "~$ranking.xlsx").write_bytes(b"Excel lock file")


def _snapshot(folder):
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*.*")}


def _rows(path, sheet):
    rows = list(load_workbook(path)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_cohort_run_isolates_failures_reruns_incrementally_and_keeps_edits(
    prefect_harness, settings
):
    from promopacket.flows.cohort import build_cohort
    from promopacket.flows.states import result_of

    def build_cohort_run(settings, **params):
        return result_of(build_cohort(CohortRequest(**params), settings, return_state=True))

    _write_cohort(settings.inputs_dir)
    out = settings.outputs_dir / "2026-H2"

    state = build_cohort(CohortRequest(cohort="2026-H2"), settings, return_state=True)
    # corrupt.xlsx was not processed: the flow run is Failed, and says why in counts
    assert state.is_failed() and state.name == "Failed"
    assert "3 workbooks (1 not processed)" in state.message
    run = result_of(state)
    assert run.failed
    docs = sorted(str(p.relative_to(out)) for p in out.glob("*/*.docx"))
    assert docs == [
        "p1/brief.docx",
        "p1/follow-up-2026-10-06.docx",
        "p1/packet.docx",
        "p2/brief.docx",
        "p2/packet.docx",
        "p3/brief.docx",
        "p3/packet.docx",
    ]
    summary = out / "summary.xlsx"
    people = {r["person_id"]: r for r in _rows(summary, "People")}
    assert {k: v["status"] for k, v in people.items()} == {
        "p1": "up to date",
        "p2": "up to date",
        "p3": "up to date",
    }
    assert (people["p3"]["rows_read"], people["p3"]["rows_rejected"]) == (3, 1)
    workbooks = {r["workbook"]: r for r in _rows(summary, "Workbooks")}
    assert workbooks["corrupt.xlsx"]["status"] == "not processed"
    assert "~$ranking.xlsx" not in workbooks
    # nothing lost: every row read is used or rejected, and every rejected row is a problem
    problems = _rows(summary, "Problems")
    for name in ("ranking.xlsx", "search.xlsx"):
        w = workbooks[name]
        assert w["rows_read"] == w["rows_used"] + w["rows_rejected"]
        rejected_cells = {
            (p["sheet"], p["row"]) for p in problems if p["file"] == name and p["severity"] == "row"
        }
        assert len(rejected_cells) == w["rows_rejected"]
    assert {p["cell"] for p in problems if p["severity"] == "row"} >= {"Achievements!H3"}
    assert any(p["file"] == "corrupt.xlsx" and p["severity"] == "workbook" for p in problems)
    assert load_workbook(out / "problems.xlsx").active.max_row == len(problems) + 1
    _assert_artifacts_are_private()

    # rerun with no change: no file written at all
    before = _snapshot(settings.outputs_dir)
    again = build_cohort_run(cohort="2026-H2", settings=settings)
    assert {p.status for g in again.groups for p in g.people} == {"unchanged"}
    assert _snapshot(settings.outputs_dir) == before

    # a reviewer edits p1's packet; p1's achievement changes: only p1's documents are written,
    # the edited packet is kept and the new version goes beside it
    packet = out / "p1" / "packet.docx"
    doc = Document(str(packet))
    doc.add_paragraph("Committee note: keep this.")
    doc.save(str(packet))
    edited = file_hash(packet)
    before = _snapshot(settings.outputs_dir)
    _write_cohort(settings.inputs_dir, p1_result=25)
    third = build_cohort_run(cohort="2026-H2", settings=settings)
    after = _snapshot(settings.outputs_dir)
    changed = sorted(k for k in after if after[k] != before.get(k))
    # the changed workbook's validation report (Data Docs) is rebuilt; the other is current
    rebuilt_docs = {k for k in changed if k.startswith("ranking/validation/")}
    assert "ranking/validation/index.html" in rebuilt_docs
    # and the intake caches of the workbooks written again (keyed on bytes, so re-saved ones too)
    caches = [k for k in changed if k.split("/")[0] == ".cache"]
    assert caches
    changed = [k for k in changed if k not in rebuilt_docs and k not in caches]
    assert changed == [
        ".history",  # p1's cycle (2026-H2): the latest build's lines, for the next cycle
        ".history/p1.json",
        "2026-H2/.committee",  # summary.xlsx as written: what the committee's saves are
        "2026-H2/.committee/summary.as-written.xlsx",  # compared with (run/decisions.py)
        "2026-H2/decisions.json",  # the hash of the summary written
        "2026-H2/manifest.json",
        "2026-H2/p1/brief.docx",
        "2026-H2/p1/follow-up-2026-10-06.docx",
        "2026-H2/p1/packet.new.docx",
        "2026-H2/records/p1.json",  # p1's statements as built, beside the manifest
        "2026-H2/review/index.html",  # p1 changed: listed under the changes
        "2026-H2/review/people/p1.html",
        "2026-H2/summary.xlsx",  # p1's note, files and built_at changed
    ]
    # what changed, with the cell that caused it (Changes sheet); the others show nothing
    changes = _rows(out / "summary.xlsx", "Changes")
    assert {c["person_id"] for c in changes} == {"p1"}
    reworded = next(c for c in changes if c["change"] == "statement reworded")
    assert "by 40%" in reworded["before"] and "by 50%" in reworded["after"]
    assert reworded["caused_by"] == "Achievements!I2 (result): 30 → 25"
    assert file_hash(packet) == edited
    statuses = {p.person_id: p.status for g in third.groups for p in g.people}
    assert statuses == {"p1": "ok", "p2": "unchanged", "p3": "unchanged"}
    note = {r["person_id"]: r for r in _rows(out / "summary.xlsx", "People")}["p1"]["note"]
    assert "p1/packet.docx" in note and "packet.new.docx" in note


def _assert_artifacts_are_private():
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts()
    by_key = {a.key: a for a in artifacts}  # the latest run's, as the flow run page shows
    assert {"promopacket-2026-h2-people", "promopacket-2026-h2-summary"} <= set(by_key)
    table = str(by_key["promopacket-2026-h2-people"].data)
    report = str(by_key["promopacket-2026-h2-summary"].data)
    assert "p3" in table and "corrupt.xlsx: workbook not processed" in report
    for private in ("Pat Doe", "Helped ML team", "Bo", "Cy"):
        assert private not in table + report


def _flow_run_logs(flow_run_id):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogHandler

    APILogHandler().flush()  # logs are sent in batches
    with get_client(sync_client=True) as client:
        logs = client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id]))
        )
    return [(log.level, log.message) for log in logs]


def test_end_state_names_rejected_rows_and_logs_counts_and_ids_only(prefect_harness, settings):
    from prefect.client.orchestration import get_client

    from promopacket.flows.cohort import build_cohort

    settings.inputs_dir.mkdir(parents=True)
    rows = {
        "People": [person(), person(person_id="p2", name="Bo Private")],
        "Achievements": [achievement(), achievement(person_id="p2", baseline="lots")],
    }
    write_input_workbook(settings.inputs_dir / "team.xlsx", rows)
    state = build_cohort(settings=settings, return_state=True)
    # every person built, one row rejected: Completed, under a name that says so
    assert state.is_completed() and state.name == "Completed with problems"
    assert state.message == (
        "1 workbook; 2 people: 2 written, 0 unchanged, 0 failed; 1 row rejected; 1 blocking problem"
    )
    run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        server_state = client.read_flow_run(run_id).state
        task_names = {t.name for t in client.read_task_runs() if t.flow_run_id == run_id}
    assert (server_state.type.value, server_state.name) == ("COMPLETED", "Completed with problems")
    assert {"read team.xlsx", "render p1", "render p2"} <= task_names

    logs = _flow_run_logs(run_id)
    info = [m for level, m in logs if level == 20]
    assert "team.xlsx: 2 people, 4 rows read, 1 rejected; 1 blocking problems, 0 advice" in info
    assert "p1: written, files 2" in info  # the packet and the brief; no meeting, no letter
    assert any(m.startswith("Completed with problems: 1 workbook") for m in info)
    for _, message in logs:
        for private in ("Pat Doe", "Bo Private", "Helped ML team", "lots"):
            assert private not in message

    # fixed: the next run is plain Completed
    rows["Achievements"][1] = achievement(person_id="p2")
    write_input_workbook(settings.inputs_dir / "team.xlsx", rows)
    state = build_cohort(settings=settings, return_state=True)
    assert state.is_completed() and state.name == "Completed", state.message


def test_a_large_cohort_shares_task_runs_and_each_person_still_counts(
    prefect_harness, settings, monkeypatch
):
    """Past TASK_RUNS people, people share task runs (Prefect's bookkeeping costs as much as a
    build); each is still built, logged and counted on their own, and a failing one is
    recorded while the others of the same task run are built."""
    from prefect.client.orchestration import get_client

    import promopacket.flows.cohort as cohort
    from promopacket.build import manifest

    monkeypatch.setattr(cohort, "TASK_RUNS", 2)  # 5 people → task runs of 3 and 2
    real = manifest.build_person

    def build(bundle, *args, **kwargs):
        if bundle.person.person_id == "p2":
            raise ValueError("a template error for p2")
        return real(bundle, *args, **kwargs)

    monkeypatch.setattr(manifest, "build_person", build)
    settings.inputs_dir.mkdir(parents=True)
    ids = [f"p{i}" for i in range(1, 6)]
    rows = {
        "People": [person(person_id=i, name=f"Person {i}") for i in ids],
        "Achievements": [achievement(person_id=i) for i in ids],
    }
    write_input_workbook(settings.inputs_dir / "team.xlsx", rows)
    state = cohort.build_cohort(settings=settings, return_state=True)
    assert state.is_failed() and "5 people: 4 written, 0 unchanged, 1 failed" in state.message
    run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        names = sorted(
            t.name
            for t in client.read_task_runs()
            if t.flow_run_id == run_id and t.name.startswith("render")
        )
    assert names == ["render p1 and 2 more", "render p4 and 1 more"]
    logs = _flow_run_logs(run_id)
    for i in ("p1", "p3", "p4", "p5"):
        assert (20, f"{i}: written, files 2") in logs
    assert (40, "p2: failed (ValueError: a template error for p2)") in logs
    built = {p.name for p in (settings.outputs_dir / "team").iterdir() if p.is_dir()}
    assert {"p1", "p3", "p4", "p5"} <= built and "p2" not in built


def test_artifacts_are_keyed_per_cohort():
    from promopacket.flows.cohort import artifact_key, summary_key

    assert summary_key("2026-H2") == "promopacket-2026-h2-summary"
    assert summary_key("Q1 2027 / EMEA") == "promopacket-q1-2027-emea-summary"
    assert summary_key(None) == summary_key("") == summary_key("///") == "promopacket-summary"
    assert artifact_key("2026-H2", "people") == "promopacket-2026-h2-people"
    assert artifact_key(None, "people") == "promopacket-people"
