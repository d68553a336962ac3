# ruff: noqa: E501  (rows of a workbook, one per line, read as a table)
"""Six people for issue 25, built in code with openpyxl: four ladders (ML, data, software, SRE),
every meeting outcome, and managers who speak in their own words — none of the old concern
markers ("needs", "gap", "lack", "not yet", "concern", "missing", "critical to", …)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from promopacket.read.writer import write_input_workbook

BUILT = dt.date(2026, 12, 2)  # the documents are compiled on 2 December 2026


def _a(pid, period, project, statement, **kw):
    return dict(person_id=pid, period=period, project=project, statement=statement, **kw)


def _measured(pid, period, project, statement, metric, baseline, result, unit, better, **kw):
    return _a(
        pid, period, project, statement,
        metric=metric, baseline=baseline, result=result, unit=unit, better=better, **kw,
    )  # fmt: skip


PEOPLE = [
    dict(person_id="nadia.haddad", name="Nadia Haddad", current_title="Senior SRE",
         target_title="Staff SRE", team="Payments Reliability", manager_name="Joel Park",
         tenure_months=40),
    dict(person_id="ines.duarte", name="Ines Duarte", current_title="Senior Data Engineer",
         target_title="Lead Data Engineer", team="Data Platform", manager_name="Amara Obi",
         tenure_months=30),
    dict(person_id="ravi.menon", name="Ravi Menon", current_title="Senior Software Engineer",
         target_title="Lead ML Engineer", team="Search", manager_name="Clara Voss",
         tenure_months=36),
    dict(person_id="mei.tanaka", name="Mei Tanaka", current_title="Senior ML Engineer",
         target_title="Staff ML Engineer", team="Ranking", manager_name="Hugo Lind",
         tenure_months=48),
    dict(person_id="owen.price", name="Owen Price", current_title="Senior Software Engineer",
         target_title="Staff Software Engineer", team="Checkout", manager_name="Sofia Marin",
         tenure_months=52),
    dict(person_id="lena.fischer", name="Lena Fischer", current_title="Senior SRE",
         target_title="Lead SRE", team="Core Infrastructure", manager_name="Pavel Novak",
         tenure_months=28),
]  # fmt: skip

ACHIEVEMENTS = [
    # Nadia (SRE, Staff): strong on reliability, her team depends on her.
    _measured("nadia.haddad", "2026-Q1", "Failover", "Automated the database failover",
              "failover time", 45, 4, " min", "lower", competency="Disaster recovery & resilience testing",
              lever="Own the end-to-end", outcome="payments stay up during a region loss"),
    _measured("nadia.haddad", "2026-Q2", "Paging", "Cleaned up the paging rules",
              "pages per week", 60, 12, "", "lower", competency="On-call health",
              lever="Build tools and assets", outcome="on-call engineers sleep through the night"),
    _a("nadia.haddad", "2026-Q3", "Runbooks", "Wrote runbooks adopted by three product teams",
       competency="Incident response & postmortems", lever="Share knowledge",
       scope="3 product teams"),
    # Ines (data, Lead): good pipelines; her manager sees her keep the hard work to herself.
    _measured("ines.duarte", "2026-Q1", "Orders pipeline", "Rebuilt the orders pipeline",
              "pipeline runtime", 6, 1.5, " h", "lower", competency="Batch pipelines & orchestration",
              lever="Build tools and assets", outcome="finance gets yesterday's orders by 7am"),
    _measured("ines.duarte", "2026-Q2", "Data quality", "Added data quality checks",
              "broken dashboards per month", 9, 2, "", "lower", competency="Data quality & testing",
              lever="Own the end-to-end"),
    _measured("ines.duarte", "2026-Q3", "Warehouse cost", "Worked on warehouse cost",
              "warehouse cost per month", 40, 44, "k$", "lower", competency="Query performance & cost"),
    _a("ines.duarte", "2026-Q3", "Reviews", "Attended design reviews"),
    # Ravi (software → ML, Lead): a move between ladders.
    _measured("ravi.menon", "2026-Q1", "Search latency", "Made the search service faster",
              "p99 search latency", 420, 180, " ms", "lower", competency="Model deployment / serving",
              lever="Own the end-to-end", outcome="shoppers see results before they finish typing"),
    _measured("ravi.menon", "2026-Q2", "Ranking experiment", "Ran the first ranking A/B test",
              "click-through rate", 3.1, 3.4, "%", "higher", competency="A/B testing / experimentation",
              lever="Lead technical decisions"),
    _a("ravi.menon", "2026-Q3", "Pairing", "Paired with two new ML engineers on feature code",
       competency="Feature engineering pipeline", lever="Develop people"),
    # Mei (ML, Staff): vague conversation; one person the migration depends on.
    _measured("mei.tanaka", "2026-Q1", "Feature store", "Moved ranking features to the feature store",
              "feature freshness lag", 24, 2, " h", "lower", competency="Feature engineering pipeline",
              lever="Push improvements widely", outcome="daily ranking updates",
              scope="3 teams"),
    _measured("mei.tanaka", "2026-Q2", "Retraining", "Automated model retraining",
              "manual hours per retrain", 8, 1, " h", "lower", competency="MLOps",
              lever="Build tools and assets"),
    _a("mei.tanaka", "2026-Q3", "Guild talk", "Gave a talk on offline evaluation",
       competency="A/B testing / experimentation", lever="Share knowledge"),
    # Owen (software, Staff): ready, no concern, three or more signals.
    _measured("owen.price", "2026-Q1", "Checkout API", "Redesigned the checkout API",
              "checkout error rate", 2.4, 0.6, "%", "lower", competency="API design",
              lever="Push improvements widely", outcome="fewer failed orders for 4 product teams",
              scope="4 product teams"),
    _measured("owen.price", "2026-Q2", "Test template", "Built a service template with contract tests",
              "services using the template", 0, 11, "", "higher", competency="Testing & code quality",
              lever="Share knowledge", outcome="the paved road for new services, adopted by other teams"),
    _measured("owen.price", "2026-Q2", "Mentoring", "Mentored three engineers through their first on-call",
              "engineers on the on-call rota", 5, 8, "", "higher", competency="Reliability & resilience",
              lever="Develop people", outcome="the rota no longer depends on two people"),
    _measured("owen.price", "2026-Q3", "Payments migration", "Migrated payments to the new ledger",
              "reconciliation breaks per month", 30, 2, "", "lower",
              competency="Migrations & modernisation", lever="Own the end-to-end",
              outcome="finance closes the month two days sooner"),
    # Lena (SRE, Lead): no conversation with her line manager; a worse result and a weak entry.
    _measured("lena.fischer", "2026-Q1", "Kubernetes upgrade", "Upgraded the clusters",
              "cluster upgrade time", 10, 2, " days", "lower",
              competency="Container platforms & Kubernetes", lever="Build tools and assets"),
    _measured("lena.fischer", "2026-Q2", "Alert noise", "Worked on alerting",
              "alerts per week", 200, 260, "", "lower", competency="Observability & alerting",
              lever="Push improvements widely", scope="5 teams"),
    _a("lena.fischer", "2026-Q3", "Meetings", "Participated in capacity meetings",
       competency="Capacity planning", lever="Develop people"),
]  # fmt: skip

TEAMS = [
    dict(team="Payments Reliability", mission="Payments that stay up", stakeholders="Payments"),
    dict(team="Data Platform", mission="Trusted data for finance and analytics"),
    dict(team="Search", mission="Search that finds the right product"),
    dict(team="Ranking", mission="Ranking for the storefront"),
    dict(team="Checkout", mission="A checkout that never loses an order"),
    dict(team="Core Infrastructure", mission="Clusters every team can rely on"),
]

MEETINGS = [
    dict(person_id="nadia.haddad", date=dt.date(2026, 11, 2), with_name="Joel Park",
         with_role="SRE Manager", outcome="needed here now",
         key_points="Moving her now would jeopardise the launch; she is the only one who can "
         "finish the migration before the summer",
         commitments="Nadia to write the failover runbook; Joel to find a second owner for the "
         "database"),
    dict(person_id="ines.duarte", date=dt.date(2026, 10, 12), with_name="Amara Obi",
         with_role="Data Engineering Manager", outcome="not yet",
         key_points="Her pipelines are solid; her work stays within her own team and she keeps "
         "the hard parts to herself; revisit by March",
         concerns="Other teams rarely hear from her"),
    dict(person_id="ravi.menon", date=dt.date(2026, 11, 16), with_name="Clara Voss",
         with_role="Engineering Manager", outcome="development plan",
         key_points="Great instincts for production systems; the committee will ask how much "
         "modelling he has done himself",
         concerns="He has never owned a model in production",
         commitments="Ravi to own the next ranking model end to end; check again by mid-2027",
         follow_up_date=dt.date(2026, 12, 14)),
    dict(person_id="mei.tanaka", date=dt.date(2026, 11, 20), with_name="Hugo Lind",
         with_role="Head of Ranking", outcome="vague",
         key_points="Interesting conversation about the ranking roadmap; the only one who can "
         "finish the migration before the summer"),
    dict(person_id="owen.price", date=dt.date(2026, 11, 24), with_name="Sofia Marin",
         with_role="Engineering Manager", outcome="development plan",
         key_points="Design reviews are excellent; the platform teams trust his judgement",
         commitments="Owen to write up the ledger design; talk again next year",
         follow_up_date=dt.date(2026, 12, 16)),
    dict(person_id="owen.price", date=dt.date(2026, 11, 26), with_name="Rita Gomez",
         with_role="Head of Payments Engineering", outcome="vague",
         key_points="Open to a Staff role on payments; the payments roadmap is still moving",
         commitments="Rita to share the payments roadmap"),
    dict(person_id="lena.fischer", date=dt.date(2026, 10, 20), with_name="Marta Silva",
         with_role="Head of Platform", outcome="development plan",
         key_points="Keen to have her on the platform team; she would be stepping into a team "
         "twice the size by December"),
]  # fmt: skip

OUTCOMES = {
    "nadia.haddad": "needed here now",
    "ines.duarte": "not yet",
    "ravi.menon": "development plan",
    "mei.tanaka": "vague",
    "owen.price": "development plan",
    "lena.fischer": "none",  # she met another team's head, never her own manager
}


def readiness_workbook(path: Path) -> Path:
    """The six people's workbook, written with openpyxl."""
    sheets = {"People": PEOPLE, "Achievements": ACHIEVEMENTS, "Team": TEAMS, "Meetings": MEETINGS}
    return write_input_workbook(path, sheets)


@lru_cache(maxsize=1)
def readiness_bundles():
    """Their validated bundles (read once per test process)."""
    import tempfile

    from promopacket.run.workbooks import load_and_validate, person_bundles
    from promopacket.settings import Settings

    folder = Path(tempfile.mkdtemp(prefix="readiness-"))
    data = load_and_validate(readiness_workbook(folder / "readiness.xlsx"), Settings())
    return tuple(person_bundles(data)), tuple(data.problems)
