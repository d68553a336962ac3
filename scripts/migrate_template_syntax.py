"""Rewrite the old sentence-template filters `{name|filter}` as `{name:filter}` in FILE...

The one sentence-template syntax of rule files is Python's format-string syntax, where a
filter is the format spec (promopacket/core/sentence_template.py). Only `{word|filter}` with a
known filter name is touched, so regex alternations such as `(?:a|b)`, quantifiers `{2,3}` and
YAML flow mappings stay as they are; running it twice changes nothing.

    python scripts/migrate_template_syntax.py promopacket/templates/rules/*.yaml
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

FILTERS = ("lower", "the", "def", "if")
OLD = re.compile(r"\{(\w+)\|(" + "|".join(FILTERS) + r")\}")


def migrate(text: str) -> tuple[str, int]:
    """The text with every old-style filter rewritten, and how many were."""
    return OLD.subn(r"{\1:\2}", text)


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for name in paths:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        new, count = migrate(text)
        if count:
            path.write_text(new, encoding="utf-8")
        print(f"{name}: {count} placeholder(s) rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
