"""Build inputs/example.xlsx from the example team (promopacket/templates/example_team.yaml),
the one source of the example people: python scripts/make_example.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from promopacket.read.starter import example_team  # noqa: E402
from promopacket.read.writer import write_input_workbook  # noqa: E402


def main() -> int:
    out = ROOT / "inputs" / "example.xlsx"
    write_input_workbook(out, example_team())
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
