"""Build inputs/example.xlsx: a fictional team of three going for Lead.

Kept in the repo so the example is reproducible and reviewable: python scripts/make_example.py
The people exercise what the documents must get right: weak and strong entries, a worsened
result and a strong unmeasured end-to-end item (Chen), two meetings for one person with
different outcomes (Chen), and manager concerns in every person's key points.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from promopacket.read.writer import write_input_workbook  # noqa: E402

PEOPLE = [
    dict(
        person_id="ana.ruiz",
        name="Ana Ruiz",
        email="ana.ruiz@example.com",
        current_title="Senior ML Engineer",
        target_title="Lead ML Engineer",
        team="Ranking Platform",
        manager_name="Priya Nair",
        manager_email="priya.nair@example.com",
        location="Lisbon",
        tenure_months=30,
        archetype="Architect",
        cohort="2026-H2",
    ),
    dict(
        person_id="ben.okafor",
        name="Ben Okafor",
        email="ben.okafor@example.com",
        current_title="Senior Data Scientist",
        target_title="Lead Data Scientist",
        team="Ranking Platform",
        manager_name="Priya Nair",
        manager_email="priya.nair@example.com",
        location="London",
        tenure_months=26,
        archetype="Tech Lead",
        cohort="2026-H2",
    ),
    dict(
        person_id="chen.li",
        name="Chen Li",
        email="chen.li@example.com",
        current_title="Senior ML Engineer",
        target_title="Lead ML Engineer",
        team="Fraud Detection",
        manager_name="Marcus Webb",
        manager_email="marcus.webb@example.com",
        location="Berlin",
        tenure_months=22,
        cohort="2026-H2",
    ),
]


def a(
    person,
    period,
    project,
    statement,
    competency=None,
    lever=None,
    metric=None,
    baseline=None,
    result=None,
    unit=None,
    better=None,
    outcome=None,
    scope=None,
    evidence=None,
    role=None,
):
    return dict(
        person_id=person,
        period=period,
        project=project,
        statement=statement,
        competency=competency,
        lever=lever,
        role=role,
        metric=metric,
        baseline=baseline,
        result=result,
        unit=unit,
        better=better,
        outcome=outcome,
        scope=scope,
        evidence=evidence,
    )


ACHIEVEMENTS = [
    # Ana: weak entries with metrics, weak entries without, and strong ones.
    a(
        "ana.ruiz",
        "2026-Q1",
        "Feature store",
        "Helped ML team with data pipeline",
        "Feature engineering pipeline",
        "Build tools and assets",
        "feature ingestion latency",
        50,
        30,
        "min",
        "lower",
        "enabling daily model retraining instead of weekly",
        evidence="design doc FS-12",
    ),
    a(
        "ana.ruiz",
        "2026-Q1",
        "Model serving",
        "Worked on the serving layer",
        "Model deployment / serving",
        "Own the end-to-end",
        "p99 inference latency",
        180,
        95,
        "ms",
        "lower",
        "meeting the checkout page's 100 ms budget",
        role="owned",
    ),
    a(
        "ana.ruiz",
        "2026-Q2",
        "Training cost",
        "Was involved in moving training to spot instances",
        "Distributed training",
        "Own the team's ML systems",
        "monthly training cost",
        42000,
        27300,
        "$",
        "lower",
        "funding two extra experiment slots per quarter",
        evidence="https://wiki.example.com/ml-platform/spot-training-postmortem",
    ),
    a(
        "ana.ruiz",
        "2026-Q2",
        "Evaluation library",
        "Built a shared offline evaluation library",
        "A/B testing / experimentation",
        "Push improvements widely",
        "adopted by",
        None,
        4,
        "teams",
        None,
        None,
        "4 teams",
    ),
    a(
        "ana.ruiz",
        "2026-Q2",
        "Mentoring",
        "Helped junior engineers get up to speed",
        "MLOps",
        "Develop people",
    ),
    a(
        "ana.ruiz",
        "2026-Q3",
        "Monitoring",
        "Did some work on drift monitoring",
        "Data drift & monitoring",
        "Own the team's ML systems",
    ),
    a(
        "ana.ruiz",
        "2026-Q3",
        "Design reviews",
        "Led the design review that chose the online feature store, documenting the trade-offs "
        "for three teams",
        "Feature engineering pipeline",
        "Lead technical decisions",
        outcome="one shared store instead of three",
        scope="3 teams",
    ),
    a(
        "ana.ruiz",
        "2026-Q3",
        "Retraining",
        "Automated weekly retraining",
        "MLOps",
        "Invest hours to save others more",
        "manual hours per retrain",
        6,
        0.5,
        "h",
        "lower",
        "freeing the on-call engineer for model work",
    ),
    # Ben: data scientist.
    a(
        "ben.okafor",
        "2026-Q1",
        "Ranking model",
        "Helped improve the ranking model",
        "Hyperparameter optimization",
        None,
        "NDCG@10",
        0.412,
        0.447,
        None,
        "higher",
        "lifting search engagement",
    ),
    a(
        "ben.okafor",
        "2026-Q1",
        "Churn model",
        "Worked on the churn model",
        "Transfer learning",
        None,
        "churn prediction AUC",
        0.78,
        0.86,
        None,
        "higher",
    ),
    a(
        "ben.okafor",
        "2026-Q2",
        "Experimentation",
        "Supported the experimentation platform rollout",
        "A/B testing / experimentation",
        "Push improvements widely",
        "experiments per month",
        3,
        12,
        None,
        "higher",
        "letting product teams test ideas without a data scientist",
    ),
    a(
        "ben.okafor",
        "2026-Q2",
        "Bias review",
        "Participated in bias reviews",
        "Bias mitigation",
        "Share knowledge",
    ),
    a(
        "ben.okafor",
        "2026-Q2",
        "Data quality",
        "Assisted with label quality checks",
        "Data quality",
        "Build tools and assets",
        "mislabelled rows in the training set",
        4.1,
        1.2,
        "%",
        "lower",
        "stabilising weekly model quality",
    ),
    a(
        "ben.okafor",
        "2026-Q3",
        "Knowledge sharing",
        "Ran a six-part causal inference course for 25 analysts, now the onboarding standard",
        None,
        "Share knowledge",
        scope="25 analysts",
    ),
    a(
        "ben.okafor",
        "2026-Q3",
        "Explainability",
        "Helped with explanations for the risk team",
        "Explainable AI (XAI)",
        "Share knowledge",
    ),
    a(
        "ben.okafor",
        "2026-Q3",
        "Mentoring",
        "Mentored two data scientists",
        None,
        "Develop people",
        "data scientists mentored",
        None,
        2,
        None,
        None,
        "both now own a model end to end",
    ),
    # Chen: software engineer becoming the ML lead for fraud.
    a(
        "chen.li",
        "2026-Q1",
        "Fraud features",
        "Helped the team with feature pipelines",
        "Feature engineering pipeline",
        "Build tools and assets",
        "feature freshness lag",
        24,
        1,
        "h",
        "lower",
        "catching card-testing attacks the same day",
    ),
    a(
        "chen.li",
        "2026-Q1",
        "Fraud model",
        "Worked on the fraud model recall",
        "Model deployment / serving",
        None,
        "fraud recall at 1% FPR",
        61,
        74,
        "%",
        "higher",
        "preventing chargebacks",
    ),
    a(
        "chen.li",
        "2026-Q2",
        "Deploys",
        "Was involved in CI/CD for models",
        "MLOps",
        "Push improvements widely",
        "model deploys per month",
        1,
        8,
        None,
        "higher",
    ),
    a(
        "chen.li",
        "2026-Q2",
        "Governance",
        "Participated in model governance meetings",
        "Model governance",
        "Lead technical decisions",
    ),
    a("chen.li", "2026-Q2", "Alerting", "Did some alerting work", "Data drift & monitoring", None),
    a(
        "chen.li",
        "2026-Q3",
        "Migration",
        "Migrated the fraud scoring service to the shared serving platform with zero downtime, "
        "retiring a bespoke stack",
        "Model deployment / serving",
        "Own the end-to-end",
    ),
    a("chen.li", "2026-Q3", "Onboarding", "Helped new joiners", None, "Develop people"),
    a(
        "chen.li",
        "2026-Q3",
        "Cost",
        "Worked on inference cost",
        "Model deployment / serving",
        None,
        "inference cost per million requests",
        18,
        21,
        "$",
        "lower",
    ),
]

TEAMS = [
    dict(
        team="Ranking Platform",
        mission="Search and recommendation ranking for the storefront",
        priorities="Daily retraining; latency budget; experiment velocity",
        stakeholders="Search product, Storefront engineering",
        headcount=9,
    ),
    dict(
        team="Fraud Detection",
        mission="Real-time fraud scoring for payments",
        priorities="Recall at fixed FPR; model governance; cost",
        stakeholders="Payments, Risk",
        headcount=6,
    ),
]

MEETINGS = [
    dict(
        person_id="ana.ruiz",
        date=dt.date(2026, 10, 6),
        with_name="Priya Nair",
        with_role="Engineering Manager",
        outcome="development plan",
        key_points="Feature store impact is clear; wants more evidence of developing others.",
        commitments="Ana to mentor two engineers; Priya to add Ana to the staffing review.",
        follow_up_date=dt.date(2026, 10, 20),
    ),
    dict(
        person_id="ben.okafor",
        date=dt.date(2026, 10, 8),
        with_name="Priya Nair",
        with_role="Engineering Manager",
        outcome="not yet",
        key_points="Strong modelling; needs visible cross-team influence.",
        commitments="Ben to lead the experimentation guild for a quarter.",
    ),
    dict(
        person_id="chen.li",
        date=dt.date(2026, 10, 9),
        with_name="Marcus Webb",
        with_role="Director of Risk Engineering",
        outcome="needed here now",
        key_points=(
            "Chen is critical to the fraud model migration until year end; "
            "sees gaps in cross-org influence and hiring."
        ),
        commitments="Agree a handover plan for the scoring service.",
    ),
    dict(
        person_id="chen.li",
        date=dt.date(2026, 11, 3),
        with_name="Dana Kim",
        with_role="Head of ML Platform",
        outcome="vague",
        key_points="Discussed a Lead opening on the platform team; no commitment either way.",
    ),
]


def main() -> int:
    out = ROOT / "inputs" / "example.xlsx"
    write_input_workbook(
        out, {"People": PEOPLE, "Achievements": ACHIEVEMENTS, "Team": TEAMS, "Meetings": MEETINGS}
    )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
