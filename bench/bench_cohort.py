"""Benchmark: cohort runs through the real command against the bare-docxtpl floor.

    .venv/bin/python bench/bench_cohort.py --sizes 10 100           # make bench-quick
    .venv/bin/python bench/bench_cohort.py --sizes 10 100 1000 --dask 1000   # make bench

Everything is measured in one session on the same machine, so the targets are ratios:
- floor: DocxTemplate(template) + render + save of the same contexts (packet + letters) in this
  process. The contexts and the chart PNGs are prepared beforehand with the core; embedding the
  chart image counts in the floor (docxtpl does that), drawing it with matplotlib does not (that
  is our work, reported as its own stage). Word comments are ours too, not in the floor.
- full run: `promopacket run <folder> --outputs <dir> --json` as a subprocess (embedded Prefect
  server), wall time; per-stage CPU seconds from PROMOPACKET_TIMINGS (promopacket/core/timing.py);
  peak RSS of the whole process tree (polled), the run itself and its children apart.
- rerun with nothing changed, and with one person's achievement changed.
- cold start: one 1-person workbook from a fresh process, broken down by the run's own marks,
  against `python -c "import prefect, great_expectations, docxtpl"`.
- watch (--watch N): `promopacket watch` on N people built once; one person's achievement
  saved → that person's packet.docx replaced, warm process and server (median of 3).
- issue 19's table at the top of the report, from the largest size measured.
- Dask (--dask N): N people on a 2-worker LocalCluster against a real `prefect server start`.

Writes bench/report.md and bench/results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_review import bench_review, review_section  # noqa: E402
from bench.synth import make_cohort  # noqa: E402

BIN = Path(sys.executable).parent
WORK = ROOT / "bench" / "work"
REPORT = ROOT / "bench" / "report.md"
RESULTS = ROOT / "bench" / "results.json"
# Issue 27's targets (the chart and orchestration rows are issue 19's). Per-1,000-people seconds
# scale linearly to the size measured (a fixed cost such as importing Great Expectations then
# weighs more at small sizes: the report says so).
TARGETS = {
    "full_x_floor": 0.35,
    "rerun_pct": 5.0,
    "one_changed_pct": 5.0,
    "rss_mb": 600.0,
    "rss_flat": 1.1,  # peak RSS at the largest size / at the next size down
    "chart_s_per_1000": 10.0,
    "validate_s_per_1000": 15.0,
    "orchestration_s_per_1000": 10.0,
    "rerun_work_s": 2.0,  # a rerun's wall time beyond the process's start (its imports)
    "one_changed_s": 3.0,  # a rerun with one person's achievement changed, wall
    "watch_s": 1.0,
    "dask_x_default": 1.2,  # the Dask run's wall / the default run's, same people
}
COLD_TARGET = 1.5


# ---------------------------------------------------------------- the floor (bare docxtpl)


def prepare_contexts(folder: Path) -> tuple[list[tuple[str, dict, bytes | None]], float]:
    """Every document's context as plain data, and its chart PNG, made with the core.

    Returns (template name, data, chart png or None) per document and the seconds matplotlib
    took to draw the charts (not part of the floor).
    """
    from promopacket.build.person import person_documents
    from promopacket.core.textsafe import xml_safe_tree
    from promopacket.render.charts import bar_chart_png
    from promopacket.rewrite import load_rules
    from promopacket.run.cohort import list_workbooks, plan_groups, read_intake
    from promopacket.settings import Settings

    settings = Settings(outputs_dir=WORK / "floor-scratch", data_docs=False)
    rules = load_rules(settings.rules_dir, settings.user_rules_dir)
    intakes = [read_intake(p, settings) for p in list_workbooks([folder])]
    today = dt.date(2026, 11, 1)
    docs, chart_seconds = [], 0.0
    for group in plan_groups(intakes, settings):
        for bundle in group.bundles:
            # The documents the run writes, made the one way the run makes them.
            made = person_documents(bundle, settings, rules, today)
            docs.append(("brief.docx", xml_safe_tree(made.brief.model_dump(mode="json")), None))
            data = xml_safe_tree(made.packet.model_dump(mode="json"))
            png = None
            chart = data.get("coverage_chart")
            if chart:
                started = time.perf_counter()
                png = bar_chart_png(
                    chart["title"], chart["labels"], chart["counts"], chart["x_label"]
                )
                chart_seconds += time.perf_counter() - started
            docs.append(("packet.docx", data, png))
            for letter in made.letters:
                data = xml_safe_tree(letter.context.model_dump(mode="json"))
                docs.append(("follow_up.docx", data, None))
    return docs, chart_seconds


def time_floor(docs: list[tuple[str, dict, bytes | None]], out: Path) -> float:
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    templates = ROOT / "promopacket" / "templates"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    started = time.perf_counter()
    for n, (name, data, png) in enumerate(docs):
        doc = DocxTemplate(str(templates / name))
        if png is not None:
            data = {**data, "coverage_chart": InlineImage(doc, io.BytesIO(png), width=Mm(150))}
        doc.render(data, autoescape=True)
        doc.save(str(out / f"{n}.docx"))
    return time.perf_counter() - started


# ---------------------------------------------------------------- runs of the real command


class TreeMonitor(threading.Thread):
    """Peak RSS of a process and its descendants, polled (the embedded server is a child).

    Also the peak PSS of the tree, every fifth poll (reading smaps costs more): worker
    processes forked from one fork server share its pages, which RSS counts once per process
    and PSS splits between them."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_total = self.peak_main = self.peak_children = self.peak_pss = 0
        self.done = threading.Event()
        self.polls = 0

    def run(self) -> None:
        try:
            main = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self.done.is_set():
            try:
                own = main.memory_info().rss
                kids = 0
                for child in main.children(recursive=True):
                    try:
                        kids += child.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                break
            self.peak_main = max(self.peak_main, own)
            self.peak_children = max(self.peak_children, kids)
            self.peak_total = max(self.peak_total, own + kids)
            if self.polls % 5 == 0:
                self.peak_pss = max(self.peak_pss, self._pss(main))
            self.polls += 1
            self.done.wait(self.interval)

    @staticmethod
    def _pss(main) -> int:
        total = 0
        for process in [main, *main.children(recursive=True)]:
            try:
                total += process.memory_full_info().pss
            except (psutil.Error, AttributeError):
                pass
        return total


