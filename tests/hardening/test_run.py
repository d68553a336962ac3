"""The corpus and a crash through the real command: `promopacket run` as a subprocess.

Each run starts Prefect's embedded server (~30 s), so there are only two tests here.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from bench.synth import make_cohort
from promopacket.core.fsutil import STAGING_PREFIXES, TEMP_FILE, display_name
from promopacket.core.messages import MESSAGES
from promopacket.run.workbooks import workbook_output_dir
from promopacket.settings import Settings
from tests.hardening.checks import fingerprint
from tests.hardening.corpus_two import ALL_CASES as CASES

EXE = Path(sys.executable).parent / "promopacket"


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}  # embedded server
    # Data Docs are not what these tests are about and cost seconds per workbook.
    return {
        **env,
        "PREFECT_HOME": str(root / ".prefect"),
        "COLUMNS": "400",
        "PROMOPACKET_DATA_DOCS": "false",
    }


def _flat(text: str) -> str:
    return " ".join(text.split())


def _leftovers(outputs: Path) -> list[Path]:
    """Temp files and scratch folders of a write that did not finish."""
    return [
        p
        for p in outputs.rglob(".*")
        if TEMP_FILE.match(p.name) or (p.is_dir() and p.name.startswith(STAGING_PREFIXES))
    ]


def _opens(path: Path) -> None:
    if path.suffix == ".docx":
        Document(str(path))
    else:
        load_workbook(path).close()


def test_a_folder_of_the_whole_corpus(tmp_path):
    """Bad files get a located message, good ones complete documents; nothing crashes."""
    inputs, outputs = tmp_path / "inputs", tmp_path / "outputs"
    inputs.mkdir()
    cases = [c for c in CASES if not c.settings]  # limit overrides are per case (test_corpus)
    built = {c.name: c.build(inputs) for c in cases}
    assert len(set(built.values())) == len(cases)  # one file per case
    digests = {p: fingerprint(p) for p in built.values()}

    done = subprocess.run(
        [str(EXE), "run", str(inputs), "--outputs", str(outputs)],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=900,
    )
    out = _flat(done.stdout)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    for path, digest in digests.items():
        assert fingerprint(path) == digest, f"{path.name} modified"

    for case in cases:
        path = built[case.name]
        folder = workbook_output_dir(path, Settings(outputs_dir=outputs))
        if case.workbook_code:  # named on screen with its message, and in problems.xlsx
            head = _flat(MESSAGES[case.workbook_code][0].split("{")[0].split("'")[0])
            assert f"✗ {display_name(path.name)}: not processed" in out, case.name
            after = out.split(f"✗ {display_name(path.name)}: not processed", 1)[1]
            assert head in after[:600], (case.name, head, after[:600])
            problems = load_workbook(folder / "problems.xlsx")["Problems"]
            codes = {row[9] for row in problems.iter_rows(min_row=2, values_only=True)}
            assert case.workbook_code in codes, (case.name, codes)
            continue
        assert f"{display_name(path.name)}:" in out, case.name
        summary = load_workbook(folder / "summary.xlsx")
        for row in summary["Workbooks"].iter_rows(min_row=2, values_only=True):
            _, _, _, read, used, rejected = row
            assert read == used + rejected, (case.name, row)  # every row accounted for
        codes = {
            row[9]
            for row in load_workbook(folder / "problems.xlsx")["Problems"].iter_rows(
                min_row=2, values_only=True
            )
        }
        assert case.row_codes <= codes, (case.name, case.row_codes - codes)
        documents = sorted(folder.rglob("*.docx"))
        if case.documents:
            assert any(d.name == "packet.docx" for d in documents), case.name
        for document in documents:
            Document(str(document))  # complete: re-opens
    leftovers = _leftovers(outputs)
    assert leftovers == []


def _documents(outputs: Path) -> list[Path]:
    return [
        p
        for p in outputs.rglob("*")
        if p.suffix in (".docx", ".xlsx") and not p.name.startswith(".")
    ]


def test_sigkill_mid_cohort_leaves_no_partial_file_and_a_second_run_is_refused(tmp_path):
    inputs, outputs = tmp_path / "inputs", tmp_path / "outputs"
    make_cohort(120, inputs, per_workbook=30, achievements=12)
    command = [str(EXE), "run", str(inputs), "--outputs", str(outputs)]
    first = subprocess.Popen(
        command,
        cwd=tmp_path,
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 400
        while not list(outputs.rglob("packet.docx")):
            assert first.poll() is None, "the first run ended before rendering anyone"
            assert time.monotonic() < deadline, "no packet rendered in time"
            time.sleep(0.2)
        # Mid-render: a second run on the same outputs is refused, clearly and at once.
        second = subprocess.run(
            command,
            cwd=tmp_path,
            env=_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert first.poll() is None, "the first run finished before the check; use more people"
        assert second.returncode == 3, (second.returncode, second.stderr[-2000:])
        assert "Another promopacket run is writing to" in _flat(second.stderr)
        assert "Traceback" not in second.stdout + second.stderr
        os.killpg(first.pid, signal.SIGKILL)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=60)
    assert first.returncode == -signal.SIGKILL

    packets_before = len(list(outputs.rglob("packet.docx")))
    assert 0 < packets_before < 120, packets_before  # killed mid-cohort
    for path in _documents(outputs):
        _opens(path)  # every .docx/.xlsx in place is whole

    rerun = subprocess.run(
        command, cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True, timeout=900
    )
    assert "Traceback" not in rerun.stdout + rerun.stderr, rerun.stderr[-3000:]
    assert rerun.returncode in (0, 1), (rerun.returncode, rerun.stderr[-2000:])
    assert re.search(r"Done in", rerun.stdout)
    packets = sorted(outputs.rglob("packet.docx"))
    assert len(packets) == 120
    # People the killed run finished are known from its journal, not taken for reviewers'
    # edits; at most one person can be caught between placing files and journaling them.
    assert len({p.parent for p in outputs.rglob("*.new.docx")}) <= 1
    for path in _documents(outputs):
        _opens(path)
    assert _leftovers(outputs) == []
    assert len(list(outputs.glob("cohort-*/summary.xlsx"))) == 4


def test_sigterm_stops_the_run_and_its_embedded_prefect_server(tmp_path):
    """A service manager's SIGTERM (not a KILL): the run ends cleanly and leaves no server."""
    import psutil

    inputs, outputs = tmp_path / "inputs", tmp_path / "outputs"
    make_cohort(40, inputs, per_workbook=20, achievements=6)
    run = subprocess.Popen(
        [str(EXE), "run", str(inputs), "--outputs", str(outputs)],
        cwd=tmp_path,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 400
        while not list(outputs.rglob("packet.docx")):
            assert run.poll() is None, "the run ended before rendering anyone"
            assert time.monotonic() < deadline, "no packet rendered in time"
            time.sleep(0.2)
        children = psutil.Process(run.pid).children(recursive=True)
        servers = [c for c in children if "uvicorn" in " ".join(c.cmdline())]
        assert servers, [c.cmdline() for c in children]
        run.send_signal(signal.SIGTERM)
        _, stderr = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode == 128 + signal.SIGTERM, (run.returncode, stderr[-2000:])
    assert "Traceback" not in stderr
    _, alive = psutil.wait_procs(servers, timeout=30)
    assert alive == [], [p.cmdline() for p in alive]
    assert _leftovers(outputs) == []
    for path in _documents(outputs):
        _opens(path)
