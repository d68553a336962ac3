"""End to end: the installed `promopacket` command on the example workbook, in a temp dir."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from tests.conftest import EXAMPLE


def _cli(*args, cwd: Path, timeout=600, env: dict | None = None):
    env = {
        **os.environ,
        "PREFECT_HOME": str(cwd / ".prefect"),
        "PROMOPACKET_OUTPUTS_DIR": str(cwd / "outputs"),
        **(env or {}),
    }
    exe = Path(sys.executable).with_name("promopacket")
    return subprocess.run(
        [str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def _all_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_run_on_example_writes_every_document(tmp_path):
    (tmp_path / "inputs").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "inputs" / "example.xlsx")
    done = _cli("run", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "3 people" in done.stdout
    out = tmp_path / "outputs" / "example"
    # the run ends with the review page to open
    assert done.stdout.strip().splitlines()[-1] == f"Review: {out / 'review' / 'index.html'}"
    assert (out / "review" / "people" / "ana.ruiz.html").is_file()
    packets = sorted(out.glob("*/packet.docx"))
    letters = sorted(out.glob("*/follow-up-*.docx"))
    assert [p.parent.name for p in packets] == ["ana.ruiz", "ben.okafor", "chen.li"]
    assert len(letters) == 4
    for doc in packets + letters:
        Document(str(doc))  # opens
    ana = _all_text(out / "ana.ruiz" / "packet.docx")
    # "Helped ML team with data pipeline": the change first, the person's part kept (issue 24)
    assert (
        "Helped reduce feature ingestion latency by 40% (50 min → 30 min) in the ML team's data "
        "pipeline, enabling daily model retraining instead of weekly" in ana
    )
    assert "Built the data pipeline" not in ana
    # A no-metric entry: its statement carries no number that was not in its own text.
    table = next(  # the brief: every statement beside its original wording
        t
        for t in Document(str(out / "ana.ruiz" / "brief.docx")).tables
        if "As written" in [c.text for c in t.rows[0].cells]
    )
    header = [c.text for c in table.rows[0].cells]
    row = next(
        r
        for r in table.rows
        if r.cells[header.index("As written")].text == "Did some work on drift monitoring"
    )
    assert not re.search(r"\d", row.cells[header.index("Rewritten")].text)
    problems = load_workbook(out / "problems.xlsx").active
    assert problems.max_row > 1

    # A rerun with nothing changed is answered without Prefect: no server, no flow run.
    timings = tmp_path / "timings"
    again = _cli("run", cwd=tmp_path, env={"PROMOPACKET_TIMINGS": str(timings)})
    assert again.returncode == 0, again.stdout + again.stderr
    assert "0 written, 3 unchanged" in again.stdout, again.stdout
    assert "Nothing changed since the last run" in again.stdout
    assert again.stdout.strip().splitlines()[-1] == done.stdout.strip().splitlines()[-1]
    (record,) = [json.loads(p.read_text()) for p in timings.glob("timings-*.json")]
    assert "settled_check_end" in record["marks"]
    assert not {"server_spawned", "flows_imported", "flow_start"} & record["marks"].keys()
    as_json = json.loads(_cli("run", "--json", cwd=tmp_path).stdout)
    assert as_json["flow_run"] == "not started: nothing changed"
    assert {p["this_run"] for p in as_json["groups"][0]["people"]} == {"unchanged"}


def _build_pids(timings: Path) -> tuple[set[int], set[int]]:
    """From a run's PROMOPACKET_TIMINGS files: the pid of the run's own process (the one that
    marked the flow's start) and the pids of processes that built a person."""
    main, builders = set(), set()
    for path in timings.glob("timings-*.json"):
        data = json.loads(path.read_text())
        if "flow_start" in data["marks"]:
            main.add(data["pid"])
        if data["totals"].get("person"):
            builders.add(data["pid"])
    return main, builders


def test_processes_give_the_same_documents_as_threads(tmp_path):
    """`run --processes 2` (people built in two worker processes) = `run --processes 1`
    (every build in the run's own process)."""
    (tmp_path / "inputs").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "inputs" / "example.xlsx")
    threads = _cli(
        "run",
        "--outputs",
        str(tmp_path / "threads"),
        "--processes",
        "1",
        cwd=tmp_path,
        env={"PROMOPACKET_TIMINGS": str(tmp_path / "t-threads")},
    )
    procs = _cli(
        "run",
        "--outputs",
        str(tmp_path / "procs"),
        "--processes",
        "2",
        cwd=tmp_path,
        env={"PROMOPACKET_TIMINGS": str(tmp_path / "t-procs")},
    )
    main, builders = _build_pids(tmp_path / "t-threads")
    assert len(main) == 1 and builders == main  # built in the run's own process
    main, builders = _build_pids(tmp_path / "t-procs")
    assert len(main) == 1 and builders and not builders & main  # built in worker processes
    assert len(builders) <= 2
    for done in (threads, procs):
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stderr == "", done.stderr
        assert "3 written, 0 unchanged" in done.stdout, done.stdout
    docs = sorted(
        p.relative_to(tmp_path / "threads") for p in (tmp_path / "threads").rglob("*.docx")
    )
    assert len(docs) == 10  # 3 packets, 3 briefs, 4 letters
    assert docs == sorted(
        p.relative_to(tmp_path / "procs") for p in (tmp_path / "procs").rglob("*.docx")
    )
    for rel in docs:
        assert _all_text(tmp_path / "threads" / rel) == _all_text(tmp_path / "procs" / rel), rel


