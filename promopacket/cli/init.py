"""`promopacket init`: write a starter workbook with every sheet, dropdowns and examples."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from promopacket.cli import (
    app,
    console,
    err,
    make_settings,
    print_profile_error,
    report_crash,
    shown,
)


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the starter .xlsx.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    profile: Annotated[
        str | None,
        typer.Option(
            help="Role profile whose competencies, levers and archetypes fill the dropdowns "
            "(ml-engineering, data-engineering, software-engineering, sre, or your own).",
        ),
    ] = None,
) -> None:
    """Write a starter workbook: all sheets and headers, instructions, dropdowns, examples."""
    settings = make_settings()
    if path.suffix.lower() != ".xlsx":
        err.print(f"[red]{shown(path)}[/]: the starter workbook must end in .xlsx.")
        raise typer.Exit(1)
    if path.exists() and not force:
        err.print(f"[red]{shown(path)} already exists.[/] Choose another name, or add --force.")
        raise typer.Exit(1)
    from promopacket.profiles import ProfileError
    from promopacket.read.starter import UnknownProfile, write_starter

    try:
        written = write_starter(path, settings, profile)
    except UnknownProfile as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    except ProfileError as exc:
        print_profile_error(exc)
        raise typer.Exit(1) from None
    except OSError as exc:
        err.print(f"[red]Cannot write {shown(path)}:[/] {shown(exc.strerror or exc)}.")
        raise typer.Exit(1) from None
    except Exception as exc:
        raise typer.Exit(report_crash(exc, settings)) from None
    console.print(
        f"Wrote {written}. Replace the example rows, then check it with: "
        f"promopacket validate {written}"
    )
