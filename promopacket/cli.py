"""The `promopacket` command: the only place that prints."""

from __future__ import annotations

import json
import logging
import sys
import time
import traceback
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .settings import Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Promotion-case workbooks in, validated and quantified Word documents out.",
)
console = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def _settings(outputs: Path | None = None) -> Settings:
    overrides = {"outputs_dir": outputs} if outputs else {}
    return Settings(**overrides)


def _workbooks(paths: list[Path], settings: Settings) -> list[Path]:
    """Expand folders to their .xlsx files (skipping Excel lock files '~$…')."""
    found: list[Path] = []
    for path in paths or [settings.inputs_dir]:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and not p.name.startswith(("~$", "."))
                    and p.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".csv", ".ods")
                )
            )
        else:
            found.append(path)
    return found


def _crash(exc: BaseException, settings: Settings) -> int:
    """An unexpected error: a short message on screen, the traceback in a log file."""
    log = settings.outputs_dir / "promopacket-error.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(traceback.format_exc(), encoding="utf-8")
        where = f" Details: {log}"
    except OSError:
        where = ""
    err.print(
        f"[red]promopacket stopped on an internal error:[/] {type(exc).__name__}: {exc}.{where}"
    )
    return 2


def _print_problems(problems, limit: int = 40) -> None:
    if not problems:
        return
    table = Table(title="Problems", show_lines=False)
    for name in ("severity", "cell", "value", "message", "fix"):
        table.add_column(name, overflow="fold")
    from .reports import sorted_problems

    shown = [p for p in sorted_problems(problems)]
    for p in shown[:limit]:
        table.add_row(
            p.severity,
            p.cell or f"{p.file}" + (f" / {p.sheet}" if p.sheet else ""),
            p.value or "",
            p.message,
            p.fix,
        )
    console.print(table)
    if len(shown) > limit:
        console.print(f"… and {len(shown) - limit} more in problems.xlsx")


@app.command()
def run(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Workbooks or folders (default: every workbook in inputs/)."),
    ] = None,
    outputs: Annotated[Path | None, typer.Option(help="Output folder (default outputs/).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", help="Show Prefect's logs.")] = False,
) -> None:
    """Build packets and follow-up letters for each workbook through the Prefect flow."""
    settings = _settings(outputs)
    from .runtime import configure_prefect_env

    configure_prefect_env(settings, verbose)
    if not verbose:
        logging.getLogger("prefect").setLevel(logging.ERROR)
    workbooks = _workbooks(paths or [], settings)
    if not workbooks:
        err.print(
            f"No workbooks found in {settings.inputs_dir}. "
            "Run 'promopacket init inputs/mine.xlsx' for a starter workbook."
        )
        raise typer.Exit(1)
    started = time.perf_counter()
    try:
        from flows.build_workbook import build_workbook

        results = [build_workbook(path, settings) for path in workbooks]
    except Exception as exc:
        raise typer.Exit(_crash(exc, settings)) from None
    elapsed = time.perf_counter() - started
    failed = any(r.failed or any(p.status != "ok" for p in r.people) for r in results)
    blocking = sum(r.blocking for r in results)
    if as_json:
        print(json.dumps([r.model_dump(mode="json") for r in results], indent=2))
    else:
        for result in results:
            _print_result(result)
        console.print(f"Done in {elapsed:.1f}s.")
    raise typer.Exit(1 if failed or blocking else 0)


def _print_result(result) -> None:
    name = result.file
    if result.failed:
        console.print(f"[red]✗ {name}: not processed[/]")
        for p in result.problems:
            if p.severity == "workbook":
                where = " / ".join(x for x in (p.sheet, p.column) if x)
                console.print(f"  {where + ': ' if where else ''}{p.message} {p.fix}")
        return
    read = sum(c.read for c in result.counts.values())
    used = sum(c.used for c in result.counts.values())
    rejected = sum(c.rejected for c in result.counts.values())
    advice = sum(1 for p in result.problems if p.severity == "advice")
    failed_people = [p for p in result.people if p.status != "ok"]
    mark = "[green]✓[/]" if not result.blocking and not failed_people else "[yellow]![/]"
    console.print(
        f"{mark} {name}: {len(result.people)} people, rows read {read}, used {used}, "
        f"rejected {rejected}; {result.blocking} blocking problems, {advice} advice; "
        f"{len(result.files)} files → {result.output_dir}"
    )
    for person in failed_people:
        console.print(f"  [red]✗ {person.person_id}: {person.error}[/]")
    _print_problems([p for p in result.problems if p.blocking])


@app.command()
def validate(path: Annotated[Path, typer.Argument(help="The workbook to check.")]) -> None:
    """Validate a workbook only: print located problems; exit 1 if anything blocks."""
    settings = _settings()
    from .pipeline import load_and_validate

    try:
        data = load_and_validate(path, settings)
    except Exception as exc:
        raise typer.Exit(_crash(exc, settings)) from None
    for sheet, count in data.counts.items():
        console.print(f"{sheet}: read {count.read}, used {count.used}, rejected {count.rejected}")
    _print_problems(data.problems, limit=200)
    blocking = [p for p in data.problems if p.blocking]
    console.print(
        f"{len(blocking)} blocking problems, {len(data.problems) - len(blocking)} advice."
    )
    raise typer.Exit(1 if blocking or data.failed else 0)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("Interrupted.")
        sys.exit(130)


if __name__ == "__main__":
    main()
