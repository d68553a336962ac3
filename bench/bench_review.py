"""Benchmark of the review stage: calibration, changes and the HTML review for a large cohort.

The people's build records are made with the core as a build makes them (rewrite, assemble,
record), twice, with one achievement changed for every tenth person in the second build, but
no Word document is rendered: the review stage reads records, not documents. Then the stage is
timed as a run does it (summary.py: write_reports):

- review data: reading every record, what changed, the calibration rows, the distribution;
- the Calibration, Scores and Changes sheets written and saved on their own (the cost they add
  to summary.xlsx);
- the HTML review: every page rendered and written.

Compared with the wall time of a full `promopacket run` of as many people from results.json.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import time
from decimal import Decimal
from pathlib import Path

from bench.synth import make_cohort


def _records(group, settings, out: Path, second: bool) -> list:
    """One build's records for everyone (no documents); returns the people's results."""
    from promopacket.build.person import person_documents, person_result
    from promopacket.build.record import save_record
    from promopacket.rewrite.loading import cached_rules
    from promopacket.run.cohort import with_row_counts

    rules = cached_rules(settings.rules_dir, settings.user_rules_dir)
    today = dt.date(2026, 11, 1)
    results = []
    for n, bundle in enumerate(group.bundles):
        if second and n % 10 == 0 and bundle.achievements:
            first = bundle.achievements[0]
            changed = first.model_copy(update={"result": (first.result or Decimal(0)) + 1})
            bundle = bundle.model_copy(update={"achievements": [changed, *bundle.achievements[1:]]})
        made = person_documents(bundle, settings, rules, today)  # as the run makes them
        build = "2" if second and n % 10 == 0 else "1"
        record = made.record.model_copy(
            update={"input_hash": f"build-{build}", "built_at": f"2026-11-0{1 + second}T06:00:00"}
        )
        save_record(out, record)
        result = person_result(bundle, made, [out / bundle.person.person_id / "packet.docx"])
        results.append(with_row_counts(result, group.intakes))
    return results


def bench_review(people: int, work: Path) -> dict:
    from openpyxl import Workbook

    from promopacket.build.results import WorkbookResult
    from promopacket.report.problems import add_table_sheet
    from promopacket.report.review.excel import add_calibration_sheet, calibration_table
    from promopacket.report.review.html import write_review
    from promopacket.report.review.tables import CHANGES_COLUMNS, changes_rows
    from promopacket.report.summary import group_review
    from promopacket.run.cohort import GroupResult, list_workbooks, plan_groups, read_intake
    from promopacket.settings import Settings

    folder = work / f"review-cohort-{people}"
    out_root = work / f"review-out-{people}"
    for path in (folder, out_root):
        shutil.rmtree(path, ignore_errors=True)
    make_cohort(people, folder)
    settings = Settings(outputs_dir=out_root, data_docs=False)
    began = time.perf_counter()
    intakes = [read_intake(p, settings) for p in list_workbooks([folder])]
    (group,) = plan_groups(intakes, settings, cohort="bench")
    out = Path(group.output_dir)
    _records(group, settings, out, second=False)
    results = _records(group, settings, out, second=True)
    prepared = time.perf_counter() - began
    result = GroupResult(name=group.name, output_dir=str(out))
    for intake in intakes:
        mine = [r for r in results if r.workbook == intake.data.file]
        result.workbooks.append(
            WorkbookResult(
                file=intake.data.file,
                output_dir=str(out),
                counts=intake.data.counts,
                problems=intake.data.problems,
                people=mine,
            )
        )

    c0, t0 = time.process_time(), time.perf_counter()
    review = group_review(result)
    t1 = time.perf_counter()
    book = Workbook()
    headers, rows = calibration_table(review.expectations, review.calibration)
    add_calibration_sheet(book, headers, rows, review.distribution, index=1)
    add_table_sheet(book, "Changes", CHANGES_COLUMNS, changes_rows(review))
    book.save(out / "calibration-only.xlsx")
    t2 = time.perf_counter()
    index = write_review(result, review)
    t3, c3 = time.perf_counter(), time.process_time()

    pages = sorted((out / "review").rglob("*.html"))
    person_pages = [p.stat().st_size for p in pages if p.parent.name == "people"]
    calibration_pages = [p.stat().st_size for p in pages if p.parent.name == "review"]
    changed = sum(bool(c.changes) for c in review.changes.values())
    return {
        "people": people,
        "statements": sum(r.statements for r in results),
        "people_changed": changed,
        "records_prepared_s": prepared,
        "review_data_s": t1 - t0,
        "sheets_s": t2 - t1,
        "html_s": t3 - t2,
        "total_s": t3 - t0,
        "total_cpu_s": c3 - c0,
        "pages": len(pages),
        "index_kb": index.stat().st_size / 1024,
        "calibration_page_max_kb": max(calibration_pages) / 1024,
        "person_page_median_kb": statistics.median(person_pages) / 1024,
        "person_page_max_kb": max(person_pages) / 1024,
        "review_total_mb": sum(p.stat().st_size for p in pages) / 1024 / 1024,
        "record_median_kb": statistics.median(
            p.stat().st_size for p in (out / "records").glob("*.json")
        )
        / 1024,
    }


def review_section(review: dict, sizes: list[dict], run_date: str) -> list[str]:
    """The report's lines for the review stage, against the full run of as many people."""
    n = review["people"]
    full = next((s for s in sizes if s["people"] == n), None)
    if full is None and review.get("reference"):  # the full run it was compared with then
        ref = review["reference"]
        full, run_date = {"full": {"wall_s": ref["wall_s"]}}, ref["date"]
    lines = [
        f"### Review stage: calibration, changes and the HTML review for {n:,} people",
        "",
        f"Synthetic cohort ({review['statements']:,} statements; every tenth person changed "
        f"between two builds: {review['people_changed']} with changes). Records made with the "
        "core as a build makes them, no Word document rendered; the stage timed as "
        "`write_reports` runs it (wall seconds, one process).",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| review data: {n:,} records read, changes, calibration rows | "
        f"{review['review_data_s']:.2f} s |",
        "| Calibration, Scores and Changes sheets written and saved | "
        f"{review['sheets_s']:.2f} s |",
        f"| HTML review: {review['pages']:,} pages rendered and written | "
        f"{review['html_s']:.2f} s |",
        f"| **review stage, total** | **{review['total_s']:.2f} s** |",
        f"| … of which CPU time of this process | {review['total_cpu_s']:.2f} s |",
        f"| index.html (first calibration page, 100 people) | {review['index_kb']:.0f} KB |",
        f"| largest calibration page | {review['calibration_page_max_kb']:.0f} KB |",
        f"| person page, median / largest | {review['person_page_median_kb']:.0f} / "
        f"{review['person_page_max_kb']:.0f} KB |",
        f"| the whole review folder | {review['review_total_mb']:.1f} MB |",
        f"| a person's record (records/), median | {review['record_median_kb']:.0f} KB |",
    ]
    if full:
        pct = 100 * review["total_s"] / full["full"]["wall_s"]
        ok = "met" if pct < 10 else "**MISSED**"
        lines += [
            "",
            f"Against the full run of {n:,} people measured by `make bench` ({run_date}): "
            f"{review['total_s']:.1f} s of {full['full']['wall_s']:.0f} s = {pct:.1f}% "
            f"(target < 10%: {ok}). Measured on {review.get('date', 'another day')} on the "
            "same kind of 2-core machine, shared: load average "
            f"{', '.join(f'{x:.1f}' for x in review.get('load_avg_at_start', []))} at the start "
            "of this measure (the full run's figure was taken at about 1), so the wall time "
            "here is an upper bound; the CPU time is what the stage itself costs.",
        ]
    return lines + [""]
