"""Property: whatever mess a workbook holds, every non-blank row is used or rejected, never both,
and every rejected row is explained by a located row problem."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promopacket.read.workbook import read_workbook
from promopacket.read.writer import write_input_workbook
from promopacket.settings import Settings
from promopacket.validate.records import validate_workbook
from tests.conftest import achievement, person

IDS = st.sampled_from(["p1", "p2", " P1 ", "p 1", "ghost", "", "   ", None])
NUMBERS = st.sampled_from([40, 3.5, "40%", "1,200", " 30 ", "$120k", "lots", "30 min", None, ""])
BETTER = st.sampled_from(["higher", " LOWER ", "sideways", None])
TEXT = st.sampled_from(["Did a thing", "  padded  ", "", "   ", None, "=1+1", "#N/A"])
BLANK = st.just({})


def people_rows():
    row = st.builds(
        lambda pid, name, tenure: person(person_id=pid, name=name, tenure_months=tenure),
        IDS,
        TEXT,
        NUMBERS,
    )
    return st.lists(st.one_of(row, BLANK), min_size=1, max_size=5)


def achievement_rows():
    row = st.builds(
        lambda pid, statement, baseline, result, better: achievement(
            person_id=pid, statement=statement, baseline=baseline, result=result, better=better
        ),
        IDS,
        TEXT,
        NUMBERS,
        NUMBERS,
        BETTER,
    )
    return st.lists(st.one_of(row, BLANK), max_size=7)


def _blank(row: dict) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row.values())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=people_rows(), achievements=achievement_rows())
def test_every_row_is_used_or_rejected_with_a_located_reason(people, achievements):
    with tempfile.TemporaryDirectory() as tmp:
        path = write_input_workbook(
            Path(tmp) / "messy.xlsx", {"People": people, "Achievements": achievements}
        )
        config = Settings(outputs_dir=Path(tmp) / "outputs")
        data = validate_workbook(read_workbook(path, config), config)
    written = {"People": people, "Achievements": achievements}
    records = {"People": data.people, "Achievements": data.achievements}
    for sheet, rows in written.items():
        count = data.counts[sheet]
        non_blank = [r for r in rows if not _blank(r)]
        assert count.read == len(non_blank), sheet
        assert count.read == count.used + count.rejected, sheet
        if data.failed:  # no People rows at all: the workbook problem says so
            assert any(p.code == "empty_workbook" for p in data.problems)
            continue
        bad_rows = {p.row for p in data.problems if p.sheet == sheet and p.severity == "row"}
        used_rows = {r.source.row for r in records[sheet]}
        assert len(bad_rows) == count.rejected, sheet
        assert not bad_rows & used_rows, sheet
        excel_rows = {i + 2 for i, r in enumerate(rows) if not _blank(r)}
        assert bad_rows | used_rows == excel_rows, sheet
    for problem in data.problems:
        if problem.severity == "row":
            assert problem.cell.endswith(str(problem.row)) and problem.message and problem.fix
