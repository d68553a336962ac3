"""`promopacket serve --cron` against a real server: a scheduled run completes and writes files."""

import shutil
import signal
import subprocess
import time

import pytest

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
            completed = [r for r in runs if r["deployment_id"]]
            time.sleep(2)
        assert completed, f"no scheduled run finished: {(tmp_path / 'serve.log').read_text()}"
        run = completed[0]
        assert run["state_type"] == "COMPLETED", run["state"]
        assert "auto-scheduled" in run["tags"]
        deployment = api(prefect_server, f"/deployments/{run['deployment_id']}")
        assert deployment["name"] == "every-minute"
        assert deployment["schedules"][0]["schedule"]["cron"] == "* * * * *"
        out = outputs / "example"
        assert sorted(p.parent.name for p in out.glob("*/packet.docx")) == [
            "ana.ruiz",
            "ben.okafor",
            "chen.li",
        ]
        assert (out / "summary.xlsx").exists() and (out / "manifest.json").exists()
    finally:
        code = stop(serve, signal.SIGINT)
        log.close()
    text = (tmp_path / "serve.log").read_text()
    assert code in (0, 130, -signal.SIGINT), text
    assert "Traceback" not in text and "INFO" not in text, text
