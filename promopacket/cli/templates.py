"""`promopacket templates check [DIR]`: the variables each template uses exist in its context."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from promopacket.cli import app, console, err, make_settings

templates_app = typer.Typer(no_args_is_help=True, help="Check the Word templates.")
app.add_typer(templates_app, name="templates")


def exit_if_templates_broken(folder: Path) -> None:
    """Print each template issue (template, place, variable) and exit 1, or return quietly."""
    from promopacket.render.check import check_templates

    issues = check_templates(folder)
    if issues:
        for issue in issues:
            err.print(f"✗ {issue}", markup=False, soft_wrap=True)
        err.print(
            "Fix the template in Word (or the context model), then run "
            "'promopacket templates check' again."
        )
        raise typer.Exit(1)


@templates_app.command("check")
def check(
    directory: Annotated[
        Path | None,
        typer.Argument(help="Templates folder (default: the templates_dir setting)."),
    ] = None,
) -> None:
    """Fail, naming template, place and variable, if a template uses an unknown variable."""
    from promopacket.assemble.contexts import TEMPLATE_CONTEXTS

    folder = directory or make_settings().templates_dir
    exit_if_templates_broken(folder)
    console.print(f"✓ {len(TEMPLATE_CONTEXTS)} templates in {folder} match their contexts.")
