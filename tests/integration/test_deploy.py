"""`make deploy` against a real server, a process worker, a triggered run that completes."""

import shutil
import signal
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLE
from tests.integration.conftest import (
    BIN,
    RUN_TIMEOUT,
    api,
    deploy_env,
    make_deploy,
    run_deployment,
    start_worker,
    stop,
)

pytestmark = pytest.mark.integration


HOLD_LOCK = """
import sys, time
from pathlib import Path
from promopacket.run.lock import output_lock
with output_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(600)
"""


def test_make_deploy_then_a_worker_runs_a_triggered_flow(prefect_server, tmp_path):
    env = deploy_env(tmp_path / ".prefect", prefect_server)
    deploy = make_deploy(env)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    assert "prefect worker start --pool promopacket" in deploy.stdout
    pool = api(prefect_server, "/work_pools/promopacket")
    assert pool["type"] == "process"
    deployments = {
        d["name"]: d
        for d in api(prefect_server, "/deployments/filter", {})
        if d["work_pool_name"] == "promopacket"
    }
    assert {"cohort-weekly", "example-workbook"} <= set(deployments)
    weekly = deployments["cohort-weekly"]
    assert weekly["schedules"][0]["schedule"]["cron"] == "0 6 * * 1"

    # a second `make deploy` finds the pool and updates the deployments
    again = make_deploy(env)
    assert again.returncode == 0, again.stdout + again.stderr

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(EXAMPLE, inputs / "example.xlsx")
    outputs = tmp_path / "outputs"
    log_path = tmp_path / "worker.log"
    worker = start_worker(env, tmp_path, log_path)
    try:
        run = run_deployment(
            prefect_server,
            weekly["id"],
            {"request": {"inputs": str(inputs), "outputs": str(outputs)}},
            worker,
            log_path,
        )
        assert run["state"]["type"] == "COMPLETED", (run["state"], log_path.read_text())
        assert run["state"]["name"] == "Completed"  # the example has advice, nothing blocking
        assert run["work_pool_name"] == "promopacket"

        # While another run writes a folder (it holds the folder's lock, as `promopacket
        # run` does), a deployment run on the same folder ends Failed and writes nothing.
        busy = tmp_path / "busy"
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(busy)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert holder.stdout.readline().strip() == "held"
            run = run_deployment(
                prefect_server,
                weekly["id"],
                {"request": {"inputs": str(inputs), "outputs": str(busy)}},
                worker,
                log_path,
            )
        finally:
            holder.kill()
            holder.wait(10)
        assert run["state"]["type"] == "FAILED", (run["state"], log_path.read_text()[-3000:])
        assert "Another promopacket run is writing to" in run["state"]["message"]
        assert sorted(p.name for p in busy.iterdir()) == [".promopacket.lock"]

        # The example-workbook deployment, then `promopacket run` on the same outputs:
        # one incremental path, so no document is taken for a reviewer's edit.
        single = tmp_path / "single"
        example = deployments["example-workbook"]
        run = run_deployment(
            prefect_server,
            example["id"],
            {"request": {"workbooks": [str(inputs / "example.xlsx")], "outputs": str(single)}},
            worker,
            log_path,
        )
        assert run["state"]["type"] == "COMPLETED", (run["state"], log_path.read_text())
        plain = subprocess.run(
            [str(BIN / "promopacket"), "run", str(inputs), "--outputs", str(single)],
            cwd=tmp_path,
            env={**env, "PREFECT_API_URL": prefect_server},
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
        assert plain.returncode == 0, plain.stdout + plain.stderr
        assert "3 unchanged" in " ".join(plain.stdout.split()), plain.stdout
        assert not list(single.rglob("*.new.docx"))
    finally:
        stop(worker, signal.SIGINT)
    packets = sorted(p.parent.name for p in (outputs / "example").glob("*/packet.docx"))
    assert packets == ["ana.ruiz", "ben.okafor", "chen.li"]
    assert (outputs / "example" / "summary.xlsx").exists()