def run_command(args: list[str], label: str, env: dict | None = None) -> dict:
    """Run `promopacket run …` once; wall time, peak RSS, stage timings, the JSON summary."""
    timings = WORK / "timings" / label
    shutil.rmtree(timings, ignore_errors=True)
    environ = {**os.environ, **(env or {}), "PROMOPACKET_TIMINGS": str(timings)}
    launched = time.time()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(BIN / "promopacket"), "run", *args, "--json"],
        cwd=WORK,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    monitor = TreeMonitor(proc.pid)
    monitor.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - started
    monitor.done.set()
    monitor.join()
    summary = {}
    try:
        summary = json.loads(stdout[stdout.index("{") :])
    except ValueError:
        print(f"[{label}] no JSON summary; stderr tail:\n{stderr[-2000:]}", file=sys.stderr)
    return {
        "label": label,
        "exit": proc.returncode,
        "wall_s": wall,
        "rss_total_mb": monitor.peak_total / 2**20,
        "rss_run_mb": monitor.peak_main / 2**20,
        "rss_children_mb": monitor.peak_children / 2**20,
        "pss_total_mb": monitor.peak_pss / 2**20,
        "statuses": statuses(summary),
        "timings": read_timings(timings, launched, proc.pid),
        "stderr_lines": len(stderr.splitlines()),
        "stderr_tail": stderr.splitlines()[-20:],  # synthetic data only: kept for diagnosis
    }


def statuses(summary: dict) -> dict[str, int]:
    """What this run did for each person (the JSON's groups[].people[].this_run: written,
    unchanged, failed …)."""
    counts: dict[str, int] = {}
    for group in summary.get("groups", []):
        for person in group.get("people", []):
            word = person.get("this_run") or person.get("status") or "?"
            counts[word] = counts.get(word, 0) + 1
    return counts


def read_timings(folder: Path, launched: float, main_pid: int) -> dict:
    """Stage CPU seconds summed over every process of the run; the main process's marks; the
    person builds' CPU in worker processes (promopacket.build.pool) apart, and how many built."""
    totals: dict[str, float] = {}
    marks: dict[str, float] = {}
    processes = builders = 0
    in_workers = 0.0
    for path in sorted(folder.glob("timings-*.json")):
        data = json.loads(path.read_text())
        processes += 1
        for name, seconds in data["totals"].items():
            totals[name] = totals.get(name, 0.0) + seconds
        if data["pid"] == main_pid:
            marks = {k: v - launched for k, v in data["marks"].items()}
        elif data["totals"].get("person"):
            builders += 1
            in_workers += data["totals"]["person"]
    return {
        "stages_cpu_s": totals,
        "marks_s": marks,
        "processes": processes,
        "build_workers": builders,
        "person_cpu_in_workers_s": in_workers,
    }


