"""`promopacket watch`: real file-system events through watchfiles, lock files ignored."""

import threading
import time

from promopacket.cli.watch import workbook_changes


def test_changes_are_debounced_and_lock_files_ignored(tmp_path):
    stop = threading.Event()
    batches = []

    def collect():
        for batch in workbook_changes(tmp_path, debounce_ms=400, stop_event=stop):
            batches.append(batch)

    watcher = threading.Thread(target=collect, daemon=True)
    watcher.start()
    try:
        time.sleep(1.0)  # let the watcher start
        (tmp_path / "~$team.xlsx").write_bytes(b"Excel lock")
        (tmp_path / ".team.xlsx.tmp").write_bytes(b"temp")
        (tmp_path / "notes.txt").write_text("not a workbook")
        for content in (b"first save", b"second save"):  # Excel saves in steps
            (tmp_path / "team.xlsx").write_bytes(content)
        deadline = time.monotonic() + 20
        while not batches and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)  # would catch a second, undebounced batch
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert batches == [[tmp_path / "team.xlsx"]]
    assert not watcher.is_alive()


def test_watch_builds_once_at_start_and_shows_blocking_cells(tmp_path):
    """The real command: it builds what is there before any save, problems inline."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from promopacket.read.writer import write_input_workbook
    from tests.conftest import achievement, person

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    write_input_workbook(
        inputs / "team.xlsx",
        {"People": [person()], "Achievements": [achievement(), achievement(better="Lowr")]},
    )
    log_path = tmp_path / "watch.log"
    with log_path.open("w") as log:
        watch = subprocess.Popen(
            [str(Path(sys.executable).with_name("promopacket")), "watch", str(inputs)],
            cwd=tmp_path,
            env={**os.environ, "PREFECT_HOME": str(tmp_path / ".prefect")},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 300
            while "blocking problems" not in log_path.read_text() and time.monotonic() < deadline:
                assert watch.poll() is None, log_path.read_text()
                time.sleep(1)
        finally:
            if watch.poll() is None:
                os.killpg(watch.pid, signal.SIGINT)
            try:
                watch.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(watch.pid, signal.SIGKILL)
                watch.wait(10)
    text = log_path.read_text()
    assert "Building 1 workbooks now" in text and "1 blocking problems" in text, text
    line = next(x for x in text.splitlines() if "Achievements!K3" in x)
    assert "'Lowr'" in line and "Fix: Did you mean 'lower'?" in line
    assert (tmp_path / "outputs" / "team" / "p1" / "packet.docx").exists()


def test_a_file_written_a_while_ago_is_settled_at_once(tmp_path):
    """Once the debounce's quiet period has passed, a whole workbook is not waited for again;
    one that is not whole yet still is (until it is, or the stop event)."""
    import os
    import zipfile

    from promopacket.cli.watch import SETTLED_S, wait_until_settled

    whole = tmp_path / "team.xlsx"
    with zipfile.ZipFile(whole, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
    saved = time.time() - 1.0
    os.utime(whole, (saved, saved))
    started = time.monotonic()
    assert wait_until_settled(whole)
    assert time.monotonic() - started < SETTLED_S

    partial = tmp_path / "copying.xlsx"
    partial.write_bytes(whole.read_bytes()[:10])
    os.utime(partial, (saved, saved))
    stop = threading.Event()
    threading.Timer(1.0, stop.set).start()
    started = time.monotonic()
    assert not wait_until_settled(partial, stop)  # still waited for: never taken as whole
    assert time.monotonic() - started >= 1.0
