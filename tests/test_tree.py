"""tests/ mirrors the package: each test folder is named after the package it tests, and only
checks of the whole project (imports, docs, schemas, this tree) stand at the top."""

from __future__ import annotations

from pathlib import Path

import promopacket

TESTS = Path(__file__).parent
PACKAGE = Path(promopacket.__file__).parent
# Folders that test the product as a whole rather than one package.
ACROSS = {"golden", "hardening", "integration", "__pycache__"}
TOP_LEVEL = {"test_docs.py", "test_imports.py", "test_schema.py", "test_tree.py"}


def stray_folders(tests: Path, package: Path) -> list[str]:
    """Test folders with no package of the same path."""
    return sorted(
        str(folder.relative_to(tests))
        for folder in tests.rglob("*")
        if folder.is_dir()
        and not (set(folder.relative_to(tests).parts) & ACROSS)
        and not (package / folder.relative_to(tests)).is_dir()
    )


def test_each_test_folder_mirrors_a_package():
    assert stray_folders(TESTS, PACKAGE) == []


def test_a_folder_without_its_package_is_named(tmp_path):
    (tmp_path / "tests" / "reviews").mkdir(parents=True)
    (tmp_path / "tests" / "render").mkdir()
    (tmp_path / "pkg" / "render").mkdir(parents=True)
    assert stray_folders(tmp_path / "tests", tmp_path / "pkg") == ["reviews"]


def test_only_project_wide_tests_at_the_top():
    assert sorted(p.name for p in TESTS.glob("test_*.py")) == sorted(TOP_LEVEL)
