"""`promopacket validate`: validation only, located problems, exit 1 if anything blocks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from promopacket.cli import (
    app,
    console,
    exit_if_profiles_broken,
    make_settings,
    print_problems,
    report_crash,
    shown,
)


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="The workbook to check.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print counts and problems as JSON.")
    ] = False,
) -> None:
    """Validate a workbook only: print located problems; exit 1 if anything blocks."""
    settings = make_settings()
    exit_if_profiles_broken(settings)
    from promopacket.run.workbooks import load_and_validate

    try:
        data = load_and_validate(path, settings)
    except Exception as exc:
        raise typer.Exit(report_crash(exc, settings)) from None
    blocking = [p for p in data.problems if p.blocking]
    if as_json:
        payload = data.model_dump(
            mode="json", include={"file", "failed", "counts", "problems", "profiles"}
        )
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        if data.failed:
            console.print(f"[red]✗ {shown(data.file)} cannot be used:[/]")
        for sheet, count in data.counts.items():
            console.print(
                f"{sheet}: read {count.read}, used {count.used}, rejected {count.rejected}"
            )
        for person_id, choice in data.profiles.items():
            console.print(f"{person_id}: profile {choice.describe}", markup=False)
        print_problems(data.problems, limit=200)
        console.print(
            f"{len(blocking)} blocking problems, {len(data.problems) - len(blocking)} advice."
        )
    raise typer.Exit(1 if blocking or data.failed else 0)
