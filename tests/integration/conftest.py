"""A real `prefect server start` on a free loopback port, shared by the integration tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 120
RUN_TIMEOUT = 240  # one deployment run, picked up by a worker


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api(url: str, path: str, body: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"{url}{path}", data=data, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def stop(process: subprocess.Popen, sig=signal.SIGTERM, timeout: float = 30) -> int:
    """Signal the process group, wait, and kill it if it does not stop in time."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    return process.wait(10)


def client_env(home: Path, api_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }


@contextmanager
def running_server(home: Path, **env: str) -> Iterator[str]:
    """`prefect server start` on a free loopback port, as a user starts it (with `env` on top:
    its database, say); its API URL while it runs, then stopped cleanly."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    server_env = {
        **client_env(home, url),
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "false",
        # Look for due schedules every few seconds instead of every minute.
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "5",
        **env,
    }
    server_env.pop("PREFECT_API_URL")
    log = (home / "server.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=server_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if server.poll() is not None:
                pytest.fail(f"prefect server exited: {(home / 'server.log').read_text()[-2000:]}")
            try:
                if api(url, "/health") is True:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("prefect server did not become healthy in time")
            time.sleep(0.5)
        yield url
    finally:
        code = stop(server)
        log.close()
    assert code in (0, -signal.SIGTERM), (home / "server.log").read_text()[-2000:]


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """Started the way a user starts it; SQLite in a temp home; stopped cleanly at the end."""
    with running_server(tmp_path_factory.mktemp("prefect-server")) as url:
        yield url


def deploy_env(home: Path, server: str) -> dict[str, str]:
    """The environment `make deploy` and a worker run in: this checkout, importable."""
    return {
        **client_env(home, server),
        "PWD": str(ROOT),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }


def make_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    """`make deploy` (prefect.yaml's deployments), with this test's interpreter as the venv."""
    return subprocess.run(
        # -o install: use this test's interpreter as the project's venv, installing nothing
        ["make", "-o", "install", "deploy", f"VENV={Path(sys.executable).parent.parent}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def start_worker(env: dict[str, str], cwd: Path, log_path: Path) -> subprocess.Popen:
    """`prefect worker start --pool promopacket`, its output into `log_path`."""
    with log_path.open("w") as log:
        return subprocess.Popen(
            [str(BIN / "prefect"), "worker", "start", "--pool", "promopacket"],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


FINAL = ("COMPLETED", "FAILED", "CRASHED", "CANCELLED")


def wait_for_run(server: str, run_id: str, worker, log_path: Path) -> dict:
    """The flow run once it has ended (the worker must stay up meanwhile)."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        assert worker.poll() is None, log_path.read_text()
        run = api(server, f"/flow_runs/{run_id}")
        if run["state"]["type"] in FINAL:
            return run
        time.sleep(2)
    return run


def run_deployment(server: str, deployment_id: str, parameters: dict, worker, log_path) -> dict:
    """Trigger a run of the deployment and wait for the worker to finish it."""
    run = api(server, f"/deployments/{deployment_id}/create_flow_run", {"parameters": parameters})
    return wait_for_run(server, run["id"], worker, log_path)
