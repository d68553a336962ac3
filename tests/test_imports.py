"""The package's import graph, read from the source (ast): no cycle between modules or between
stage packages, and an import inside a function only with a reason on its line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import promopacket

PACKAGE = Path(promopacket.__file__).parent
# Deferred imports are for start-up cost (Prefect, GX, matplotlib, the CLI's commands): each
# says so on its line, with a comment, or is one of these (imports whose cost was measured).
HEAVY = ("prefect", "great_expectations", "matplotlib", "pandas", "docx", "docxtpl", "lxml")


def _modules() -> dict[str, Path]:
    found = {}
    for file in PACKAGE.rglob("*.py"):
        parts = file.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = file
    return found


def _imports(name: str, file: Path, modules: dict[str, Path]):
    """(target module, deferred?, line) for each import of one of our modules."""
    tree = ast.parse(file.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name if file.name == "__init__.py" else name.rsplit(".", 1)[0]
                package = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{package}.{base}" if node.module else package
            # `from pkg import submodule` depends on the submodule; `from pkg import name` on pkg
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names
            ]
        else:
            continue
        for target in targets:
            if target in modules and target != name:
                yield target, id(node) not in top, node.lineno


def _graph(level: str) -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, file in modules.items():
        for target, _deferred, _line in _imports(name, file, modules):
            if level == "package":
                a, b = _stage(name), _stage(target)
                if a != b:
                    graph.setdefault(a, set()).add(b)
            elif not name.startswith(target + "."):  # a module needs its package's __init__
                graph.setdefault(name, set()).add(target)
    return graph


def _stage(name: str) -> str:
    """The stage package a module belongs to; a root module (settings, __main__) is its own."""
    return ".".join(name.split(".")[:2])


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_cycle_between_modules():
    assert _cycles(_graph("module")) == []


def test_no_cycle_between_stage_packages():
    assert _cycles(_graph("package")) == []


def test_the_cycle_check_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_at_most_six_modules_at_the_package_root():
    root = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(root) <= 6, root


def test_only_the_prefect_layer_imports_prefect():
    for file in PACKAGE.rglob("*.py"):
        if "flows" in file.relative_to(PACKAGE).parts:
            continue
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "prefect" or n.startswith("prefect.") for n in names), (
                f"{file}:{node.lineno} imports Prefect outside promopacket/flows"
            )


def _module_level(tree: ast.Module) -> set[int]:
    """Statements run at import: the module's own, and those in its top-level try/if blocks."""
    ids, todo = set(), list(tree.body)
    while todo:
        node = todo.pop()
        ids.add(id(node))
        if isinstance(node, ast.Try | ast.If):
            todo += (
                node.body + node.orelse + [s for h in getattr(node, "handlers", []) for s in h.body]
            )
    return ids


def unexplained_deferred_imports(file: Path) -> list[int]:
    """Lines of imports inside functions that give no reason: a comment on the line, or on the
    line just above the block of imports it belongs to."""
    lines = file.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    top = _module_level(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom) or id(node) in top:
            continue
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            continue
        if "#" in lines[node.end_lineno - 1] or "#" in lines[node.lineno - 1]:
            continue
        above = node.lineno - 2
        while above >= 0 and (
            not lines[above].strip() or lines[above].strip().startswith(("from ", "import ", ")"))
        ):
            above -= 1
        if above >= 0 and lines[above].strip().startswith("#"):
            continue
        found.append(node.lineno)
    return found


def test_imports_inside_functions_say_why():
    """Only for start-up cost (Prefect, Great Expectations, lemminflect's tables, …), said on
    the line. The CLI imports each command's stages when the command runs, so `promopacket
    --help` stays quick: its package says so once (promopacket/cli/__init__.py)."""
    unexplained = {
        str(file.relative_to(PACKAGE)): lines
        for file in sorted(PACKAGE.rglob("*.py"))
        if "cli" not in file.relative_to(PACKAGE).parts
        and (lines := unexplained_deferred_imports(file))
    }
    assert unexplained == {}


def test_an_unexplained_deferred_import_is_found(tmp_path):
    source = tmp_path / "m.py"
    source.write_text(
        "def f():\n    import json\n\n\ndef g():\n    # heavy\n    import csv\n    import io\n",
        encoding="utf-8",
    )
    assert unexplained_deferred_imports(source) == [2]


ENTRIES = {
    "read": ["read_workbook"],
    "validate": ["validate_workbook"],
    "profiles": ["choose_profile"],
    "rewrite": ["rewrite_all"],
    "assemble": ["assemble_packet", "assemble_brief", "assemble_letter"],
    "render": ["render_docx"],
    "build": ["build_person", "person_documents"],
    "run": ["run_guard"],
    "report": ["write_reports"],
    "flows": ["build_cohort"],
}


def test_every_stage_package_exports_its_entry_function():
    """The tree reads as the pipeline: `from promopacket.<stage> import <entry>` for each stage."""
    import importlib

    for package, names in ENTRIES.items():
        module = importlib.import_module(f"promopacket.{package}")
        for name in names:
            entry = getattr(module, name)
            assert callable(entry), (package, name)
            assert name in module.__all__, (package, name)
            assert entry.__module__.startswith(f"promopacket.{package}."), (package, entry)
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        getattr(importlib.import_module("promopacket.build"), "nothing_here")  # noqa: B009


def test_a_light_module_does_not_load_its_package_entry():
    """Importing a small module of a stage must not pay for its entry (lazy exports)."""
    import subprocess
    import sys

    code = (
        "import sys, promopacket.read.cells, promopacket.build.record, promopacket.run.lock;"
        "print(*(m in sys.modules for m in ('promopacket.read.workbook',"
        "'promopacket.build.person', 'promopacket.run.guard', 'docxtpl')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"] * 4, out.stdout
