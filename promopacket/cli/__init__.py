"""The `promopacket` command: the only place that prints.

Each command group lives in its own module here and registers itself on `app`.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ..settings import Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Promotion-case workbooks in, validated and quantified Word documents out.",
)
# soft_wrap: a line is never broken inside a path or URL (a log or a pipe is 80 columns wide).
console = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        console.print(f"promopacket {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """Promotion-case workbooks in, validated and quantified Word documents out."""


def make_settings(outputs: Path | None = None, **overrides: object) -> Settings:
    if outputs:
        overrides["outputs_dir"] = outputs
    return Settings(**overrides)


def find_workbooks(paths: list[Path], settings: Settings) -> list[Path]:
    """Expand folders to their workbooks (skipping Excel lock files '~$…')."""
    from ..cohort import list_workbooks

    return list_workbooks(paths or [settings.inputs_dir])


def report_crash(exc: BaseException, settings: Settings) -> int:
    """An unexpected error: a short message on screen, the traceback in a log file."""
    log = settings.outputs_dir / "promopacket-error.log"
    try:
        from ..fsutil import ensure_private_dir

        ensure_private_dir(log.parent)
        log.touch(mode=0o600)  # a traceback may quote input values: owner-only, like outputs
        log.write_text(traceback.format_exc(), encoding="utf-8")
        where = f" Details: {log}"
    except OSError:
        where = ""
    err.print(
        f"[red]promopacket stopped on an internal error:[/] {type(exc).__name__}: {exc}.{where}"
    )
    return 2


def problem_line(p) -> str:
    """One problem on one line: the cell first, never broken (logs, pipes, 80 columns)."""
    where = p.cell or p.file + (f" / {p.sheet}" if p.sheet else "")
    value = f" {p.value!r}:" if p.value not in (None, "") else ""
    return f"{p.severity:<8} {where}{value} {p.message} Fix: {p.fix}"


def print_problems(problems, limit: int = 40) -> None:
    if not problems:
        return
    from ..reports import sorted_problems

    shown = sorted_problems(problems)
    if not console.is_terminal:  # a log: one line per problem, no table to wrap
        console.print("Problems:")
        for p in shown[:limit]:
            console.print(problem_line(p), markup=False)
    else:
        table = Table(title="Problems", show_lines=False)
        for name in ("severity", "cell", "value", "message", "fix"):
            # the cell reference is never broken across lines
            table.add_column(name, overflow="fold", no_wrap=name == "cell")
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


def main() -> None:
    from . import explain as _explain  # noqa: F401  (registers commands)
    from . import init as _init  # noqa: F401
    from . import run as _run  # noqa: F401
    from . import serve as _serve  # noqa: F401
    from . import templates as _templates  # noqa: F401
    from . import validate as _validate  # noqa: F401
    from . import watch as _watch  # noqa: F401

    try:
        app()
    except KeyboardInterrupt:
        err.print("Interrupted.")
        sys.exit(130)


if __name__ == "__main__":
    main()
