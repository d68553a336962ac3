"""The `promopacket` command: the only place that prints.

Each command group lives in its own module here and registers itself on `app`. Commands import
the stages they use when they run (inside their functions): Prefect, Great Expectations and
docxtpl take seconds to import, and `promopacket --help` or `init` should not wait for them.
"""

from __future__ import annotations

import errno
import os
import sys
import traceback
from pathlib import Path

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from promopacket.cli.terminal import safe_streams
from promopacket.settings import Settings

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
        from promopacket import __version__

        console.print(f"promopacket {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """Promotion-case workbooks in, validated and quantified Word documents out."""


def shown(value: object) -> str:
    """User data (cell values, ids, file names, messages quoting them) made safe to print.

    Rich markup in it is escaped ('[/]' in a cell prints as '[/]', never as a tag), and a file
    name that is not UTF-8 (surrogate-escaped by Python) prints with '\ufffd' for each bad byte
    instead of raising UnicodeEncodeError.
    """
    from promopacket.core.fsutil import display_name

    return escape(display_name(str(value)))


def make_settings(outputs: Path | None = None, **overrides: object) -> Settings:
    """The run's settings; a bad PROMOPACKET_* value is a one-line message and exit 2."""
    if outputs:
        overrides["outputs_dir"] = outputs
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        for error in exc.errors():
            name = "_".join(str(part) for part in error["loc"])
            variable = f"PROMOPACKET_{name.upper()}"
            kind = Settings.model_fields[name].annotation if name in Settings.model_fields else None
            example = {float: " (a number such as 50)", int: " (a whole number such as 20000)"}
            err.print(
                f"✗ {variable}={shown(repr(error.get('input')))}: {shown(error['msg'])}"
                f"{example.get(kind, '')}. Fix or unset it."
            )
        raise typer.Exit(2) from None


def find_workbooks(paths: list[Path], settings: Settings) -> list[Path]:
    """Expand folders to their workbooks (skipping Excel lock files '~$…')."""
    from promopacket.run.cohort import list_workbooks

    return list_workbooks(paths or [settings.inputs_dir])


def report_crash(exc: BaseException, settings: Settings) -> int:
    """An unexpected error: a short message on screen, the traceback in a log file."""
    if isinstance(exc, OSError) and exc.errno in OUTPUT_ERRORS:
        # Not a bug: the disk holding the outputs is full. Say so; a log could not be written.
        err.print(
            f"promopacket could not write to {shown(settings.outputs_dir)}: "
            f"{shown(exc.strerror)}. {OUTPUT_FIX}"
        )
        return 2
    log = settings.outputs_dir / "promopacket-error.log"
    try:
        from promopacket.core.fsutil import ensure_private_dir

        ensure_private_dir(log.parent)
        log.touch(mode=0o600)  # a traceback may quote input values: owner-only, like outputs
        log.write_text(traceback.format_exc(), encoding="utf-8")
        where = f" Details: {log}"
    except OSError:
        where = ""
    err.print(
        "[red]promopacket stopped on an internal error:[/] "
        f"{type(exc).__name__}: {shown(exc)}.{shown(where)}"
    )
    return 2


def print_profile_error(exc) -> None:
    """A role profile that cannot be used: each `file: key: message` line, then the fix."""
    err.print("[red]The role profiles cannot be used:[/]")
    for line in exc.lines:
        err.print(f"  {line}", markup=False)
    err.print("Fix each line above (README 'Role profiles'), or unset PROMOPACKET_PROFILES_DIR.")


def exit_if_profiles_broken(settings: Settings) -> None:
    """Load the role profiles once before any work: a broken one stops here, exit 1."""
    from promopacket.profiles import ProfileError, cached_profiles

    try:
        cached_profiles(settings.rules_dir, settings.profiles_dir)
    except ProfileError as exc:
        print_profile_error(exc)
        raise typer.Exit(1) from None


def problem_line(p) -> str:
    """One problem on one line, safe to print: the cell first, never broken (logs, pipes)."""
    where = p.cell or p.file + (f" / {p.sheet}" if p.sheet else "")
    value = f" {p.value!r}:" if p.value not in (None, "") else ""
    return shown(f"{p.severity:<8} {where}{value} {p.message} Fix: {p.fix}")


def print_problems(problems, limit: int = 40) -> None:
    if not problems:
        return
    from promopacket.core.problems import sorted_problems

    ordered = list(sorted_problems(problems))
    if not console.is_terminal:  # a log: one line per problem, no table to wrap
        console.print("Problems:")
        for p in ordered[:limit]:
            console.print(problem_line(p))
    else:
        table = Table(title="Problems", show_lines=False)
        for name in ("severity", "cell", "value", "message", "fix"):
            # the cell reference is never broken across lines
            table.add_column(name, overflow="fold", no_wrap=name == "cell")
        for p in ordered[:limit]:
            table.add_row(
                p.severity,
                shown(p.cell or f"{p.file}" + (f" / {p.sheet}" if p.sheet else "")),
                shown(p.value or ""),
                shown(p.message),
                shown(p.fix),
            )
        console.print(table)
    if len(ordered) > limit:
        console.print(f"… and {len(ordered) - limit} more in problems.xlsx")


def _quiet_unraisable(unraisable) -> None:
    """A full disk also fails the clean-up of objects a failed write left behind (a zip file
    closed by the garbage collector): that is the same error, already reported once."""
    exc = unraisable.exc_value
    if isinstance(exc, OSError) and exc.errno in OUTPUT_ERRORS:
        return
    sys.__unraisablehook__(unraisable)


def main() -> None:
    from promopacket.cli import diff as _diff  # noqa: F401  (registers commands)
    from promopacket.cli import explain as _explain  # noqa: F401
    from promopacket.cli import init as _init  # noqa: F401
    from promopacket.cli import run as _run  # noqa: F401
    from promopacket.cli import schema as _schema  # noqa: F401
    from promopacket.cli import serve as _serve  # noqa: F401
    from promopacket.cli import server as _server  # noqa: F401
    from promopacket.cli import templates as _templates  # noqa: F401
    from promopacket.cli import validate as _validate  # noqa: F401
    from promopacket.cli import watch as _watch  # noqa: F401

    sys.unraisablehook = _quiet_unraisable
    safe_streams()
    try:
        app()
    except SystemExit as exc:
        if QUICK_EXIT:
            _quick_exit(exc.code)
        raise
    except KeyboardInterrupt:
        err.print("Interrupted.")
        sys.exit(130)
    except OSError as exc:
        if exc.errno not in OUTPUT_ERRORS:
            raise
        _detach_stdout()
        if exc.errno != errno.EPIPE:  # a closed pipe (`| head`) is not worth a message
            err.print(f"promopacket could not write its output: {exc.strerror}. {OUTPUT_FIX}")
        sys.exit(2)


# Set by a command whose work is done and written (run): the process then ends without the
# interpreter's teardown of every module and object, which took 0.8 s after a one-person run
# (measured); exit handlers (the server's stop, Prefect's last events and logs) still run.
QUICK_EXIT = False


def _quick_exit(code) -> None:
    import atexit
    import logging
    import threading

    # As the interpreter does before its exit handlers: let non-daemon threads finish (Prefect
    # sends its last events from one; stopping the server under it lost them, once).
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    # Log handlers first, Prefect's among them, while its server still answers: at exit the
    # server's stop may come before logging's own shutdown, and the last logs were lost.
    logging.shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code if isinstance(code, int) else (0 if code is None else 1))


# Writing failed for want of room or a reader: a one-line message, not a traceback.
OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EPIPE, errno.EFBIG})
OUTPUT_FIX = "Free some space (or check where the output goes) and run again."


def _detach_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush of what could not be
    written fails quietly instead of printing 'Exception ignored … Traceback'."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    main()
