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
console = Console(highlight=False)
err = Console(stderr=True, highlight=False)


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


def print_problems(problems, limit: int = 40) -> None:
    if not problems:
        return
    table = Table(title="Problems", show_lines=False)
    for name in ("severity", "cell", "value", "message", "fix"):
        table.add_column(name, overflow="fold")
    from ..reports import sorted_problems

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


def main() -> None:
    from . import diff as _diff  # noqa: F401  (registers commands)
    from . import explain as _explain  # noqa: F401
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
