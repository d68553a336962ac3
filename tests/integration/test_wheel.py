"""The built wheel runs outside the repository: installed (not editable) into a fresh virtual
environment, `init` then `run` from an empty folder write documents from the shipped templates,
rules and profiles; `python -m promopacket` is the same command."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from docx import Document

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
COPY_SKIPS = (
    ".git",
    ".venv",
    "outputs",
    "build",
    "dist",
    "site",
    "*.egg-info",
    ".prefect",
    "bench",
)


def _top_level_skips(folder: str, names: list[str]) -> list[str]:
    """Only the checkout's own top-level folders (promopacket/build/ is a stage package)."""
    if Path(folder) != ROOT:
        return [n for n in names if n == "__pycache__"]
    return [n for n in names if n in COPY_SKIPS or n.endswith(".egg-info")]


def _sh(*args, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-3000:])
    return done


def test_the_wheel_runs_init_and_run_from_an_empty_folder(tmp_path):
    # Built from a copy: setuptools' build/ folder in the checkout would keep modules that
    # have since been removed and put them in the wheel.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=_top_level_skips)
    dist = tmp_path / "dist"
    _sh(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        "-w",
        str(dist),
        str(source),
    )
    wheel = next(dist.glob("promopacket-*.whl"))
    venv = tmp_path / "venv"
    _sh(sys.executable, "-m", "venv", "--without-pip", str(venv))
    # The dependencies come from this environment's site-packages, added as a plain path (its
    # .pth files, among them the editable install of this checkout, are not run); the package
    # itself only from the wheel.
    target = Path(sysconfig.get_paths(vars={"base": str(venv), "platbase": str(venv)})["purelib"])
    target.mkdir(parents=True, exist_ok=True)
    (target / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    python = venv / "bin" / "python"
    _sh(
        sys.executable,
        "-m",
        "pip",
        "install",
        "--no-deps",
        "--no-compile",
        "-q",
        "--target",
        str(target),
        str(wheel),
    )
    work = tmp_path / "empty"
    work.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PROMOPACKET_", "PYTHON"))},
        "PREFECT_HOME": str(tmp_path / ".prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
    env.pop("PREFECT_API_URL", None)
    where = _sh(
        str(python), "-c", "import promopacket; print(promopacket.__file__)", cwd=work, env=env
    ).stdout.strip()
    assert where.startswith(str(target)), where  # the wheel's copy, not this checkout
    _sh(str(python), "-m", "promopacket", "init", "inputs/mine.xlsx", cwd=work, env=env)
    run = _sh(str(python), "-m", "promopacket", "run", cwd=work, env=env)
    assert "Done in" in run.stdout
    packets = sorted((work / "outputs").rglob("packet.docx"))
    assert packets, run.stdout
    assert any(p.text.strip() for p in Document(str(packets[0])).paragraphs)
