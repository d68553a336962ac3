"""`promopacket validate`: validation only, located problems, exit 1 if anything blocks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import app, console, make_settings, print_problems, report_crash


@app.command()
def validate(path: Annotated[Path, typer.Argument(help="The workbook to check.")]) -> None:
    """Validate a workbook only: print located problems; exit 1 if anything blocks."""
    settings = make_settings()
    from ..pipeline import load_and_validate

    try:
        data = load_and_validate(path, settings)
    except Exception as exc:
        raise typer.Exit(report_crash(exc, settings)) from None
    for sheet, count in data.counts.items():
        console.print(f"{sheet}: read {count.read}, used {count.used}, rejected {count.rejected}")
    print_problems(data.problems, limit=200)
    blocking = [p for p in data.problems if p.blocking]
    console.print(
        f"{len(blocking)} blocking problems, {len(data.problems) - len(blocking)} advice."
    )
    raise typer.Exit(1 if blocking or data.failed else 0)
