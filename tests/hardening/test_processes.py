"""Every process of a run ends with it, however it ends: real `promopacket run` subprocesses.

Each run starts Prefect's embedded server and worker processes (20+ people), so few tests here.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import psutil

from bench.synth import make_cohort
from tests.hardening.test_run import EXE, _env

OFFICE = ("oosplash", "soffice.bin", "soffice")


def _alive(recorded: list[tuple[int, float, str]]) -> list[str]:
    """The recorded processes (pid and start time: a reused pid is another process) still
    running; a zombie has ended (only its exit status waits for a reaper)."""
    left = []
    for pid, created, command in recorded:
        try:
            process = psutil.Process(pid)
            if process.create_time() == created and process.status() != psutil.STATUS_ZOMBIE:
                left.append(command)
        except psutil.NoSuchProcess:
            continue
    return left


def _start(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen, Path]:
    inputs, outputs = tmp_path / "inputs", tmp_path / "outputs"
    make_cohort(40, inputs, per_workbook=20, achievements=6)
    run = subprocess.Popen(
        [str(EXE), "run", str(inputs), "--outputs", str(outputs), *extra],
        cwd=tmp_path,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # the test's clean-up can reach every process of the run
    )
    return run, outputs


def _descendants(run: subprocess.Popen) -> list[psutil.Process]:
    try:
        return psutil.Process(run.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _names(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline()) or process.name()
    except psutil.Error:
        return ""


def _wait_for(run: subprocess.Popen, ready, what: str, timeout: float = 400) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert run.poll() is None, f"the run ended before {what}: {run.stderr.read()[-2000:]}"
        assert time.monotonic() < deadline, f"no {what} in time"
        time.sleep(0.2)


def _clean_up(run: subprocess.Popen) -> None:
    try:
        os.killpg(run.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    run.wait(timeout=60)


def test_sigkill_of_the_run_leaves_no_process_of_it(tmp_path):
    """What the OOM killer or a container stop does: only the main process is killed."""
    run, outputs = _start(tmp_path, "--pdf")
    try:

        def converting() -> bool:  # server, fork server, workers and LibreOffice all up
            names = [_names(p) for p in _descendants(run)]
            return any(n.split(" ")[0].endswith(OFFICE) for n in names) and any(
                "forkserver" in n for n in names
            )

        _wait_for(run, converting, "LibreOffice conversion")
        recorded = []
        for process in _descendants(run):
            try:
                recorded.append((process.pid, process.create_time(), _names(process)))
            except psutil.NoSuchProcess:
                continue
        commands = " | ".join(c for _, _, c in recorded)
        assert "uvicorn" in commands, commands
        assert sum("multiprocessing" in c for _, _, c in recorded) >= 2, commands
        os.kill(run.pid, signal.SIGKILL)  # the main process alone, not its group
        run.wait(timeout=30)
        time.sleep(5)
        left = _alive(recorded)
        assert left == [], left
    finally:
        _clean_up(run)


def test_a_dead_embedded_server_ends_the_run_with_one_line(tmp_path):
    """The server killed mid-run: the run says so and exits 2 within 30 s, finished people kept."""
    from docx import Document

    from promopacket.cli.run import SERVER_LOST

    run, outputs = _start(tmp_path)
    try:
        _wait_for(run, lambda: list(outputs.rglob("packet.docx")), "packet rendered")
        servers = [p for p in _descendants(run) if "uvicorn" in _names(p)]
        assert len(servers) == 1, [_names(p) for p in _descendants(run)]
        servers[0].kill()
        killed = time.monotonic()
        stdout, stderr = run.communicate(timeout=30)
        took = time.monotonic() - killed
    finally:
        _clean_up(run)
    assert run.returncode == 2, (run.returncode, stderr[-2000:])
    assert took < 30, took
    assert "Traceback" not in stdout + stderr, stderr[-3000:]
    lines = [line for line in stderr.splitlines() if "Prefect server" in line]
    assert lines == [f"✗ {SERVER_LOST}"], stderr[-2000:]
    packets = list(outputs.rglob("packet.docx"))
    assert packets
    for packet in packets:
        Document(str(packet))  # whole


def test_two_first_runs_at_once_on_a_fresh_prefect_home_both_succeed(tmp_path):
    """First use of a machine or CI: two servers would create one database at once."""
    inputs = tmp_path / "inputs"
    make_cohort(2, inputs, per_workbook=2, achievements=2)
    env = _env(tmp_path)  # one PREFECT_HOME, not yet created
    runs = [
        subprocess.Popen(
            [str(EXE), "run", str(inputs), "--outputs", str(tmp_path / f"outputs-{n}")],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in (1, 2)
    ]
    try:
        done = [(run, *run.communicate(timeout=400)) for run in runs]
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
                run.wait()
    for run, stdout, stderr in done:
        assert run.returncode in (0, 1), (run.returncode, stderr[-2000:])
        assert "Done in" in stdout, stderr[-2000:]
        assert "Traceback" not in stdout + stderr, stderr[-3000:]
