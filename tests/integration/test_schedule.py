"""`promopacket serve --cron` against a real server: a scheduled run completes and writes files."""

import shutil
import signal
import subprocess
import time

import pytest

from promopacket.flows.deployments import DEPLOYMENTS
from tests.conftest import EXAMPLE
from tests.integration.conftest import BIN, api, client_env, stop

pytestmark = pytest.mark.integration
RUN_TIMEOUT = 180  # a cron minute, the scheduler loop, and the run itself


def test_served_cohort_flow_runs_on_its_schedule(prefect_server, tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(EXAMPLE, inputs / "example.xlsx")
    outputs = tmp_path / "outputs"
    log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen(
        [
            # SIGINT ignored, as a shell script's background job (`promopacket serve … &`)
            # starts it; exec keeps the disposition, and the shell stays out of the way
            "sh",
            "-c",
            'trap "" INT; exec "$0" "$@"',
            str(BIN / "promopacket"),
            "serve",
            "--cron",
            "* * * * *",
            "--name",
            "every-minute",
            "--inputs",
            str(inputs),
            "--outputs",
            str(outputs),
        ],
        cwd=tmp_path,
        env=client_env(tmp_path / ".prefect", prefect_server),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + RUN_TIMEOUT
        completed = []
        while not completed and time.monotonic() < deadline:
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()
            runs = api(
                prefect_server,
                "/flow_runs/filter",
                {"flow_runs": {"state": {"type": {"any_": ["COMPLETED", "FAILED", "CRASHED"]}}}},
            )
            # this deployment's runs only: the server is shared with the other integration tests
            mine = {d["id"] for d in _deployment(prefect_server, "every-minute")}
            completed = [r for r in runs if r["deployment_id"] in mine]
            time.sleep(2)
        assert completed, f"no scheduled run finished: {(tmp_path / 'serve.log').read_text()}"
        run = completed[0]
        assert run["state_type"] == "COMPLETED", (
            run["state"]["message"],
            (tmp_path / "serve.log").read_text()[-3000:],
        )
        assert "auto-scheduled" in run["tags"]
        deployment = api(prefect_server, f"/deployments/{run['deployment_id']}")
        assert deployment["name"] == "every-minute"
        assert deployment["schedules"][0]["schedule"]["cron"] == "* * * * *"
        # cohort-weekly as declared once (flows/deployments.py), with the options given
        assert deployment["description"] == DEPLOYMENTS["cohort-weekly"].description
        request = deployment["parameters"]["request"]
        assert (request["inputs"], request["outputs"]) == (str(inputs), str(outputs))
        out = outputs / "example"
        assert sorted(p.parent.name for p in out.glob("*/packet.docx")) == [
            "ana.ruiz",
            "ben.okafor",
            "chen.li",
        ]
        assert (out / "summary.xlsx").exists() and (out / "manifest.json").exists()
        # one line per run, printed by serve: its state, counts and the flow run's page
        url = f"{prefect_server.removesuffix('/api')}/runs/flow-run/{run['id']}"
        deadline = time.monotonic() + 30
        while url not in (tmp_path / "serve.log").read_text() and time.monotonic() < deadline:
            time.sleep(1)
        line = next(x for x in (tmp_path / "serve.log").read_text().splitlines() if url in x)
        assert f"run {run['name']!r}: Completed — 1 workbook; 3 people: 3 written" in line
    finally:
        code = stop(serve, signal.SIGTERM)  # as a service manager stops it
        log.close()
    text = (tmp_path / "serve.log").read_text()
    assert code == 0, text
    assert "Traceback" not in text and "INFO" not in text and "never awaited" not in text, text
    assert text.rstrip().endswith("Stopped."), text


def test_serve_stops_cleanly_on_ctrl_c(prefect_server, tmp_path):
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        serve = subprocess.Popen(
            [str(BIN / "promopacket"), "serve", "--cron", "0 6 * * 1", "--name", "ctrl-c"],
            cwd=tmp_path,
            env=client_env(tmp_path / ".prefect", prefect_server),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not _deployment(prefect_server, "ctrl-c"):
                assert serve.poll() is None, log_path.read_text()
                time.sleep(1)
            assert _deployment(prefect_server, "ctrl-c"), log_path.read_text()
            time.sleep(3)  # the runner is polling by now
        finally:
            code = stop(serve, signal.SIGINT)
    text = log_path.read_text()
    assert code == 0, text
    assert "Traceback" not in text and text.rstrip().endswith("Stopped."), text
    # as flow.serve does: the schedule is paused while nothing serves it
    assert _deployment(prefect_server, "ctrl-c")[0]["paused"] is True


def _deployment(url, name):
    return api(url, "/deployments/filter", {"deployments": {"name": {"any_": [name]}}})
