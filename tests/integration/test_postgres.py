"""Prefect's server on a real PostgreSQL (Debian's `postgresql`), as a team runs it: a scheduled
cohort run and two concurrent runs, executed by a process worker, all recorded in PostgreSQL.

The test starts its own PostgreSQL (initdb + pg_ctl in a temp dir, a free loopback port, no
system service) and skips, saying why, when the server's programs or asyncpg are missing.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE
from tests.integration.conftest import (
    FINAL,
    RUN_TIMEOUT,
    api,
    deploy_env,
    free_port,
    make_deploy,
    running_server,
    start_worker,
    stop,
    wait_for_run,
)

pytestmark = pytest.mark.integration
DATABASE = "prefect"
ROLE = "promopacket"


def postgres_bin() -> Path | None:
    """The folder of Debian's initdb and pg_ctl (not on PATH there), newest version first."""
    for found in (shutil.which("initdb"), shutil.which("pg_ctl")):
        if found:
            return Path(os.path.realpath(found)).parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    return Path(folders[-1]) if folders else None


def _account() -> dict:
    """Who runs PostgreSQL: this user; as root (CI), Debian's `postgres` account, since the
    server refuses to run as root."""
    if os.geteuid() != 0:
        return {}
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no 'postgres' account to run PostgreSQL as")
    return {"user": "postgres", "group": "postgres"}


@contextmanager
def postgres_server() -> Iterator[int]:
    """A throwaway PostgreSQL on a free loopback port; its port while it runs."""
    bin_dir = postgres_bin()
    if bin_dir is None or not (bin_dir / "pg_ctl").exists():
        pytest.skip(
            "PostgreSQL's initdb/pg_ctl not found (apt-get install postgresql; .ci/run does)"
        )
    pytest.importorskip("asyncpg", reason="asyncpg (the dev extra) is not installed")
    account = _account()
    # Not under pytest's tmp dir: that one is private to this user, and the server may be
    # another account (the 'postgres' one under root).
    root = Path(tempfile.mkdtemp(prefix="promopacket-pg-"))
    if account:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()

    def pg(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [str(bin_dir / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=root,
            **account,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    pg("initdb", "-D", str(data), "-U", ROLE, "--auth=trust", "-E", "UTF8", "--no-sync")
    options = f"-h 127.0.0.1 -p {port} -k {root}"  # TCP on loopback; its socket in the temp dir
    pg("pg_ctl", "-D", str(data), "-l", str(root / "postgres.log"), "-o", options, "-w", "start")
    try:
        pg("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", ROLE, DATABASE)
        yield port
    finally:
        subprocess.run(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            capture_output=True,
            timeout=120,
            cwd=root,
            **account,
        )
        shutil.rmtree(root, ignore_errors=True)


def _psql(port: int, sql: str) -> str:
    bin_dir = postgres_bin()
    done = subprocess.run(
        [str(bin_dir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", ROLE, "-d", DATABASE]
        + ["-tAc", sql],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_server_on_postgres_runs_a_scheduled_and_two_concurrent_cohort_runs(tmp_path):
    started = time.monotonic()
    with postgres_server() as port:
        url = f"postgresql+asyncpg://{ROLE}@127.0.0.1:{port}/{DATABASE}"
        home = tmp_path / "server"
        home.mkdir()
        with running_server(home, PREFECT_API_DATABASE_CONNECTION_URL=url) as server:
            booted = time.monotonic() - started
            _scheduled_and_concurrent_runs(server, tmp_path)
            # What the API reports is what PostgreSQL holds (the scheduler may have started
            # another minute's run by now: at least the three).
            done = {"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}}
            completed = api(server, "/flow_runs/count", done)
            rows = _psql(port, "select count(*) from flow_run where state_type = 'COMPLETED'")
            assert int(rows) == completed >= 3
        assert not (home / "prefect.db").exists()  # no SQLite on the side
        server_log = (home / "server.log").read_text()
        assert "database is locked" not in server_log
    print(
        f"\nPostgreSQL test: {time.monotonic() - started:.1f} s in all; "
        f"PostgreSQL and the Prefect server up in {booted:.1f} s"
    )


def _scheduled_and_concurrent_runs(server: str, tmp_path: Path) -> None:
    env = deploy_env(tmp_path / ".prefect", server)
    deploy = make_deploy(env)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    weekly = next(d for d in api(server, "/deployments/filter", {}) if d["name"] == "cohort-weekly")
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(EXAMPLE, inputs / "example.xlsx")

    def request(outputs: str) -> dict:
        return {"request": {"inputs": str(inputs), "outputs": str(tmp_path / outputs)}}

    # The scheduled run: every minute, into outputs of its own (schedule-level parameters).
    api(
        server,
        f"/deployments/{weekly['id']}/schedules",
        [{"schedule": {"cron": "* * * * *"}, "active": True, "parameters": request("scheduled")}],
    )
    log_path = tmp_path / "worker.log"
    worker = start_worker(env, tmp_path, log_path)
    try:
        # Two runs at once, into two folders: the worker starts both without waiting.
        ids = [
            api(server, f"/deployments/{weekly['id']}/create_flow_run", {"parameters": p})["id"]
            for p in (request("first"), request("second"))
        ]
        concurrent = [wait_for_run(server, i, worker, log_path) for i in ids]
        scheduled = _first_scheduled_run(server, weekly["id"], worker, log_path)
    finally:
        stop(worker, signal.SIGINT)
    for run in [*concurrent, scheduled]:
        assert run["state"]["type"] == "COMPLETED", (run["state"], log_path.read_text()[-3000:])
    assert "auto-scheduled" in scheduled["tags"]
    first, second = (
        (datetime.fromisoformat(r["start_time"]), datetime.fromisoformat(r["end_time"]))
        for r in concurrent
    )
    assert first[0] < second[1] and second[0] < first[1], "the two runs did not overlap"
    for outputs in ("first", "second", "scheduled"):
        packets = sorted(p.parent.name for p in (tmp_path / outputs).glob("example/*/packet.docx"))
        assert packets == ["ana.ruiz", "ben.okafor", "chen.li"], outputs


def _first_scheduled_run(server: str, deployment_id: str, worker, log_path: Path) -> dict:
    """The first run the scheduler created (within the next minute), once it has ended."""
    deadline = time.monotonic() + 90 + RUN_TIMEOUT
    while time.monotonic() < deadline:
        runs = api(
            server,
            "/flow_runs/filter",
            {
                "flow_runs": {"deployment_id": {"any_": [deployment_id]}},
                "sort": "EXPECTED_START_TIME_ASC",
            },
        )
        auto = [r for r in runs if "auto-scheduled" in r["tags"]]
        due = [r for r in auto if r["state"]["type"] != "SCHEDULED"]
        if due:
            return wait_for_run(server, due[0]["id"], worker, log_path)
        assert all(r["state"]["type"] not in FINAL for r in auto)
        time.sleep(2)
    pytest.fail(f"no scheduled run started: {log_path.read_text()[-3000:]}")
