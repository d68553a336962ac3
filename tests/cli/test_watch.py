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