def test_unreadable_workbook_is_a_located_message_and_others_go_on(tmp_path):
    (tmp_path / "inputs").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "inputs" / "example.xlsx")
    (tmp_path / "inputs" / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    done = _cli("run", cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "broken.xlsx" in done.stdout and "damaged" in done.stdout
    assert (tmp_path / "outputs" / "example" / "ana.ruiz" / "packet.docx").exists()


def test_run_cohort_json_names_failures_and_keeps_stderr_clean(tmp_path):
    import json

    (tmp_path / "inputs").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "inputs" / "example.xlsx")
    (tmp_path / "inputs" / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    done = _cli("run", "--cohort", "2026-H2", "--json", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr == ""  # no Prefect start-up noise, no shutdown traceback
    summary = json.loads(done.stdout)  # nothing but JSON on stdout
    assert summary["failed"] is True and summary["cohort"] == "2026-H2"
    (group,) = summary["groups"]
    # one vocabulary: `status` as in summary.xlsx and the artifacts, `this_run` as on screen
    people = {p["person_id"]: p for p in group["people"]}
    assert {k: (p["status"], p["this_run"]) for k, p in people.items()} == {
        "ana.ruiz": ("up to date", "written"),
        "ben.okafor": ("up to date", "written"),
        "chen.li": ("up to date", "written"),
    }
    files = people["ana.ruiz"]["files"]  # an array of paths, not one newline-joined string
    assert isinstance(files, list) and "ana.ruiz/packet.docx" in files
    assert all(f.startswith("ana.ruiz/") for f in files)
    assert {w["workbook"]: w["status"] for w in group["workbooks"]}["broken.xlsx"] == (
        "not processed"
    )
    out = tmp_path / "outputs" / "2026-H2"
    assert (out / "summary.xlsx").exists() and len(list(out.glob("*/packet.docx"))) == 3


def test_workers_without_a_server_is_a_clear_message(tmp_path):
    (tmp_path / "inputs").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "inputs" / "example.xlsx")
    env_free = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    exe = Path(sys.executable).with_name("promopacket")
    done = subprocess.run(
        [str(exe), "run", "--workers", "2"],
        cwd=tmp_path,
        env={**env_free, "PREFECT_HOME": str(tmp_path / ".prefect")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "prefect server start" in done.stderr and "Traceback" not in done.stderr


def test_version():
    from typer.testing import CliRunner

    from promopacket import __version__
    from promopacket.cli import app

    done = CliRunner().invoke(app, ["--version"])
    assert done.exit_code == 0 and done.output.strip() == f"promopacket {__version__}"


def test_serve_names_the_declared_deployments_and_wants_a_schedule(tmp_path):
    """`serve` serves a deployment of flows/deployments.py; one without a schedule needs --cron.
    Both are refused before anything reaches the server (nothing listens at this URL)."""
    exe = Path(sys.executable).with_name("promopacket")
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / ".prefect"),
        "PREFECT_API_URL": "http://127.0.0.1:9/api",
    }
    for args, message in (
        (["--deployment", "nightly"], "'nightly': not declared; choose cohort-weekly, example"),
        (["--deployment", "example-workbook"], "example-workbook has no schedule: give one"),
    ):
        done = subprocess.run(
            [str(exe), "serve", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2, done.stdout + done.stderr
        assert message in " ".join(done.stderr.split()), done.stderr
        assert "Traceback" not in done.stderr
