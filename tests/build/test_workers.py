"""How many worker processes build a run's people (promopacket.build.pool.size_for)."""

import pytest

from promopacket.build import pool as workers


@pytest.fixture
def two_cores(monkeypatch):
    monkeypatch.setattr(workers, "cores", lambda: 2)


def test_workers_start_by_themselves_only_for_enough_people(two_cores):
    assert workers.size_for(0, workers.MIN_PEOPLE - 1) == 0
    assert workers.size_for(0, workers.MIN_PEOPLE) == 2
    assert workers.size_for(0, 1000) == 2  # one per core, never more


def test_asked_for_workers_and_one_process(two_cores):
    assert workers.size_for(1, 1000) == 0  # --processes 1: all in the run's process
    assert workers.size_for(3, 2) == 2  # never more workers than people
    assert workers.size_for(4, 100) == 4


def test_one_core_builds_in_the_run_process(monkeypatch):
    monkeypatch.setattr(workers, "cores", lambda: 1)
    assert workers.size_for(0, 1000) == 0