def breakdown(run: dict) -> dict[str, float]:
    """Wall time split at the run's marks, and the flow's time split by stage (CPU seconds)."""
    marks, cpu = run["timings"]["marks_s"], run["timings"]["stages_cpu_s"]
    wall = run["wall_s"]
    parts: dict[str, float] = {}
    if "settled_check_end" in marks and "flow_start" not in marks:
        # Nothing changed: settled without a flow run (cli/run.py), Prefect never imported.
        parts["startup_imports"] = marks["settled_check_start"]
        parts["settled_check"] = marks["settled_check_end"] - marks["settled_check_start"]
        parts["summary_and_exit"] = wall - marks["settled_check_end"]
    elif {"flows_imported", "flow_start", "flow_end"} <= marks.keys():
        parts["startup_imports"] = marks["flows_imported"]
        if {"intakes_read", "server_ready"} <= marks.keys():  # the server booted meanwhile
            parts["reading_ahead"] = marks["intakes_read"] - marks["flows_imported"]
            parts["server_wait"] = marks["server_ready"] - marks["intakes_read"]
            parts["flow_run_start"] = marks["flow_start"] - marks["server_ready"]
        elif "intakes_read" in marks:  # read ahead, against a server already running
            parts["reading_ahead"] = marks["intakes_read"] - marks["flows_imported"]
            parts["flow_run_start"] = marks["flow_start"] - marks["intakes_read"]
        else:
            parts["server_start_and_flow_run"] = marks["flow_start"] - marks["flows_imported"]
        parts["flow"] = marks["flow_end"] - marks["flow_start"]
        parts["teardown"] = wall - marks["flow_end"]
    stage = {
        "read": cpu.get("read", 0.0),
        "validate": cpu.get("validate", 0.0),
        "rewrite": cpu.get("rewrite", 0.0),
        "assemble": cpu.get("assemble", 0.0),
        "chart": cpu.get("chart", 0.0),
        "render": cpu.get("render", 0.0) - cpu.get("chart", 0.0),
        "manifest": cpu.get("person", 0.0)
        - sum(cpu.get(k, 0.0) for k in ("rewrite", "assemble", "render")),
        "reports": cpu.get("reports", 0.0),
    }
    parts.update({f"stage_{k}": v for k, v in stage.items()})
    if "flow" in parts:
        # Workbooks read ahead (while the server booted) were read before the flow started:
        # their read and validate time is not the flow's.
        inside = {
            k: v
            for k, v in stage.items()
            if not ("reading_ahead" in parts and k in ("read", "validate"))
        }
        needed = sum(inside.values())
        workers = run["timings"].get("build_workers", 0)
        if workers:
            # Builds in worker processes ran side by side: they took the flow their CPU
            # seconds divided among the workers, not the sum.
            in_workers = run["timings"]["person_cpu_in_workers_s"]
            needed -= in_workers - in_workers / workers
        parts["orchestration"] = parts["flow"] - needed
    return parts


def change_one_person(folder: Path) -> str:
    """Edit one achievement statement of the first person in the first workbook, in place."""
    from openpyxl import load_workbook

    path = sorted(folder.glob("*.xlsx"))[0]
    book = load_workbook(path)
    sheet = book["Achievements"]
    header = [c.value for c in sheet[1]]
    column = header.index("statement") + 1
    cell = sheet.cell(row=2, column=column)
    cell.value = f"{cell.value} (edited {time.time():.0f})"
    person = sheet.cell(row=2, column=header.index("person_id") + 1).value
    book.save(path)
    return str(person)


def edit_person(folder: Path, index: int) -> tuple[str, Path]:
    """Change the first achievement of the index-th person of the first workbook; save."""
    from openpyxl import load_workbook

    path = sorted(folder.glob("*.xlsx"))[0]
    book = load_workbook(path)
    people = book["People"]
    person = people.cell(row=2 + index, column=1).value
    sheet = book["Achievements"]
    header = [c.value for c in sheet[1]]
    who, what = header.index("person_id") + 1, header.index("statement") + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=who).value == person:
            cell = sheet.cell(row=row, column=what)
            cell.value = f"{cell.value} (edit {time.time():.3f})"
            break
    book.save(path)
    return str(person), path


def bench_watch(size: int, edits: int = 3) -> dict:
    """`promopacket watch`: one person's achievement saved → that person's packet rewritten.

    Warm: the cohort is built once, the watch process is up with its server, and a first
    edit (not counted) warms the flow; then `edits` saves of other people, one at a time.
    """
    folder = WORK / f"watch-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    make_cohort(size, folder)
    out = WORK / f"out-watch-{size}"
    shutil.rmtree(out, ignore_errors=True)
    prebuild = run_command([str(folder), "--outputs", str(out)], f"watch-prebuild-{size}")
    proc = subprocess.Popen(
        [str(BIN / "promopacket"), "watch", str(folder), "--outputs", str(out)],
        cwd=WORK,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    monitor = TreeMonitor(proc.pid)
    monitor.start()

    def wait_for(predicate, timeout: float = 300) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            if predicate():
                return True
            time.sleep(0.01)
        return False

    latencies, warmup = [], None
    try:
        if not wait_for(lambda: any("Watching" in line for line in lines)):
            raise RuntimeError("watch did not start:\n" + "".join(lines[-20:]))
        # watch builds the folder once at start (all unchanged here): wait for that build
        wait_for(lambda: any("written" in line for line in lines))
        for index in range(edits + 1):
            done_before = sum("written" in line for line in lines)
            stem = sorted(folder.glob("*.xlsx"))[0].stem
            person = f"p{index:05d}"
            packet = out / stem / person / "packet.docx"
            before = packet.stat().st_mtime_ns
            edit_person(folder, index)
            saved = time.perf_counter()
            if not wait_for(lambda p=packet, b=before: p.stat().st_mtime_ns != b):
                raise RuntimeError(f"{packet} was not rewritten:\n" + "".join(lines[-20:]))
            latency = time.perf_counter() - saved
            if index == 0:
                warmup = latency
            else:
                latencies.append(latency)
            # the whole rebuild (summary, manifest) ends before the next save
            wait_for(lambda d=done_before: sum("written" in line for line in lines) > d)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        monitor.done.set()
    ordered = sorted(latencies)
    return {
        "people": size,
        "workbook_people": 50,
        "prebuild_s": prebuild["wall_s"],
        "warmup_s": warmup,
        "latencies_s": latencies,
        "median_s": ordered[len(ordered) // 2] if ordered else None,
        "rss_total_mb": monitor.peak_total / 2**20,
        "output_tail": lines[-8:],
    }


def bench_size(size: int, reruns: bool = True) -> dict:
    folder = WORK / f"cohort-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    make_cohort(size, folder)
    docs, chart_s = prepare_contexts(folder)
    floor = time_floor(docs, WORK / "floor-out")
    shutil.rmtree(WORK / "floor-out", ignore_errors=True)
    out = WORK / f"out-{size}"
    shutil.rmtree(out, ignore_errors=True)
    args = [str(folder), "--outputs", str(out)]
    full = run_command(args, f"full-{size}")
    result = {
        "people": size,
        "documents": len(docs),
        "floor_s": floor,
        "floor_chart_drawing_s": chart_s,
        "full": full,
        "full_breakdown": breakdown(full),
        "full_x_floor": full["wall_s"] / floor,
        "full_x_floor_with_charts": full["wall_s"] / (floor + chart_s),
    }
    if not reruns:  # bench-quick keeps its 3 minutes: reruns at its largest size only
        return result
    rerun = run_command(args, f"rerun-{size}")
    changed_person = change_one_person(folder)
    one = run_command(args, f"one-changed-{size}")
    result.update(
        rerun=rerun,
        one_changed={**one, "person": changed_person},
        rerun_breakdown=breakdown(rerun),
        one_changed_breakdown=breakdown(one),
        rerun_pct=100 * rerun["wall_s"] / full["wall_s"],
        one_changed_pct=100 * one["wall_s"] / full["wall_s"],
    )
    return result


# ---------------------------------------------------------------- cold start


def bare_import() -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "import prefect, great_expectations, docxtpl"],
        check=True,
        cwd=WORK,
    )
    return time.perf_counter() - started


