"""Before/after score bands of a workbook: python scripts/score_distribution.py [PATH]"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from promopacket.build.person import person_bundles  # noqa: E402
from promopacket.rewrite import load_rules, rewrite_all  # noqa: E402
from promopacket.rewrite.score import band  # noqa: E402
from promopacket.run.workbooks import load_and_validate  # noqa: E402
from promopacket.settings import Settings  # noqa: E402


def main(path: Path) -> int:
    settings = Settings()
    rules = load_rules(settings.rules_dir, settings.user_rules_dir)
    statements = []
    for bundle in person_bundles(load_and_validate(path, settings)):
        statements += rewrite_all(bundle.achievements, rules)
    order = ("weak", "fair", "strong")
    before = Counter(band(s.score_before) for s in statements)
    after = Counter(band(s.score_after) for s in statements)
    print(f"{len(statements)} statements in {path}")
    print("band    before  after")
    for name in order:
        print(f"{name:7} {before[name]:6} {after[name]:6}")
    mean_before = sum(s.score_before for s in statements) / max(1, len(statements))
    mean_after = sum(s.score_after for s in statements) / max(1, len(statements))
    print(f"mean    {mean_before:6.1f} {mean_after:6.1f}")
    print(
        f"needs metric: {sum(s.needs_metric for s in statements)}, "
        f"review flags: {sum(bool(s.review_flag) for s in statements)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "inputs" / "example.xlsx"))
