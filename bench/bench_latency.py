"""Issue 27's latency rows alone: rerun with nothing changed, one person changed, `watch`.

    .venv/bin/python bench/bench_latency.py --people 1000 --watch 100      # a few minutes
    .venv/bin/python bench/bench_latency.py --people 100 --watch 0 --repeat 3

The same runs as bench_cohort.py (same synthetic cohort, same `promopacket run` subprocess, same
stage timings), without the floor, Dask or the review stage, so one change can be measured
before and after in minutes. The floor measured in the same session is a bare import of
Prefect, Great Expectations and docxtpl (a process's start). Writes bench/latency.json only:
bench/report.md is `make bench`'s.
With --code DIR, the runs import the package from DIR and write bench/latency-<DIR name>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_cohort import (  # noqa: E402
    TARGETS,
    WORK,
    bare_import,
    bench_watch,
    breakdown,
    change_one_person,
    machine,
    run_command,
)
from bench.synth import make_cohort  # noqa: E402

LATENCY = ROOT / "bench" / "latency.json"


def _row(run: dict) -> dict:
    parts = breakdown(run)
    return {
        "wall_s": round(run["wall_s"], 2),
        "beyond_start_s": round(run["wall_s"] - parts.get("startup_imports", 0.0), 2),
        "statuses": run["statuses"],
        "exit": run["exit"],
        "breakdown": {k: round(v, 2) for k, v in parts.items() if abs(v) >= 0.05},
    }


def bench_reruns(people: int, repeat: int, full_run: bool, tag: str = "") -> dict:
    folder, out = WORK / f"latency-{people}{tag}", WORK / f"out-latency-{people}{tag}"
    args = [str(folder), "--outputs", str(out)]
    result: dict = {"people": people}
    if full_run or not folder.is_dir() or not out.is_dir():
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        make_cohort(people, folder)
        full = run_command(args, f"latency-full-{people}")
        result["full"] = _row(full)
        print(f"full run {full['wall_s']:.1f} s", flush=True)
    run_command(args, f"latency-settle-{people}")  # what the full run left to rewrite
    reruns = [_row(run_command(args, f"latency-rerun-{people}-{n}")) for n in range(repeat)]
    ones = []
    for n in range(repeat):
        person = change_one_person(folder)
        ones.append({**_row(run_command(args, f"latency-one-{people}-{n}")), "person": person})
    result["rerun"], result["one_changed"] = reruns, ones
    for name, runs in (("rerun", reruns), ("one_changed", ones)):
        walls = sorted(r["wall_s"] for r in runs)
        beyond = sorted(r["beyond_start_s"] for r in runs)
        result[f"{name}_median_s"] = walls[len(walls) // 2]
        result[f"{name}_beyond_start_median_s"] = beyond[len(beyond) // 2]
        print(f"{name}: {walls} s wall, {beyond} s beyond the imports", flush=True)
    if "full" in result:
        result["rerun_pct"] = 100 * result["rerun_median_s"] / result["full"]["wall_s"]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000, help="reruns' cohort (0: skip)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--watch", type=int, default=100, help="watch's cohort (0: skip)")
    parser.add_argument("--edits", type=int, default=3, help="watch's saves measured")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the cohort built by an earlier call"
    )
    parser.add_argument(
        "--code",
        type=Path,
        help="run this copy of the package instead (PYTHONPATH), e.g. `git archive` of main: "
        "before and after in one session; its cohort and outputs get their own folders",
    )
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    tag = ""
    if args.code:
        os.environ["PYTHONPATH"] = str(args.code.resolve())
        tag = "-" + args.code.resolve().name
    results: dict = {
        "machine": machine(),
        "command": "bench/bench_latency.py " + " ".join(sys.argv[1:]),
        "targets": {k: TARGETS[k] for k in ("rerun_pct", "rerun_work_s", "one_changed_s")},
        "load_avg_at_start": list(os.getloadavg()),
    }
    results["bare_import_s"] = sorted(bare_import() for _ in range(3))[1]
    print(f"bare import {results['bare_import_s']:.2f} s", flush=True)
    if args.people:
        results["reruns"] = bench_reruns(args.people, args.repeat, not args.reuse, tag)
    if args.watch:
        watched = bench_watch(args.watch, args.edits)
        results["watch"] = {k: v for k, v in watched.items() if k != "output_tail"}
        print(f"watch: {watched['latencies_s']} s, median {watched['median_s']:.2f}", flush=True)
    results["load_avg_at_end"] = list(os.getloadavg())
    results["date"] = dt.datetime.now().isoformat(timespec="seconds")
    latency = LATENCY.with_name(f"latency{tag}.json")
    latency.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"load average {results['load_avg_at_start']} → {results['load_avg_at_end']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
