"""Against a real server: run end states, the automation that fires on them, the run log.

`promopacket run` with PREFECT_API_URL set ends a run with a rejected row as
"Completed with problems" and a run with an unreadable workbook as Failed; the automation from
`python -m promopacket.flows.alerts` POSTs to a webhook (a local HTTP receiver here) for each.
"""

import json
import queue
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from promopacket.read.writer import write_input_workbook
from tests.conftest import achievement, person
from tests.integration.conftest import BIN, api, client_env

pytestmark = pytest.mark.integration
ALERT_TIMEOUT = 120  # the server's triggers and actions services, on a busy machine
PRIVATE = ("Pat Doe", "Bo Private", "Helped ML team", "lots")


@pytest.fixture
def webhook():
    """A local receiver for the automation's POSTs; stopped at the end."""
    received: queue.Queue = queue.Queue()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.put(self.rfile.read(int(self.headers["Content-Length"])).decode())
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def _run(tmp_path, env, inputs):
    done = subprocess.run(
        [str(BIN / "promopacket"), "run", str(inputs), "--outputs", str(tmp_path / "outputs")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.returncode, done.stdout + done.stderr


def _run_id(output: str, server: str) -> str:
    prefix = f"Flow run: {server.removesuffix('/api')}/runs/flow-run/"
    line = next(x for x in output.splitlines() if x.startswith(prefix))
    return line.removeprefix(prefix).strip()


def test_problem_runs_end_in_named_states_and_fire_the_automation(
    prefect_server, webhook, tmp_path
):
    url, received = webhook
    env = client_env(tmp_path / ".prefect", prefect_server)
    alerts = subprocess.run(
        [sys.executable, "-m", "promopacket.flows.alerts", url],
        env={**env, "PYTHONPATH": ":".join(sys.path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert alerts.returncode == 0, alerts.stderr
    automation = api(prefect_server, "/automations/filter", {})
    assert [a["name"] for a in automation] == ["promopacket-run-problems"]
    try:
        _fire_on_problem_runs(prefect_server, received, env, tmp_path)
    finally:  # the server is shared: the other tests' runs must not call a stopped webhook
        _delete(f"{prefect_server}/automations/{automation[0]['id']}")


def _fire_on_problem_runs(prefect_server, received, env, tmp_path):
    # 1. a rejected Achievements row: every person built → "Completed with problems"
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    write_input_workbook(
        inputs / "team.xlsx",
        {
            "People": [person(), person(person_id="p2", name="Bo Private")],
            "Achievements": [achievement(), achievement(person_id="p2", baseline="lots")],
        },
    )
    code, output = _run(tmp_path, env, inputs)
    assert code == 1, output
    run = api(prefect_server, f"/flow_runs/{_run_id(output, prefect_server)}")
    assert (run["state"]["type"], run["state"]["name"]) == ("COMPLETED", "Completed with problems")
    body = json.loads(received.get(timeout=ALERT_TIMEOUT))
    assert body["text"].startswith(
        f"promopacket: build-cohort run '{run['name']}' ended Completed with problems: "
        "1 workbook; 2 people: 2 written, 0 unchanged, 0 failed; 1 row rejected"
    )
    assert body["text"].endswith(run["id"])  # the run's page, or its id (this server has no UI)

    # the flow run's log: counts, ids and statuses at INFO, without --verbose; no names
    logs = api(prefect_server, "/logs/filter", {"logs": {"flow_run_id": {"any_": [run["id"]]}}})
    info = [log["message"] for log in logs if log["level"] == 20]
    assert "team.xlsx: 2 people, 4 rows read, 1 rejected; 1 blocking problems, 0 advice" in info
    assert {"p1: written, files 2", "p2: written, files 2"} <= set(info)  # packet and brief
    task_runs = api(
        prefect_server, "/task_runs/filter", {"flow_runs": {"id": {"any_": [run["id"]]}}}
    )
    assert {"read team.xlsx", "render p1", "render p2"} <= {t["name"] for t in task_runs}
    for text in [*(log["message"] for log in logs), body["text"]]:
        assert not any(private in text for private in PRIVATE), text

    # 2. an unreadable workbook → Failed, and the automation fires again
    shutil.rmtree(tmp_path / "outputs")
    (inputs / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    code, output = _run(tmp_path, env, inputs)
    assert code == 1, output
    run = api(prefect_server, f"/flow_runs/{_run_id(output, prefect_server)}")
    assert run["state"]["type"] == "FAILED"
    assert run["state"]["message"].startswith("2 workbooks (1 not processed)")
    body = json.loads(received.get(timeout=ALERT_TIMEOUT))
    assert f"run '{run['name']}' ended Failed: 2 workbooks (1 not processed)" in body["text"]
    assert received.empty()


def _delete(url: str, attempts: int = 5) -> None:
    """Clean-up only: a busy SQLite server answers 503 now and then (seen once in CI, after the
    assertions had passed); retry that, raise anything else, and the last 503 too."""
    for attempt in range(attempts):
        try:
            urllib.request.urlopen(urllib.request.Request(url, method="DELETE"), timeout=10).close()
            return
        except urllib.error.HTTPError as exc:
            if exc.code != 503 or attempt == attempts - 1:
                raise
            time.sleep(1 + attempt)
