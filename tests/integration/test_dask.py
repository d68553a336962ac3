"""`run --workers 2` on a Dask LocalCluster against a real server = the same documents as a
sequential run, and a clean terminal (no Prefect or Dask start-up noise, no tracebacks)."""

import shutil
import subprocess

import pytest
from docx import Document

from tests.conftest import EXAMPLE
from tests.integration.conftest import BIN, client_env

pytestmark = pytest.mark.integration


def _text(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def _run(tmp_path, api_url, outputs, *extra):
    return subprocess.run(
        [str(BIN / "promopacket"), "run", "inputs", "--outputs", str(outputs), *extra],
        cwd=tmp_path,
        env=client_env(tmp_path / ".prefect", api_url),
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_dask_run_gives_the_same_documents_as_a_sequential_run(prefect_server, tmp_path):
    (tmp_path / "inputs").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "inputs" / "example.xlsx")
    shutil.copy(EXAMPLE, tmp_path / "inputs" / "second.xlsx")
    sequential = _run(tmp_path, prefect_server, tmp_path / "seq")
    dask = _run(tmp_path, prefect_server, tmp_path / "dask", "--workers", "2")
    for done in (sequential, dask):
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stderr == "", done.stderr
        assert "6 people to build" in done.stdout and "[6/6]" in done.stdout
    seq_docs = sorted(p.relative_to(tmp_path / "seq") for p in (tmp_path / "seq").rglob("*.docx"))
    dask_docs = sorted(
        p.relative_to(tmp_path / "dask") for p in (tmp_path / "dask").rglob("*.docx")
    )
    assert len(seq_docs) == 20 and seq_docs == dask_docs  # 6 packets, 6 briefs, 8 letters
    for rel in seq_docs:
        assert _text(tmp_path / "seq" / rel) == _text(tmp_path / "dask" / rel), rel
