"""Deterministic synthetic cohorts for benchmarks: seeded, realistic mix of rows.

python bench/synth.py --people 100 --out bench/work/cohort-100
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from promopacket.core.contract import load_vocabularies  # noqa: E402
from promopacket.read.writer import write_input_workbook  # noqa: E402
from promopacket.settings import Settings  # noqa: E402

WEAK = [
    "Helped the team with {p}",
    "Worked on {p}",
    "Was involved in {p}",
    "Assisted with {p}",
    "Did some work on {p}",
    "Participated in {p}",
]
STRONG = [
    "Led the redesign of {p}, documenting the trade-offs for three teams",
    "Built {p} from scratch and handed it over to the platform team",
]
METRICS = [
    ("p99 latency", "ms", "lower", 120, 900),
    ("training cost", "$", "lower", 5000, 60000),
    ("model AUC", None, "higher", 0.6, 0.8),
    ("experiments per month", None, "higher", 2, 8),
    ("data incidents per month", None, "lower", 4, 30),
    ("accuracy", "%", "higher", 70, 85),
    ("pipeline runtime", "min", "lower", 30, 240),
]
PROJECTS = [
    "feature store",
    "serving layer",
    "drift monitoring",
    "training pipeline",
    "evaluation library",
    "labelling tool",
    "experiment platform",
    "model registry",
]
OUTCOMES = ["development plan", "not yet", "needed here now", "vague"]


def achievement(rng: random.Random, person_id: str, vocab) -> dict:
    project = rng.choice(PROJECTS)
    kind = rng.random()
    row = dict(
        person_id=person_id,
        period=f"2026-Q{rng.randint(1, 4)}",
        project=project.title(),
        competency=rng.choice(vocab.values["competency"]),
        lever=rng.choice(vocab.values["lever"]) if rng.random() < 0.6 else None,
    )
    if kind < 0.15:
        row["statement"] = rng.choice(STRONG).format(p=project)
        return row
    row["statement"] = rng.choice(WEAK).format(p=project)
    if kind < 0.45:
        return row  # weak, no metric
    metric, unit, better, low, high = rng.choice(METRICS)
    base = round(rng.uniform(low, high), 2 if high < 5 else 0)
    factor = rng.uniform(0.3, 0.9) if better == "lower" else rng.uniform(1.05, 1.6)
    if rng.random() < 0.08:  # some rows moved the wrong way
        factor = 1 / factor
    result = round(base * factor, 3 if high < 5 else 0)
    if unit == "%":
        result = min(result, 99)
    row.update(
        metric=metric,
        unit=unit,
        better=better,
        baseline=base,
        result=result,
        outcome="enabling faster releases" if rng.random() < 0.5 else None,
    )
    return row


def make_cohort(
    people: int, out: Path, seed: int = 7, per_workbook: int = 50, achievements: int = 20
) -> list[Path]:
    """Write `people` people across workbooks of `per_workbook` people each."""
    rng = random.Random(seed)
    vocab = load_vocabularies(Settings().rules_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for start in range(0, people, per_workbook):
        ids = [f"p{n:05d}" for n in range(start, min(people, start + per_workbook))]
        team = f"Team {start // per_workbook + 1}"
        sheets = {
            "People": [
                dict(
                    person_id=i,
                    name=f"Person {i}",
                    current_title="Senior ML Engineer",
                    target_title="Lead ML Engineer",
                    team=team,
                    manager_name="M. Manager",
                    cohort="bench",
                )
                for i in ids
            ],
            "Achievements": [achievement(rng, i, vocab) for i in ids for _ in range(achievements)],
            "Team": [dict(team=team, mission="Ranking and recommendations", headcount=8)],
            "Meetings": [
                dict(
                    person_id=i,
                    date=dt.date(2026, 10, 1) + dt.timedelta(days=k * 14),
                    with_name="M. Manager",
                    outcome=rng.choice(OUTCOMES),
                    key_points="Discussed scope and evidence.",
                )
                for i in ids
                for k in range(rng.randint(1, 2))
            ],
        }
        path = out / f"cohort-{start // per_workbook + 1:03d}.xlsx"
        write_input_workbook(path, sheets)
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = make_cohort(args.people, args.out, args.seed)
    print(f"wrote {len(paths)} workbooks to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
