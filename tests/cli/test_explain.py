"""`promopacket explain`: original, rule, arithmetic, result and score reasons per statement."""

from typer.testing import CliRunner

import promopacket.cli.explain  # noqa: F401  (registers the command)
import promopacket.cli.validate  # noqa: F401  (a second command keeps typer in group mode)
from promopacket.cli import app
from tests.conftest import EXAMPLE


def test_explain_one_row_of_the_example(monkeypatch, tmp_path):
    monkeypatch.setenv("PROMOPACKET_OUTPUTS_DIR", str(tmp_path))
    runner = CliRunner()
    done = runner.invoke(
        app, ["explain", str(EXAMPLE), "--person", "ana.ruiz", "--row", "2"], terminal_width=200
    )
    assert done.exit_code == 0, done.output
    out = done.output
    assert "Original    Helped ML team with data pipeline" in out
    assert "Rule        change-improved" in out
    assert "Arithmetic  |30 − 50| / 50 × 100 = 40%" in out
    flat = " ".join(out.split())
    assert (
        "Helped reduce feature ingestion latency by 40% (50 min → 30 min) in the ML team's data "
        "pipeline" in flat
    )
    assert "-15 weak phrase (helped)" in out
    assert out.count("Original") == 1

    unknown = runner.invoke(app, ["explain", str(EXAMPLE), "--person", "nobody"])
    assert unknown.exit_code == 1 and "No person 'nobody'" in unknown.output
    assert "Traceback" not in unknown.output
