"""Every `promopacket …` command the docs and the README show exists, with every option it names.

The commands are read from the pages (fenced code blocks and inline code) and checked against
the real CLI's `--help` (typer's panels): each subcommand must be listed by its parent and each
`--option` by the command it is given to. A page that names a removed or misspelled option fails
here, before a user copies it.
"""

import importlib
import pkgutil
import re
import shlex
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

import promopacket.cli as cli

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "README.md"]

FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
INLINE = re.compile(r"`([^`]+)`")
# `promopacket` as the program: first on the line, after a path (.venv/bin/promopacket) or `$ `;
# not as an argument (`--pool promopacket`).
PROGRAM = re.compile(r"(?:^\s*|/|\$ )promopacket(?=\s|$)")
SHELL_STOP = {"|", "||", "&&", ";", ">", ">>", "<", "&"}
PANEL = re.compile(r"^╭─ (\w+)")
ROW = re.compile(r"^│\s+(\S+)")


def _register_commands() -> None:
    # What main() does before app(): each command module registers itself on `app`.
    for module in pkgutil.iter_modules(cli.__path__):
        importlib.import_module(f"promopacket.cli.{module.name}")


@cache
def help_of(path: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """(subcommands, options) of `promopacket <path> --help`, read from typer's panels."""
    _register_commands()
    done = CliRunner().invoke(cli.app, [*path, "--help"], terminal_width=200)
    if done.exit_code != 0:
        raise LookupError(f"`promopacket {' '.join(path)} --help` failed: {done.output[-300:]}")
    commands, options, panel = set(), set(), None
    for line in done.output.splitlines():
        if match := PANEL.match(line):
            panel = match.group(1)
        elif (match := ROW.match(line)) and panel == "Commands":
            commands.add(match.group(1))
        elif panel == "Options" and line.startswith("│"):
            options.update(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", line.split("  <")[0]))
    return frozenset(commands), frozenset(options)


def commands_in(text: str) -> list[str]:
    """Every command line that runs promopacket, from code blocks and inline code."""
    found = []
    blocks = FENCE.findall(text)
    for block in blocks:
        for line in block.splitlines():
            line = re.sub(r"\s#.*$", "", line)  # a shell comment
            if match := PROGRAM.search(line):
                found.append(line[match.end() :].strip())
    prose = FENCE.sub("", text)
    top_level, _ = help_of(())
    for span in INLINE.findall(prose):
        span = " ".join(span.split())  # inline code may wrap across lines
        if match := PROGRAM.match(span):
            found.append(span[match.end() :].strip())
        elif span.split(" ")[0] in top_level and " --" in span:
            found.append(span)  # prose names a command without the program: `run --pdf`
    return found


def check_command(args: str) -> list[str]:
    """What in `promopacket <args>` the CLI does not have (empty: everything exists)."""
    try:
        tokens = shlex.split(args)
    except ValueError:
        tokens = args.split()
    path: list[str] = []
    problems = []
    for raw in tokens:
        if raw in SHELL_STOP:
            break
        token = raw.strip("[]()|,")  # usage notation: [--row N], [--json]
        if not token or token in {"…", "..."}:
            continue
        commands, options = help_of(tuple(path))
        if token.startswith("-"):
            name = token.split("=", 1)[0]
            if name not in options:
                where = " ".join(["promopacket", *path])
                problems.append(f"{where}: no option {name} (has {', '.join(sorted(options))})")
        elif commands:
            if token in commands:
                path.append(token)
            else:
                where = " ".join(["promopacket", *path])
                problems.append(
                    f"{where}: no subcommand {token!r} (has {', '.join(sorted(commands))})"
                )
                break
        # else: an argument of a command that has no subcommands (PATH, DIR, a file…)
    return problems


def _shown_commands() -> list[tuple[str, str]]:
    return [
        (page.relative_to(ROOT).as_posix(), command)
        for page in PAGES
        for command in commands_in(page.read_text(encoding="utf-8"))
    ]


SHOWN = _shown_commands()


def test_the_pages_show_commands():
    pages = {page for page, _ in SHOWN}
    assert "README.md" in pages and len(SHOWN) >= 20, SHOWN
    assert any(cmd.startswith("run") and "--" in cmd for _, cmd in SHOWN)


@pytest.mark.parametrize("page,command", SHOWN, ids=[f"{p}: {c}" for p, c in SHOWN])
def test_every_command_and_option_shown_exists(page, command):
    assert check_command(command) == [], f"{page} shows `promopacket {command}`"


def test_a_page_naming_an_unknown_option_or_command_fails():
    page = (
        "Run `promopacket run --cohort 2026-H2 --no-such-option`.\n"
        "```bash\npromopacket serve --crn '0 6 * * 1'\npromopacket servr\n```\n"
    )
    problems = [p for command in commands_in(page) for p in check_command(command)]
    assert any("promopacket run: no option --no-such-option" in p for p in problems), problems
    assert any("promopacket serve: no option --crn" in p for p in problems), problems
    assert any("no subcommand 'servr'" in p for p in problems), problems
    assert len(problems) == 3


def test_nested_commands_and_usage_notation_are_read():
    assert check_command("templates check [DIR]") == []
    assert check_command("explain PATH --person ID [--row N]") == []
    assert check_command("server status") == []
    assert check_command("--version") == []
    assert check_command("server start --nope") != []


def test_the_site_builds_strict_and_offline(tmp_path):
    """mkdocs build --strict (as `make docs`), and no page loads anything from the network."""
    pytest.importorskip("material", reason="the docs extra is not installed (make docs)")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    build(config)
    remote = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""")
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not remote.search(html), f"{page.name} loads a remote asset"
        assert "fonts.googleapis" not in html and "googletagmanager" not in html