def bench_cold(repeat: int) -> dict:
    """After the size runs: a fresh process, but Prefect's database already exists."""
    folder = WORK / "cohort-cold"
    shutil.rmtree(folder, ignore_errors=True)
    make_cohort(1, folder)
    imports = sorted(bare_import() for _ in range(repeat + 1))
    runs = []
    for n in range(repeat):
        out = WORK / f"out-cold-{n}"
        shutil.rmtree(out, ignore_errors=True)
        runs.append(run_command([str(folder), "--outputs", str(out)], f"cold-{n}"))
    run = sorted(runs, key=lambda r: r["wall_s"])[0]
    bare = imports[len(imports) // 2]
    return {
        "bare_import_s": bare,
        "bare_import_all_s": imports,
        "cold_s": run["wall_s"],
        "cold_all_s": [r["wall_s"] for r in runs],
        "cold_x_import": run["wall_s"] / bare,
        "breakdown": breakdown(run),
        "run": run,
    }


IMPORTS_RSS = (
    "import resource, promopacket.flows.cohort, great_expectations, promopacket.validate.gx_suite, "
    "promopacket.render.docx, promopacket.render.charts; "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def imports_rss_mb() -> float:
    """Peak RSS of a process that only imports what a run imports: the memory floor of a run."""
    done = subprocess.run(
        [sys.executable, "-c", IMPORTS_RSS],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return int(done.stdout.split()[-1]) / 1024


# ---------------------------------------------------------------- Dask against a real server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_dask(size: int, reference: dict | None) -> dict:
    """The cohort on `run --workers 2` (LocalCluster) against `prefect server start`."""
    home = WORK / "prefect-server"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
    log = (home / "server.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("prefect server did not start; see bench/work/prefect-server")
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
                    if json.loads(response.read()) is True:
                        break
            except OSError:
                pass
            time.sleep(0.5)
        folder = WORK / f"cohort-{size}"
        if not folder.is_dir():
            make_cohort(size, folder)
        out = WORK / f"out-dask-{size}"
        shutil.rmtree(out, ignore_errors=True)
        run = run_command(
            [str(folder), "--outputs", str(out), "--workers", "2"],
            f"dask-{size}",
            env={"PREFECT_HOME": str(home), "PREFECT_API_URL": url},
        )
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        log.close()
    result = {"people": size, "run": run, "breakdown": breakdown(run)}
    if reference:
        result["x_embedded_full"] = run["wall_s"] / reference["full"]["wall_s"]
        result["x_floor"] = run["wall_s"] / reference["floor_s"]
    return result


def bench_processes(size: int, reference: dict | None, processes: int = 1) -> dict:
    """The cohort on `run --processes 1`: every build in the run's own process (threads), the
    other way of the choice the default run makes (worker processes from 20 people)."""
    folder = WORK / f"cohort-{size}"
    if not folder.is_dir():
        make_cohort(size, folder)
    out = WORK / f"out-processes-{size}"
    shutil.rmtree(out, ignore_errors=True)
    run = run_command(
        [str(folder), "--outputs", str(out), "--processes", str(processes)],
        f"processes-{size}",
    )
    result = {"people": size, "processes": processes, "run": run, "breakdown": breakdown(run)}
    if reference:
        result["x_embedded_full"] = run["wall_s"] / reference["full"]["wall_s"]
        result["x_floor"] = run["wall_s"] / reference["floor_s"]
        charts = reference["floor_s"] + reference["floor_chart_drawing_s"]
        result["x_floor_with_charts"] = run["wall_s"] / charts
    return result


# ---------------------------------------------------------------- report


def machine() -> dict:
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "load_avg_at_start": os.getloadavg(),
    }


def met(ok: bool) -> str:
    return "met" if ok else "**MISSED**"


def size_table(r: dict) -> list[str]:
    b, full = r["full_breakdown"], r["full"]
    lines = [
        f"### {r['people']} people ({r['documents']} documents)",
        "",
        "| measure | value | ratio / target |",
        "|---|---:|---|",
        f"| floor: bare docxtpl render+save, one process | {r['floor_s']:.1f} s | 1.00 |",
        f"| (chart drawing with matplotlib, not in the floor) | {r['floor_chart_drawing_s']:.1f} s"
        f" | floor+charts: {r['full']['wall_s'] / (r['floor_s'] + r['floor_chart_drawing_s']):.2f}"
        "× |",
        f"| full run, `promopacket run` (embedded server), wall | {full['wall_s']:.1f} s | "
        f"{r['full_x_floor']:.2f}× floor (target ≤ {TARGETS['full_x_floor']}×: "
        f"{met(r['full_x_floor'] <= TARGETS['full_x_floor'])}) |",
        f"| peak RSS, whole tree (full run) | {full['rss_total_mb']:.0f} MB | target ≤ "
        f"{TARGETS['rss_mb']:.0f} MB: {met(full['rss_total_mb'] <= TARGETS['rss_mb'])} |",
        f"| … the run process / its children (server, workers) | {full['rss_run_mb']:.0f} / "
        f"{full['rss_children_mb']:.0f} MB | |",
        f"| peak PSS, whole tree (shared pages counted once) | "
        f"{full.get('pss_total_mb', 0):.0f} MB | |",
        f"| statuses, full run | {fmt(full['statuses'])} | |",
        "",
        "Full run, where the wall time goes (s; stages are CPU seconds of the run's threads):",
        "",
        "| " + " | ".join(b) + " |",
        "|" + "---:|" * len(b),
        "| " + " | ".join(f"{v:.1f}" for v in b.values()) + " |",
        "",
    ]
    if "rerun" in r:  # bench-quick measures reruns at its largest size only
        rerun, one = r["rerun"], r["one_changed"]
        lines[7:7] = [  # after the full run's row
            f"| rerun, nothing changed | {rerun['wall_s']:.1f} s | {r['rerun_pct']:.1f}% of "
            f"full (target ≤ {TARGETS['rerun_pct']:g}%: "
            f"{met(r['rerun_pct'] <= TARGETS['rerun_pct'])}) |",
            f"| rerun, one person changed | {one['wall_s']:.1f} s | "
            f"{r['one_changed_pct']:.1f}% of full "
            f"(target ≤ {TARGETS['one_changed_s']:g} s: "
            f"{met(one['wall_s'] <= TARGETS['one_changed_s'])}) |",
            f"| statuses rerun / one changed | {fmt(rerun['statuses'])} / "
            f"{fmt(one['statuses'])} | |",
        ]
    for key, title in (
        ("rerun_breakdown", "Rerun, nothing changed"),
        ("one_changed_breakdown", "Rerun, one person changed"),
    ):
        parts = r.get(key)
        if parts is None:
            continue
        lines += [
            f"{title}: " + ", ".join(f"{k} {v:.1f}" for k, v in parts.items() if abs(v) >= 0.05),
            "",
        ]
    return lines


def fmt(counts: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "?"


def variant_section(variant: dict, title: str, versus: str, rss_note: str) -> list[str]:
    """The report's lines for the 1,000 cohort run another way (Dask, processes)."""
    run = variant["run"]
    ratios = ""
    if "x_floor" in variant:
        ratios = (
            f" ({variant['x_embedded_full']:.2f}× the {versus}, {variant['x_floor']:.2f}× the "
            "floor"
            + (
                f", {variant['x_floor_with_charts']:.2f}× floor + chart drawing"
                if "x_floor_with_charts" in variant
                else ""
            )
            + ")"
        )
    return [
        title,
        "",
        f"Wall {run['wall_s']:.1f} s{ratios}; peak RSS of the run's tree "
        f"{run['rss_total_mb']:.0f} MB{rss_note}; statuses {fmt(run['statuses'])}; "
        f"exit {run['exit']}.",
        "",
        "Breakdown: " + ", ".join(f"{k} {v:.1f}" for k, v in variant["breakdown"].items()),
        "",
    ]


def issue_table(results: dict) -> list[str]:
    """Issue 27's table, from this run's figures at the largest size measured."""
    sizes = {r["people"]: r for r in results["sizes"]}
    n = max(sizes)
    r = sizes[n]
    b = r["full_breakdown"]
    per = n / 1000  # the per-1,000 targets scaled to this size
    rows = [
        (
            f"{n:,} people, full run vs floor",
            f"{r['full_x_floor']:.2f}× ({r['full']['wall_s']:.1f} s vs {r['floor_s']:.1f} s)",
            f"≤ {TARGETS['full_x_floor']}×",
            r["full_x_floor"] <= TARGETS["full_x_floor"],
        ),
        (
            "render stage alone (CPU, charts apart) vs floor",
            f"{b['stage_render']:.1f} s vs {r['floor_s']:.1f} s",
            "below the floor",
            b["stage_render"] < r["floor_s"],
        ),
        (
            f"charts (CPU, {n:,} people)",
            f"{b['stage_chart']:.1f} s",
            f"≤ {TARGETS['chart_s_per_1000'] * per:.1f} s",
            b["stage_chart"] <= TARGETS["chart_s_per_1000"] * per,
        ),
        (
            f"validation, GX (CPU, {n:,} people; includes importing GX once)",
            f"{b['stage_validate']:.1f} s",
            f"≤ {TARGETS['validate_s_per_1000'] * per:.1f} s",
            b["stage_validate"] <= TARGETS["validate_s_per_1000"] * per,
        ),
        (
            "orchestration (flow wall minus stages)",
            f"{b.get('orchestration', float('nan')):.1f} s",
            f"≤ {TARGETS['orchestration_s_per_1000'] * per:.1f} s",
            b.get("orchestration", 1e9) <= TARGETS["orchestration_s_per_1000"] * per,
        ),
    ]
    if "rerun" in r:
        work = r["rerun"]["wall_s"] - r["rerun_breakdown"].get("startup_imports", 0)
        rows.append(
            (
                f"rerun, nothing changed ({n:,})",
                f"{r['rerun']['wall_s']:.1f} s = {r['rerun_pct']:.1f}%; {work:.1f} s beyond the "
                "process's start (its imports)",
                f"≤ {TARGETS['rerun_pct']:.0f}%, and ≤ {TARGETS['rerun_work_s']:.0f} s beyond",
                r["rerun_pct"] <= TARGETS["rerun_pct"] and work <= TARGETS["rerun_work_s"],
            )
        )
        one = r["one_changed"]["wall_s"]
        rows.append(
            (
                f"rerun, one person changed ({n:,})",
                f"{one:.1f} s = {r['one_changed_pct']:.1f}%",
                f"≤ {TARGETS['one_changed_s']:.0f} s",
                one <= TARGETS["one_changed_s"],
            )
        )
    smaller = [k for k in sizes if k < n]
    flat = None
    if smaller:
        m = max(smaller)
        a, z = sizes[m]["full"]["rss_total_mb"], r["full"]["rss_total_mb"]
        flat = z / a
    rows.append(
        (
            f"peak RSS, {n:,} people (whole tree)",
            f"{r['full']['rss_total_mb']:.0f} MB"
            + (
                f" ({sizes[max(smaller)]['full']['rss_total_mb']:.0f} at {max(smaller):,}; "
                f"{flat:.2f}×)"
                if flat
                else ""
            ),
            f"≤ {TARGETS['rss_mb']:.0f} MB",
            r["full"]["rss_total_mb"] <= TARGETS["rss_mb"],
        )
    )
    dask = results.get("dask")
    if dask and dask.get("people") == n and dask["run"]["exit"] in (0, 1):
        ratio = dask["run"]["wall_s"] / r["full"]["wall_s"]
        rows.append(
            (
                f"{n:,} people on a 2-worker Dask LocalCluster vs the default run",
                f"{ratio:.2f}× ({dask['run']['wall_s']:.1f} s)",
                f"≤ {TARGETS['dask_x_default']}×",
                ratio <= TARGETS["dask_x_default"],
            )
        )
    cold = results.get("cold")
    if cold:
        rows.append(
            (
                "cold one-person `run`, fresh process",
                f"{cold['cold_s']:.1f} s = {cold['cold_x_import']:.2f}× bare import "
                f"({cold['bare_import_s']:.1f} s)",
                f"≤ {COLD_TARGET:g}× bare import",
                cold["cold_x_import"] <= COLD_TARGET,
            )
        )
    watch = results.get("watch")
    if watch and watch.get("median_s") is not None:
        rows.append(
            (
                "`watch`: save a workbook → that person's packet rewritten",
                f"{watch['median_s']:.2f} s (median of {len(watch['latencies_s'])}; "
                f"{watch['workbook_people']}-person workbook)",
                f"≤ {TARGETS['watch_s']:.0f} s",
                watch["median_s"] <= TARGETS["watch_s"],
            )
        )
    rows.append(
        (
            "10,000 people (200 workbooks of 50, and 10 of 1,000)",
            "not measured by `make bench`",
            "≤ 10.5× the 1,000-person time, ≤ 600 MB",
            None,
        )
    )
    lines = [
        "## Issue 27's targets, this run",
        "",
        "| measure | now | target | |",
        "|---|---:|---:|---|",
    ]
    lines += [
        f"| {a} | {b_} | {c} | {'not measured' if ok is None else met(ok)} |"
        for a, b_, c, ok in rows
    ]
    lines.append("")
    return lines


def load_note(results: dict) -> str:
    start = results["machine"]["load_avg_at_start"]
    end = results.get("load_avg_at_end") or start
    cpus = results["machine"]["cpus"] or 1
    # The 1-minute average before the first measurement: other work on the machine (the
    # benchmark's own runs raise the later readings, and the 15-minute one remembers the past).
    if start[0] > 0.75 * cpus:
        return (
            f"**Machine not idle at the start**: load average "
            f"{', '.join(f'{x:.1f}' for x in start)} at the start and "
            f"{', '.join(f'{x:.1f}' for x in end)} at the end on {cpus} CPUs (other work was "
            "still running or finishing). Absolute seconds may be inflated; each ratio "
            "compares figures measured in this same run, which is what the targets are."
        )
    return (
        f"Load average {', '.join(f'{x:.1f}' for x in start)} at the start, "
        f"{', '.join(f'{x:.1f}' for x in end)} at the end, on {cpus} CPUs."
    )


def write_report(results: dict) -> None:
    m = results["machine"]
    lines = [
        "# Benchmark: cohort runs against the bare-docxtpl floor",
        "",
        load_note(results),
        "",
        *issue_table(results),
        f"Run {m['date']} · Python {m['python']} · {m['platform']} · {m['cpus']} CPUs · "
        f"{m['memory_gb']} GB · load average at start "
        f"{', '.join(f'{x:.1f}' for x in m['load_avg_at_start'])} "
        "(shared machine: another engineer's tests may run meanwhile; every target is a ratio "
        "measured in this same run). Command: `" + results["command"] + "`.",
        "",
        "Floor: `DocxTemplate(template)` + `render(context, autoescape=True)` + `save` per "
        "document, the same templates and the same contexts (prepared beforehand with the "
        "core), one process. The coverage chart's PNG is embedded in the floor (InlineImage); "
        "drawing it with matplotlib is ours and is not in the floor (shown on its own line). "
        "Word comments are ours, not in the floor. Runs are `promopacket run <folder> --outputs "
        "<dir> --json` subprocesses with the embedded Prefect server; stage figures come from "
        "PROMOPACKET_TIMINGS (CPU seconds per stage, summed over threads/processes); "
        "`orchestration` is the flow's wall time minus those stages (Prefect task runs, "
        "threads waiting, the server on the other core competing). Peak RSS is polled every "
        "0.1 s over the run's whole process tree.",
        "",
    ]
    for r in results["sizes"]:
        lines += size_table(r)
    if "imports_rss_mb" in results:
        lines += [
            f"Memory floor: a process that only imports what a run imports (Prefect, Great "
            f"Expectations, pandas, docxtpl, matplotlib) peaks at {results['imports_rss_mb']:.0f}"
            " MB before any work; the embedded Prefect server is a second process on top.",
            "",
        ]
    sizes = sorted(r["people"] for r in results["sizes"])
    by_size = {r["people"]: r for r in results["sizes"]}
    if len(sizes) > 1:
        steps = [f"{by_size[a]['full']['rss_total_mb']:.0f} MB at {a:,}" for a in sizes]
        a, b = (
            by_size[sizes[-2]]["full"]["rss_total_mb"],
            by_size[sizes[-1]]["full"]["rss_total_mb"],
        )
        lines += [
            "### Memory flatness",
            "",
            f"Peak RSS of the whole run (process and server): {'; '.join(steps)}. "
            f"{sizes[-2]:,} → {sizes[-1]:,} people: {b / a:.2f}× (flat: ≤ {TARGETS['rss_flat']}×, "
            f"{met(b / a <= TARGETS['rss_flat'])}).",
            "",
        ]
    watch = results.get("watch")
    if watch:
        lines += [
            "### `watch`: save → packet rewritten",
            "",
            f"{watch['people']} people built once ({watch['prebuild_s']:.1f} s), then `promopacket "
            f"watch` on their folder ({watch['workbook_people']} people a workbook). One person's "
            "achievement is changed and the workbook saved with openpyxl; the time runs from the "
            "save until that person's packet.docx is replaced. A first edit warms the process "
            f"(not counted: {watch['warmup_s']:.2f} s); then "
            + ", ".join(f"{x:.2f}" for x in watch["latencies_s"])
            + f" s: median {watch['median_s']:.2f} s (target ≤ {TARGETS['watch_s']:.0f} s: "
            f"{met(watch['median_s'] <= TARGETS['watch_s'])}). Peak RSS of the watch process "
            f"and its server: {watch['rss_total_mb']:.0f} MB.",
            "",
        ]
    cold = results.get("cold")
    if cold:
        cb = cold["breakdown"]
        lines += [
            "### Cold start: one 1-person workbook, fresh process",
            "",
            "| measure | s |",
            "|---|---:|",
            '| bare `python -c "import prefect, great_expectations, docxtpl"` '
            f"(median of {len(cold['bare_import_all_s'])}) | {cold['bare_import_s']:.1f} |",
            f"| `promopacket run` one workbook, wall (best of {len(cold['cold_all_s'])}) | "
            f"{cold['cold_s']:.1f} |",
            *[f"| … {k} | {v:.1f} |" for k, v in cb.items() if abs(v) >= 0.05],
            "",
            f"Cold start = {cold['cold_x_import']:.2f}× the bare import "
            f"(target ≤ {COLD_TARGET:g}×: "
            f"{met(cold['cold_x_import'] <= COLD_TARGET)}). The validate stage includes the "
            "first Great Expectations context; startup_imports is Python, the CLI, Prefect, "
            "pandas, docxtpl and matplotlib.",
            "",
        ]
    dask = results.get("dask")
    if dask:
        lines += variant_section(
            dask,
            f"### Dask: {dask['people']} people, `run --workers 2` (LocalCluster) against "
            "`prefect server start`",
            "embedded full run",
            " (the server is started apart, not counted)",
        )
    procs = results.get("processes")
    if procs:
        lines += variant_section(
            procs,
            f"### One process: {procs['people']} people, `run --processes {procs['processes']}` "
            "(every build in the run's process, as before worker processes; embedded server)",
            "default full run (worker processes)",
            "",
        )
    if results.get("review"):
        lines += review_section(results["review"], results["sizes"], m["date"])
    lines += results.get("notes", [])
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure_review(people: int) -> dict:
    review = bench_review(people, WORK)
    try:  # the full run of as many people it is compared with, kept with the figure
        previous = json.loads(RESULTS.read_text(encoding="utf-8"))
        full = next(s for s in previous["sizes"] if s["people"] == people)
        when = previous["machine"]["date"]
        review["reference"] = {"wall_s": full["full"]["wall_s"], "date": when}
    except (OSError, ValueError, KeyError, StopIteration):
        pass
    review["date"] = dt.datetime.now().isoformat(timespec="seconds")
    review["load_avg_at_start"] = list(os.getloadavg())
    print(f"review stage, {people} people: {review['total_s']:.1f} s", flush=True)
    return review


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--dask", type=int, default=0, help="people for the Dask run (0: skip)")
    parser.add_argument(
        "--processes", type=int, default=0, help="people for a `run --processes 1` (0: skip)"
    )
    parser.add_argument("--no-cold", action="store_true")
    parser.add_argument(
        "--watch", type=int, default=100, help="people for the watch latency (0: skip)"
    )
    parser.add_argument("--quick", action="store_true", help="cold start measured once")
    parser.add_argument(
        "--review", type=int, default=0, help="people for the review stage benchmark (0: skip)"
    )
    parser.add_argument(
        "--report-only", action="store_true", help="write report.md from results.json"
    )
    parser.add_argument(
        "--only-extras",
        action="store_true",
        help="keep everything already in results.json; measure again the cold start, watch, "
        "Dask, processes and review runs asked for",
    )
    parser.add_argument(
        "--only-review",
        action="store_true",
        help="measure only the review stage; keep the other figures of results.json",
    )
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if args.report_only:  # the breakdowns recomputed from the runs' own figures
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
        for r in results["sizes"]:
            for run, key in (("full", "full_breakdown"), ("rerun", "rerun_breakdown")):
                if run in r:
                    r[key] = breakdown(r[run])
            if "one_changed" in r:
                r["one_changed_breakdown"] = breakdown(r["one_changed"])
        for key in ("cold", "dask", "processes"):
            if key in results:
                results[key]["breakdown"] = breakdown(results[key]["run"])
        RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
        write_report(results)
        return 0
    if args.only_review:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
        results["review"] = measure_review(args.review or 1000)
        RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
        write_report(results)
        print(REPORT.read_text())
        return 0
    results: dict = {
        "machine": machine(),
        "command": "bench/bench_cohort.py " + " ".join(sys.argv[1:]),
        "targets": TARGETS,
        "sizes": [],
    }
    began = time.perf_counter()
    if args.only_extras:
        kept = json.loads(RESULTS.read_text(encoding="utf-8"))  # what is not measured again
        command = kept.get("command", "") + "; then " + results["command"]
        results = {**kept, "command": command, "targets": TARGETS}
        args.sizes = []
    else:
        results["imports_rss_mb"] = imports_rss_mb()
    for size in args.sizes:
        reruns = not args.quick or size == max(args.sizes)
        results["sizes"].append(bench_size(size, reruns))
        r = results["sizes"][-1]
        print(f"{size}: floor {r['floor_s']:.1f} s, full {r['full']['wall_s']:.1f} s", flush=True)
        RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if not args.no_cold:
        results["cold"] = bench_cold(1 if args.quick else 2)
        print(f"cold start {results['cold']['cold_s']:.1f} s", flush=True)
        RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if args.watch:
        results["watch"] = bench_watch(args.watch)
        print(f"watch median {results['watch']['median_s']:.2f} s", flush=True)
        RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if args.dask:
        ref = next((r for r in results["sizes"] if r["people"] == args.dask), None)
        results["dask"] = bench_dask(args.dask, ref)
        RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if args.processes:
        ref = next((r for r in results["sizes"] if r["people"] == args.processes), None)
        results["processes"] = bench_processes(args.processes, ref)
        RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if args.review:
        results["review"] = measure_review(args.review)
    results["bench_seconds"] = time.perf_counter() - began
    results["load_avg_at_end"] = os.getloadavg()
    RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    write_report(results)
    print(REPORT.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
