"""The local Prefect server `run` starts early or reuses: a real server process each time."""

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import psutil
from typer.testing import CliRunner

from promopacket.cli import app
from promopacket.cli import server as _server_commands  # noqa: F401 (registers `server`)
from promopacket.flows import server
from tests.conftest import EXAMPLE

EXE = Path(sys.executable).with_name("promopacket")


def _flow_runs(url: str) -> list[dict]:
    request = urllib.request.Request(
        f"{url}/flow_runs/filter", data=b"{}", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_start_status_reuse_by_run_and_stop(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # PREFECT_HOME defaults to .prefect here
    monkeypatch.delenv("PREFECT_HOME", raising=False)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(app, ["server", "status"]).exit_code == 1
    started = runner.invoke(app, ["server", "start"])
    try:
        assert started.exit_code == 0, started.output
        home = tmp_path / ".prefect"
        record = json.loads((home / server.RECORD).read_text())
        assert server.healthy(record["url"])
        assert runner.invoke(app, ["server", "start"]).exit_code == 0  # the same one, reported
        assert json.loads((home / server.RECORD).read_text())["pid"] == record["pid"]
        assert runner.invoke(app, ["server", "status"]).exit_code == 0

        (tmp_path / "inputs").mkdir()
        shutil.copy(EXAMPLE, tmp_path / "inputs" / "example.xlsx")
        env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_HOME", "PREFECT_API_URL")}
        done = subprocess.run(
            [str(EXE), "run", "--json"], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        names = [run["name"] for run in _flow_runs(record["url"])]
        assert names, "the run did not report to the running local server"
        assert server.healthy(record["url"])  # a reused server is left running
    finally:
        stopped = runner.invoke(app, ["server", "stop"])
    assert stopped.exit_code == 0 and "Stopped" in stopped.output
    assert not server.healthy(record["url"])
    assert not (tmp_path / ".prefect" / server.RECORD).exists()
    assert runner.invoke(app, ["server", "status"]).exit_code == 1


def test_a_temporary_server_starts_answers_and_stops(tmp_path, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    port = server.free_port()
    process = server.spawn(tmp_path, port, tmp_path / "server.log")
    local = server.LocalServer(f"http://127.0.0.1:{port}/api", process, tmp_path / "server.log")
    try:
        local.wait()
        assert server.healthy(local.url)
    finally:
        local.stop()
    assert process.wait(30) is not None
    assert not server.healthy(local.url)


def test_a_users_server_or_an_imported_prefect_is_left_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:1/api")
    assert server.for_run(tmp_path) is None
    monkeypatch.delenv("PREFECT_API_URL")
    monkeypatch.setitem(sys.modules, "prefect", sys.modules.get("prefect", object()))
    assert server.for_run(tmp_path) is None  # Prefect read its settings already
    assert "PREFECT_API_URL" not in os.environ


def test_a_server_that_dies_while_starting_is_a_clear_error(tmp_path):
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    local = server.LocalServer("http://127.0.0.1:1/api", process, tmp_path / "server.log")
    try:
        local.wait(timeout=30)
    except server.ServerError as exc:
        assert "exit 3" in str(exc) and "server.log" in str(exc)
    else:
        raise AssertionError("no ServerError")


def test_two_server_starts_at_once_give_one_server(tmp_path):
    """`promopacket server start` takes the same start-up lock as a run's temporary server:
    two at once on a fresh PREFECT_HOME start one server, and both report it."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "home")
    starts = [
        subprocess.Popen([str(EXE), "server", "start"], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [start.communicate(timeout=240)[0] for start in starts]
    try:
        assert [start.returncode for start in starts] == [0, 0], outputs
        record = json.loads((tmp_path / "home" / server.RECORD).read_text())
        for output in outputs:
            assert f"pid {record['pid']}" in output, (outputs, record)
        servers = [p for p in psutil.process_iter(["cmdline", "environ"]) if _serves(p, env)]
        assert len(servers) == 1, [p.info["cmdline"] for p in servers]
    finally:
        subprocess.run([str(EXE), "server", "stop"], env=env, timeout=60)


def _serves(process, env) -> bool:
    """A uvicorn Prefect server started on this test's PREFECT_HOME."""
    cmdline = " ".join(process.info["cmdline"] or [])
    environ = process.info["environ"] or {}
    return "uvicorn" in cmdline and environ.get("PREFECT_HOME") == env["PREFECT_HOME"]


def test_a_database_this_prefect_migrated_is_not_migrated_again(tmp_path, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)

    def started(migrating: bool) -> server.LocalServer:
        port = server.free_port()
        process = server.spawn(tmp_path, port, tmp_path / "server.log")
        local = server.LocalServer(
            f"http://127.0.0.1:{port}/api",
            process,
            tmp_path / "server.log",
            home=tmp_path if migrating else None,
        )
        local.wait()
        return local

    assert not server._migrated(tmp_path)  # no database yet
    first = started(migrating=True)
    first.stop()
    assert server._migrated(tmp_path)  # recorded once the server answered
    second = started(migrating=False)  # skips the migration check: its tables are there
    try:
        assert _flow_runs(second.url) == []
    finally:
        second.stop()
    # Another database file in the same place (a reset or a copy): migrated as ever.
    database = tmp_path / "prefect.db"
    shutil.copy(database, tmp_path / "copy.db")
    os.replace(tmp_path / "copy.db", database)
    assert not server._migrated(tmp_path)
