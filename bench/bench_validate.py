"""Benchmark: validating a 5,000-row Achievements sheet against the floor of reading it.

The floor is openpyxl alone (read-only, values only) iterating every row of the same file in
the same process. Validation is promopacket's read_workbook + validate_workbook (the ephemeral
GX path that `promopacket validate` takes). The Great Expectations import is timed apart: it is
paid once per process, not per workbook. Target: validation adds at most 2x the floor.

    .venv/bin/python bench/bench_validate.py [--rows 5000] [--repeat 3]

Writes bench/validate_report.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from promopacket.read.writer import write_input_workbook  # noqa: E402
from promopacket.settings import Settings  # noqa: E402

REPORT = Path(__file__).with_name("validate_report.md")
TARGET = 2.0


def synthetic_sheets(rows: int) -> dict:
    """People of 50 and `rows` achievements; about 1 in 50 rows is broken in some way."""
    people = [
        dict(
            person_id=f"p{i}",
            name=f"Person {i}",
            current_title="Senior ML Engineer",
            target_title="Lead ML Engineer",
            team="Ranking",
            manager_name="Sam Lee",
        )
        for i in range(50)
    ]
    achievements = []
    for i in range(rows):
        row = dict(
            person_id=f"p{i % 50}",
            period="2026-Q1",
            project=f"Project {i % 17}",
            statement=f"Helped the team with pipeline number {i}",
            competency="MLOps",
            lever="Build tools and assets",
            metric="p99 latency",
            baseline=100 + i % 7,
            result="60" if i % 3 else "1,200",
            unit="ms",
            better="lower",
            outcome="enabling daily retraining",
        )
        if i % 50 == 7:
            row["baseline"] = "lots"
        if i % 50 == 19:
            row["better"] = "sideways"
        if i % 50 == 31:
            row["person_id"] = "ghost"
        achievements.append(row)
    return {"People": people, "Achievements": achievements}


def time_read_floor(path: Path) -> float:
    from openpyxl import load_workbook

    started = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=True)
    count = 0
    for ws in book.worksheets:
        for _ in ws.iter_rows(values_only=True):
            count += 1
    book.close()
    return time.perf_counter() - started


def time_validate(path: Path, settings: Settings) -> tuple[float, object]:
    from promopacket.read.workbook import read_workbook
    from promopacket.validate.records import validate_workbook

    started = time.perf_counter()
    data = validate_workbook(read_workbook(path, settings), settings)
    return time.perf_counter() - started, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_input_workbook(Path(tmp) / "bench.xlsx", synthetic_sheets(args.rows))
        small = write_input_workbook(Path(tmp) / "small.xlsx", synthetic_sheets(5))

        started = time.perf_counter()
        import great_expectations  # noqa: F401

        gx_import = time.perf_counter() - started
        time_validate(small, settings)  # warm-up: first context, lazy imports inside GX

        floors, validations = [], []
        data = None
        for _ in range(args.repeat):
            floors.append(time_read_floor(path))
            seconds, data = time_validate(path, settings)
            validations.append(seconds)
    floor = statistics.median(floors)
    validation = statistics.median(validations)
    added = validation - floor
    count = data.counts["Achievements"]
    lines = [
        "# Benchmark: validate a 5,000-row Achievements sheet",
        "",
        f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {platform.machine()} "
        f"{platform.python_version()}, {args.rows} Achievements rows + 50 People rows, "
        f"medians of {args.repeat} runs (shared 2-core machine: expect noise).",
        "",
        "| measure | seconds | × floor |",
        "|---|---:|---:|",
        f"| floor: openpyxl read-only, every row | {floor:.2f} | 1.00 |",
        f"| promopacket read + validate (GX ephemeral) | {validation:.2f} | "
        f"{validation / floor:.2f} |",
        f"| validation added over the floor | {added:.2f} | {added / floor:.2f} |",
        f"| great_expectations import (once per process, not counted) | {gx_import:.2f} | "
        f"{gx_import / floor:.2f} |",
        "",
        f"Target: validation adds at most {TARGET:.0f}× the floor → "
        f"{'met' if added / floor <= TARGET else 'MISSED'} ({added / floor:.2f}×).",
        f"Rows: read {count.read}, used {count.used}, rejected {count.rejected}; "
        f"{sum(p.blocking for p in data.problems)} blocking problems.",
        "",
        "All runs (floor / validate, s): "
        + ", ".join(f"{f:.2f}/{v:.2f}" for f, v in zip(floors, validations, strict=True)),
        "",
    ]
    REPORT.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
