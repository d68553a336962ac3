"""The example workbook's records, read and validated once per test process (it takes seconds)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from promopacket.core.models import PersonBundle
from promopacket.run.workbooks import load_and_validate, person_bundles
from promopacket.settings import Settings
from tests.conftest import ROOT

EXAMPLE = ROOT / "inputs" / "example.xlsx"
TODAY = dt.date(2026, 11, 23)  # fixed, so golden files do not change with the calendar


@lru_cache(maxsize=1)
def example_bundles() -> tuple[PersonBundle, ...]:
    return tuple(person_bundles(load_and_validate(EXAMPLE, Settings())))


def example_bundle(person_id: str) -> PersonBundle:
    return next(b for b in example_bundles() if b.person.person_id == person_id)
