"""Round three, watch: a real `promopacket watch` process stops within 2 s of Ctrl-C or
SIGTERM whether idle, building, or waiting for a half-written file to settle; a burst of 20
saves in 2 s gives one build, of the final content. The runs share one long-lived server
(`promopacket server start`), so each watch starts in seconds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from promopacket.read.writer import write_input_workbook
from tests.conftest import achievement, meeting, person, team

EXE = Path(sys.executable).parent / "promopacket"
STOP_WITHIN_S = 2.0


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    root = tmp_path_factory.mktemp("watch-home")
    env = _env(root)
    subprocess.run([str(EXE), "server", "start"], env=env, check=True, timeout=180)
    yield root
    subprocess.run([str(EXE), "server", "stop"], env=env, timeout=60)


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(home / ".prefect"), PROMOPACKET_DATA_DOCS="false")
    return env


def _book(path: Path, name: str = "Pat Doe") -> Path:
    sheets = {
        "People": [person(name=name)],
        "Achievements": [achievement()],
        "Team": [team()],
        "Meetings": [meeting()],
    }
    return write_input_workbook(path, sheets)


STARTED: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _no_watch_left():
    """A failing check leaves no watch running: each started here is killed after its test."""
    yield
    while STARTED:
        process = STARTED.pop()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


class Watch:
    def __init__(self, tmp: Path, home: Path, debounce: int = 800):
        self.inputs = tmp / "inputs"
        self.inputs.mkdir(exist_ok=True)
        self.log = tmp / "watch.log"
        self.out = self.log.open("w")
        self.process = subprocess.Popen(
            [str(EXE), "watch", str(self.inputs), "--outputs", str(tmp / "outputs")]
            + ["--debounce", str(debounce)],
            cwd=tmp,
            env=_env(home),
            stdout=self.out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        STARTED.append(self.process)

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, words: str, count: int = 1, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while self.text().count(words) < count:
            assert self.process.poll() is None, self.text()
            assert time.monotonic() < deadline, self.text()
            time.sleep(0.05)

    def stop(self, signum: int) -> float:
        """Signal the process alone (as a terminal's Ctrl-C does to the foreground job's
        leader here); seconds until it ended."""
        started = time.monotonic()
        os.kill(self.process.pid, signum)
        try:
            self.process.wait(10)
        finally:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
            self.out.close()
        return time.monotonic() - started


def test_stops_within_two_seconds_when_idle_on_sigterm(tmp_path, home):
    watch = Watch(tmp_path, home)
    watch.wait_for("Watching")
    time.sleep(3)  # past start-up: waiting for changes
    took = watch.stop(signal.SIGTERM)
    assert took < STOP_WITHIN_S, (took, watch.text())


def test_a_burst_is_one_build_of_the_final_content_and_ctrl_c_stops_a_build(tmp_path, home):
    watch = Watch(tmp_path, home)
    watch.wait_for("Watching")
    time.sleep(2)  # the watcher is up
    book = watch.inputs / "team.xlsx"
    for i in range(20):  # 20 saves in 2 s, each a different content
        _book(book, name=f"Save {i:02d}")
        time.sleep(0.1)
    watch.wait_for("written,")  # the one build's line
    time.sleep(3)  # a second build would have started by now
    text = watch.text()
    assert text.count("Changed:") == 1, text
    packet = tmp_path / "outputs" / "team" / "p1" / "packet.docx"
    from docx import Document

    body = "\n".join(p.text for p in Document(str(packet)).paragraphs)
    assert "Save 19" in body and "Save 18" not in body

    _book(book, name="Mid-build")  # and Ctrl-C while that build runs
    watch.wait_for("Changed:", count=2)
    time.sleep(0.3)
    took = watch.stop(signal.SIGINT)
    assert took < STOP_WITHIN_S, (took, watch.text())
    leftovers = [p for p in (tmp_path / "outputs").rglob("*.docx") if p.stat().st_size == 0]
    assert not leftovers


def test_a_half_written_file_is_waited_for_and_ctrl_c_still_stops(tmp_path, home):
    watch = Watch(tmp_path, home, debounce=300)
    watch.wait_for("Watching")
    time.sleep(2)
    whole = _book(tmp_path / "whole.xlsx").read_bytes()
    partial = watch.inputs / "team.xlsx"
    partial.write_bytes(whole[: len(whole) // 2])  # a copy still under way
    time.sleep(1.0)  # past the debounce: watch is waiting for it to settle
    assert "Changed:" not in watch.text(), watch.text()
    partial.write_bytes(whole)  # the copy completes: built once, whole
    watch.wait_for("written,")
    assert "team.xlsx" in watch.text() and "not an Excel" not in watch.text(), watch.text()

    partial.write_bytes(whole[: len(whole) // 3])  # another copy under way, then Ctrl-C
    time.sleep(1.0)
    took = watch.stop(signal.SIGINT)
    assert took < STOP_WITHIN_S, (took, watch.text())


def test_a_dead_temporary_server_ends_watch_with_one_line(tmp_path):
    """watch's own temporary server killed: every later build would wait on it for ever;
    the watchdog ends watch within 30 s with one line and exit 2, built files kept whole."""
    import psutil
    from docx import Document

    from promopacket.cli.watch import WATCH_SERVER_LOST

    watch = Watch(tmp_path, tmp_path / "own-home")  # no long-lived server there
    _book(watch.inputs / "team.xlsx")
    watch.wait_for("Watching")
    servers = [
        p
        for p in psutil.Process(watch.process.pid).children(recursive=True)
        if "uvicorn" in " ".join(p.cmdline())
    ]
    assert len(servers) == 1, watch.text()
    servers[0].kill()
    killed = time.monotonic()
    watch.process.wait(40)
    took = time.monotonic() - killed
    watch.out.close()
    assert watch.process.returncode == 2, watch.text()
    assert took < 30, took
    text = watch.text()
    assert f"✗ {WATCH_SERVER_LOST}" in " ".join(text.split()), text
    assert "Traceback" not in text, text
    for packet in (tmp_path / "outputs").rglob("packet.docx"):
        Document(str(packet))  # whole
    assert list((tmp_path / "outputs").rglob("packet.docx"))
