"""Shared fixtures: workbooks built in code, isolated settings, one Prefect test server."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from promopacket.read.writer import write_input_workbook
from promopacket.settings import Settings

ROOT = Path(__file__).resolve().parent.parent  # the repository
EXAMPLE = ROOT / "inputs" / "example.xlsx"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/*.txt from the current output instead of comparing.",
    )


@pytest.fixture
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden"))


def person(**overrides):
    row = dict(
        person_id="p1",
        name="Pat Doe",
        current_title="Senior ML Engineer",
        target_title="Lead ML Engineer",
        team="Ranking",
        manager_name="Sam Lee",
    )
    row.update(overrides)
    return row


def achievement(**overrides):
    row = dict(
        person_id="p1",
        period="2026-Q1",
        project="Feature store",
        statement="Helped ML team with data pipeline",
        metric="feature ingestion latency",
        baseline=50,
        result=30,
        unit="min",
        better="lower",
        outcome="enabling daily model retraining instead of weekly",
    )
    row.update(overrides)
    return row


def meeting(**overrides):
    row = dict(
        person_id="p1",
        date=dt.date(2026, 10, 6),
        with_name="Sam Lee",
        outcome="development plan",
        key_points="Good progress.",
    )
    row.update(overrides)
    return row


def feedback(**overrides):
    row = dict(
        person_id="p1",
        from_name="Rosa Diaz",
        from_role="Product manager, Search",
        relationship="stakeholder",
        date=dt.date(2026, 9, 14),
        quote="Pat is the person we go to when a ranking change needs to ship safely.",
    )
    row.update(overrides)
    return row


def team(**overrides):
    row = dict(team="Ranking", mission="Ranking for search")
    row.update(overrides)
    return row


@pytest.fixture
def make_workbook(tmp_path):
    """make_workbook(sheets, name=..., headers=...) → path of a real .xlsx built in code."""

    def _make(sheets=None, name="book.xlsx", headers=None):
        if sheets is None:
            sheets = {
                "People": [person()],
                "Achievements": [achievement()],
                "Team": [team()],
                "Meetings": [meeting()],
            }
        return write_input_workbook(tmp_path / name, sheets, headers)

    return _make


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        inputs_dir=tmp_path / "inputs",
        outputs_dir=tmp_path / "outputs",
        prefect_home=tmp_path / ".prefect",
    )


@pytest.fixture
def example_copy(tmp_path) -> Path:
    target = tmp_path / "inputs" / "example.xlsx"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE, target)
    return target


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    """One temporary Prefect server for the flow tests (it costs seconds to start)."""
    home = tmp_path_factory.mktemp("prefect-home")
    os.environ["PREFECT_HOME"] = str(home)
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
