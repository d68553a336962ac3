"""A stage package's entry function, exported from its `__init__` without importing it early.

Importing any module of a package runs the package's `__init__` first. If that `__init__`
imported the entry module eagerly, `promopacket --help` and every light command would pay for
docxtpl, openpyxl and the flow's stages (measured: 0.4–1.2 s per entry module). PEP 562's module
`__getattr__` loads the entry module on first use instead, so `from promopacket.build import
build_person` works and `import promopacket.build.manifest` stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable


def exports(package: str, entries: dict[str, str]) -> tuple[Callable, Callable]:
    """The `__getattr__` and `__dir__` of `package`, serving each name from its module."""

    def __getattr__(name: str):
        module = entries.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    def __dir__() -> list[str]:
        return sorted(set(entries) | set(vars(importlib.import_module(package))))

    return __getattr__, __dir__
