"""Round three, terminals: with an ASCII locale (LANG/LC_ALL=C, PYTHONIOENCODING unset and
Python's UTF-8 mode off, as on a minimal container or a cron job) the real command succeeds
and prints ASCII fallbacks ('ok', '->') instead of raising UnicodeEncodeError."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from promopacket.read.writer import write_input_workbook
from tests.conftest import achievement, meeting, person, team

EXE = Path(sys.executable).parent / "promopacket"


def _ascii_env(root: Path) -> dict[str, str]:
    keep = ("PATH", "HOME", "TMPDIR")
    env = {k: v for k, v in os.environ.items() if k in keep}
    return {
        **env,
        "LANG": "C",
        "LC_ALL": "C",  # no coercion to C.UTF-8: stdout really is ASCII
        "PYTHONUTF8": "0",
        "PREFECT_HOME": str(root / ".prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PROMOPACKET_DATA_DOCS": "false",
        "COLUMNS": "300",
    }


def _book(path: Path) -> Path:
    return write_input_workbook(
        path,
        {
            "People": [person(name="Zoë Ñandú ✨", manager_name="Renée Çelik")],
            "Achievements": [
                achievement(statement="Reduced latency → 30 min… — “quoted” ✓"),
                achievement(baseline="fifty"),  # a located problem whose message quotes a cell
            ],
            "Team": [team(mission="Ranking für Suche")],
            "Meetings": [meeting(with_name="Renée Çelik", key_points="Très bien → next step")],
        },
    )


def _check_ascii(done: subprocess.CompletedProcess) -> str:
    for stream in (done.stdout, done.stderr):
        assert b"Traceback" not in stream, stream.decode("ascii", "replace")[-3000:]
        stream.decode("ascii")  # every byte printed is ASCII
    return done.stdout.decode("ascii")


def test_run_with_an_ascii_terminal_succeeds_and_prints_fallbacks(tmp_path):
    inputs = tmp_path / "inputs"
    _book(inputs / "team.xlsx")
    env = _ascii_env(tmp_path)
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.stdout.encoding)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip().lower() in ("ascii", "ansi_x3.4-1968"), probe.stdout

    done = subprocess.run(
        [str(EXE), "run", str(inputs), "--outputs", str(tmp_path / "outputs")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=600,
    )
    out = _check_ascii(done)
    assert done.returncode == 1, out  # one rejected row: exit 1 as documented, not a crash
    assert "->" in out and "team.xlsx" in out, out
    assert (tmp_path / "outputs" / "team" / "p1" / "packet.docx").is_file()

    # The commands that need no server, too: validate (names quoted) and explain.
    for args in (["validate", str(inputs / "team.xlsx")], ["--help"]):
        done = subprocess.run(
            [str(EXE), *args], cwd=tmp_path, env=env, capture_output=True, timeout=300
        )
        _check_ascii(done)
        assert done.returncode in (0, 1), done.stdout
