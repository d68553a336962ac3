"""Figures for the statement corpus (tests/rewrite/corpus.yaml): rows, share reaching strong,
share flagged (needs a metric, or review), prose-lint failures, and a few before → after pairs.

    python scripts/corpus_figures.py [--examples N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from promopacket.rewrite import load_rules, rewrite_achievement  # noqa: E402
from promopacket.rewrite.score import band  # noqa: E402
from promopacket.settings import Settings  # noqa: E402
from tests.rewrite.examples import example_achievement  # noqa: E402
from tests.rewrite.lint import lint_statement  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "rewrite" / "corpus.yaml"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=10)
    args = parser.parse_args()
    rules = load_rules(Settings().rules_dir)
    entries = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    results = []
    for entry in entries:
        item = example_achievement(entry["row"])
        statement = rewrite_achievement(item, rules)
        results.append((entry, statement, lint_statement(statement, item, rules)))
    total = len(results)
    strong = sum(1 for _, s, _ in results if band(s.score_after) == "strong")
    flagged = sum(1 for _, s, _ in results if s.needs_metric or s.review_flag)
    measured_weak = [
        s for e, s, _ in results if e["row"].get("result") is not None and s.direction == "improved"
    ]
    lint_failures = sum(1 for *_, found in results if found)
    print(f"rows: {total}  roles: {dict(Counter(e['role'] for e, _, _ in results))}")
    print(f"strong after: {strong}/{total} = {strong / total:.0%}")
    print(
        "strong among measured improvements: "
        f"{sum(1 for s in measured_weak if band(s.score_after) == 'strong')}/{len(measured_weak)}"
    )
    print(f"flagged (needs metric or review): {flagged}/{total} = {flagged / total:.0%}")
    print(f"before: {dict(Counter(band(s.score_before) for _, s, _ in results))}")
    print(f"after:  {dict(Counter(band(s.score_after) for _, s, _ in results))}")
    print(f"lint failures: {lint_failures}")
    step = max(1, total // max(1, args.examples))
    for entry, statement, _ in results[::step][: args.examples]:
        print(f"- [{entry['role']}] {statement.original} ({statement.score_before})")
        print(f"  → {statement.text} ({statement.score_after})")


if __name__ == "__main__":
    main()
