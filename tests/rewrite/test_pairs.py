"""A hand-written table of weak entries and the statements they must become."""

import pytest

from promopacket.rewrite import load_rules, rewrite_achievement
from promopacket.rewrite.engine import example_achievement
from promopacket.settings import Settings

RULES = load_rules(Settings().rules_dir)
LAT = dict(metric="p99 latency", unit="ms", better="lower")
ACC = dict(metric="model accuracy", unit="%", better="higher")

# (row, expected statement, flag) — flag: "" plain, "metric" needs a metric, "review" flagged.
PAIRS = [
    # lower is better and it went down
    (
        dict(
            statement="Helped ML team with data pipeline",
            metric="feature ingestion latency",
            baseline=50,
            result=30,
            unit="min",
            better="lower",
            outcome="enabling daily model retraining instead of weekly",
        ),
        "Reduced feature ingestion latency by 40% (50 min → 30 min), enabling daily model "
        "retraining instead of weekly",
        "",
    ),
    (
        dict(statement="Worked on the serving layer", baseline=180, result=95, **LAT),
        "Reduced p99 latency by 47% (180 ms → 95 ms)",
        "",
    ),
    (
        dict(
            statement="Was involved in spot training",
            metric="monthly training cost",
            baseline=42000,
            result=27300,
            unit="$",
            better="lower",
        ),
        "Reduced monthly training cost by 35% ($42,000 → $27,300)",
        "",
    ),
    (
        dict(
            statement="Helped cut cloud spend",
            metric="inference cost",
            baseline=120000,
            result=80000,
            unit="$ per year",
            better="lower",
        ),
        "Reduced inference cost by 33% ($120,000 → $80,000 per year)",
        "",
    ),
    (
        dict(
            statement="Did some storage cleanup",
            metric="storage cost",
            baseline=9000,
            result=8100,
            unit="€ per month",
            better="lower",
        ),
        "Reduced storage cost by 10% (€9,000 → €8,100 per month)",
        "",
    ),
    (
        dict(
            statement="Automated weekly retraining",
            metric="manual hours per retrain",
            baseline=6,
            result=0.5,
            unit="h",
            better="lower",
            outcome="freeing the on-call engineer for model work",
        ),
        "Reduced manual hours per retrain by 92% (6 h → 0.5 h), freeing the on-call engineer "
        "for model work",
        "",
    ),
    (
        dict(statement="Tuned the batcher", baseline=1000, result=999.9, **LAT),
        "Reduced p99 latency by 0.01% (1,000 ms → 999.9 ms)",
        "",
    ),
    # higher is better and it went up: percent, multiples
    (
        dict(
            statement="Supported the experimentation platform rollout",
            metric="experiments per month",
            baseline=3,
            result=12,
            better="higher",
            outcome="letting product teams test ideas without a data scientist",
        ),
        "Increased experiments per month 4× (3 → 12), letting product teams test ideas "
        "without a data scientist",
        "",
    ),
    (
        dict(
            statement="Was involved in CI/CD for models",
            metric="model deploys per month",
            baseline=1,
            result=8,
            better="higher",
        ),
        "Increased model deploys per month 8× (1 → 8)",
        "",
    ),
    (
        dict(
            statement="Helped with throughput",
            metric="requests per second",
            baseline=300,
            result=450,
            better="higher",
        ),
        "Increased requests per second by 50% (300 → 450)",
        "",
    ),
    (
        dict(
            statement="Helped with labelling",
            metric="labelled examples per day",
            baseline=3,
            result=7,
            better="higher",
        ),
        "Increased labelled examples per day 2.3× (3 → 7)",
        "",
    ),
    (
        dict(
            statement="Worked on search",
            metric="search conversion",
            baseline=200,
            result=230,
            better="higher",
        ),
        "Improved search conversion by 15% (200 → 230)",
        "",
    ),
    # percentages in points; bounded scores as absolute differences
    (
        dict(statement="Did some model tuning", baseline=82, result=88, **ACC),
        "Improved model accuracy by 6 percentage points (82% → 88%)",
        "",
    ),
    (
        dict(
            statement="Worked on churn",
            metric="monthly churn",
            baseline=20,
            result=17,
            unit="%",
            better="lower",
            outcome="keeping more subscribers",
        ),
        "Reduced monthly churn by 3 percentage points (20% → 17%), keeping more subscribers",
        "",
    ),
    (
        dict(
            statement="Assisted with label quality checks",
            metric="mislabelled rows in the training set",
            baseline=4.1,
            result=1.2,
            unit="%",
            better="lower",
        ),
        "Reduced mislabelled rows in the training set by 2.9 percentage points (4.1% → 1.2%)",
        "",
    ),
    (
        dict(
            statement="Worked on the churn model",
            metric="churn prediction AUC",
            baseline=0.78,
            result=0.86,
            better="higher",
        ),
        "Improved churn prediction AUC by 0.08 (0.78 → 0.86)",
        "",
    ),
    (
        dict(
            statement="Helped improve the ranking model",
            metric="NDCG@10",
            baseline=0.412,
            result=0.447,
            better="higher",
            outcome="lifting search engagement",
        ),
        "Improved NDCG@10 by 0.035 (0.412 → 0.447), lifting search engagement",
        "",
    ),
    # baseline zero never divides
    (
        dict(
            statement="Helped teams adopt the feature store",
            metric="teams using the feature store",
            baseline=0,
            result=4,
            unit="teams",
            better="higher",
        ),
        "Increased teams using the feature store from 0 teams to 4 teams",
        "",
    ),
    # wrong direction, no change, unknown direction: factual and flagged
    (
        dict(
            statement="Worked on inference cost",
            metric="inference cost per million requests",
            baseline=18,
            result=21,
            unit="$",
            better="lower",
        ),
        "Worked on inference cost: inference cost per million requests rose from $18 to $21, "
        "where lower is better",
        "review",
    ),
    (
        dict(statement="Did some accuracy work", baseline=88, result=85, **ACC),
        "Did some accuracy work: model accuracy fell from 88% to 85%, where higher is better",
        "review",
    ),
    (
        dict(statement="Kept serving stable", baseline=120, result=120, **LAT),
        "Kept serving stable: p99 latency stayed at 120 ms",
        "review",
    ),
    (
        dict(statement="Reworked batch sizes", metric="GPU hours per run", baseline=40, result=25),
        "Reworked batch sizes: GPU hours per run fell from 40 to 25",
        "review",
    ),
    (
        dict(statement="Sped up the nightly job", baseline=5, result=2, unit="h", better="lower"),
        "Sped up the nightly job: from 5 h to 2 h",
        "review",
    ),
    # a single value
    (
        dict(
            statement="Built a shared offline evaluation library",
            metric="adopted by",
            result=4,
            unit="teams",
            scope="4 teams",
        ),
        "Built a shared offline evaluation library, adopted by 4 teams",
        "",
    ),
    (
        dict(
            statement="Mentored two data scientists",
            metric="data scientists mentored",
            result=2,
            outcome="both now own a model end to end",
        ),
        "Mentored two data scientists (data scientists mentored: 2), so both now own a model "
        "end to end",
        "",
    ),
    (
        dict(statement="Wrote the model card template", metric="used by", result=30, unit="models"),
        "Wrote the model card template, used by 30 models",
        "",
    ),
    # no measurement: facts kept, stronger verb only where a fact allows, asked about
    (
        dict(
            statement="Helped junior engineers get up to speed",
            lever="Develop people",
            competency="MLOps",
        ),
        "Mentored junior engineers to get up to speed",
        "metric",
    ),
    (
        dict(statement="Helped new joiners", lever="Develop people"),
        "Mentored new joiners",
        "metric",
    ),
    (dict(statement="Helped new joiners", lever="Share knowledge"), "Helped new joiners", "metric"),
    (
        dict(statement="Participated in bias reviews", competency="Bias mitigation"),
        "Participated in bias reviews",
        "metric",
    ),
    (
        dict(statement="Did some work on drift monitoring.", competency="Data drift & monitoring"),
        "Did some work on drift monitoring",
        "metric",
    ),
    (
        dict(
            statement="Led the design review that chose the online feature store",
            outcome="one shared store instead of three",
            scope="3 teams",
        ),
        "Led the design review that chose the online feature store, enabling one shared store "
        "instead of three across 3 teams",
        "metric",
    ),
    (
        dict(statement="Ran a causal inference course for 25 analysts", scope="25 analysts"),
        "Ran a causal inference course for 25 analysts",
        "metric",
    ),
    (
        dict(statement="Worked on training time", metric="training time", baseline=9, unit="h"),
        "Worked on training time (baseline training time: 9 h)",
        "metric",
    ),
]


@pytest.mark.parametrize("row,expected,flag", PAIRS, ids=[p[0]["statement"][:30] for p in PAIRS])
def test_weak_entry_becomes_expected_statement(row, expected, flag):
    statement = rewrite_achievement(example_achievement(row), RULES)
    assert statement.text == expected
    assert statement.needs_metric == (flag == "metric")
    if flag == "metric":
        assert statement.question
    assert bool(statement.review_flag) == (flag == "review")


def test_the_table_is_large_enough():
    assert len(PAIRS) >= 30


@pytest.mark.parametrize(
    "row,words",
    [
        (
            dict(
                statement="Helped junior engineers get up to speed",
                lever="Develop people",
                competency="MLOps",
            ),
            "people did you help grow",
        ),
        (
            dict(statement="Participated in bias reviews", competency="Bias mitigation"),
            "fairness metric",
        ),
        (dict(statement="Worked on serving latency"), "p50 or p99"),
        (
            dict(statement="Did some alerting work", competency="Data drift & monitoring"),
            "incidents did the alerts catch",
        ),
        (dict(statement="Cleaned things up"), "before and after"),
    ],
)
def test_questions_are_shaped_by_the_row(row, words):
    assert words in rewrite_achievement(example_achievement(row), RULES).question
