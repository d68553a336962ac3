# ruff: noqa: E501  (rows of a workbook, one per line, read as a table)
"""Issue 24's realistic team on four ladders, built in code with openpyxl: a backend engineer, an
SRE, a data engineer and a software engineer moving to ML, writing as people do — participation
openings ("Helped with", "Was part of", "Looked into"), a role column, currency typed in the cell
(`$120k`, `€40k`), lag and size metrics, statements that already state their change, informal text
("w/", "perf work:"), entries with no metric, evidence links, and a meeting per outcome.

`multi_ladder_documents()` builds every document once per test process, as text dumps (body and
Word comments); the sentence check and the repetition tests read them."""

from __future__ import annotations

import datetime as dt
import tempfile
from functools import lru_cache
from pathlib import Path

from promopacket.build.person import build_person
from promopacket.read.writer import write_input_workbook
from promopacket.run.workbooks import load_and_validate, person_bundles
from promopacket.settings import Settings
from tests.docx_text import text_dump

TODAY = dt.date(2026, 11, 23)


def _a(pid, period, project, statement, **kw):
    return dict(person_id=pid, period=period, project=project, statement=statement, **kw)


PEOPLE = [
    dict(person_id="tomas.berg", name="Tomas Berg", current_title="Senior Software Engineer",
         target_title="Lead Software Engineer", team="Checkout", manager_name="Sofia Marin",
         tenure_months=38, profile="software-engineering",
         recommendation="Tomas is the person the checkout team goes to when payments break; I want him setting its technical direction."),
    dict(person_id="aisha.khan", name="Aisha Khan", current_title="Senior SRE",
         target_title="Lead SRE", team="Core Infrastructure", manager_name="Pavel Novak",
         tenure_months=44, profile="sre"),
    dict(person_id="lukas.weber", name="Lukas Weber", current_title="Senior Data Engineer",
         target_title="Lead Data Engineer", team="Data Platform", manager_name="Amara Obi",
         tenure_months=29, profile="data-engineering"),
    dict(person_id="maya.cohen", name="Maya Cohen", current_title="Senior Software Engineer",
         target_title="Lead ML Engineer", team="Search", manager_name="Clara Voss",
         tenure_months=33, profile="ml-engineering"),
]  # fmt: skip

ACHIEVEMENTS = [
    # Tomas (backend): helped a lot, led one thing, a currency cell and informal notes.
    _a("tomas.berg", "2026-Q1", "Checkout latency", "Helped with the checkout API latency work",
       competency="Performance & scalability", lever="Own the end-to-end", metric="p95 checkout latency",
       baseline=820, result=410, unit="ms", better="lower", outcome="fewer abandoned carts at peak",
       evidence="https://wiki.example.com/checkout/latency-rfc"),
    _a("tomas.berg", "2026-Q1", "Payments gateway", "Was part of the payments gateway migration",
       competency="Migrations & modernisation", lever="Own the team's systems", metric="monthly gateway cost",
       baseline="$18k", result="$11k", better="lower"),
    _a("tomas.berg", "2026-Q2", "Order service", "Led the order service split into three services",
       competency="System design & architecture", lever="Lead technical decisions", role="led",
       metric="deploys per week", baseline=2, result=9, better="higher",
       outcome="each team ships on its own schedule", scope="3 teams", evidence="RFC-112"),
    _a("tomas.berg", "2026-Q2", "Slow queries", "perf work: tuned slow order queries w/ the DB team",
       competency="Storage & databases", metric="p99 query time", baseline=2.4, result=0.6, unit="s",
       better="lower"),
    _a("tomas.berg", "2026-Q3", "Flaky tests", "Looked into the flaky integration tests",
       competency="Testing & code quality", lever="Build tools and assets"),
    _a("tomas.berg", "2026-Q3", "Design reviews", "Participated in the API design reviews",
       competency="API design", lever="Lead technical decisions"),
    _a("tomas.berg", "2026-Q3", "Onboarding", "Helped new joiners w/ their first deploys",
       lever="Develop people"),
    # Aisha (SRE): strong statements already stating their change, lag metrics, a regression.
    _a("aisha.khan", "2026-Q1", "Paging", "Cut pages per week from 60 to 12 by rewriting the alert rules",
       competency="On-call health", lever="Build tools and assets", role="built", metric="pages per week",
       baseline=60, result=12, better="lower", outcome="on-call engineers sleep through the night"),
    _a("aisha.khan", "2026-Q1", "Replication", "Worked on database replication lag",
       competency="Disaster recovery & resilience testing", lever="Own the end-to-end",
       metric="replication lag", baseline=90, result=4, unit="s", better="lower"),
    _a("aisha.khan", "2026-Q2", "Kubernetes upgrade", "Supported the Kubernetes upgrade across clusters",
       competency="Container platforms & Kubernetes", lever="Push improvements widely", role="supported",
       metric="clusters upgraded", result=14, scope="every production cluster"),
    _a("aisha.khan", "2026-Q2", "Capacity", "Assisted with capacity planning for Black Friday",
       competency="Capacity planning", lever="Own the team's systems"),
    _a("aisha.khan", "2026-Q3", "Cost", "Did some cost work on the logging cluster",
       competency="Performance & cost efficiency", lever="Invest hours to save others more",
       metric="annual logging cost", baseline="€40k", result="€26k", better="lower",
       evidence="https://grafana.example.com/d/logging-cost"),
    _a("aisha.khan", "2026-Q3", "Deploy time", "Was involved in the deploy pipeline changes",
       competency="Release engineering & safe deploys", metric="median deploy time", baseline=18,
       result=24, unit="min", better="lower"),
    _a("aisha.khan", "2026-Q3", "On-call training", "Trained five engineers for the primary on-call rota",
       competency="On-call health", lever="Develop people", role="led", metric="engineers trained",
       result=5, unit="engineers"),
    # Lukas (data): size and freshness metrics, a contribution to the metric itself, a table size.
    _a("lukas.weber", "2026-Q1", "Warehouse cleanup", "Contributed to the warehouse cost cleanup",
       competency="Query performance & cost", lever="Push improvements widely",
       metric="annual warehouse cost", baseline="€80k", result="€52k", better="lower"),
    _a("lukas.weber", "2026-Q1", "Orders table", "Repartitioned the orders table by day",
       competency="Warehouse & lakehouse architecture", lever="Own the team's systems", role="owned",
       metric="orders table size", baseline=12, result=4.5, unit="TB", better="lower",
       outcome="nightly jobs finish before the analysts start"),
    _a("lukas.weber", "2026-Q2", "Freshness", "Helped improve dashboard freshness",
       competency="Data reliability & SLAs", lever="Build tools and assets", metric="dashboard freshness lag",
       baseline=6, result=1, unit="h", better="lower", outcome="finance closes the books a day sooner"),
    _a("lukas.weber", "2026-Q2", "Backlog", "Contributed to the ingestion backlog",
       competency="Ingestion & change data capture", metric="ingestion backlog", baseline=4000,
       result=300, unit="files", better="lower"),
    _a("lukas.weber", "2026-Q3", "Data contracts", "Was responsible for the data contracts rollout",
       competency="Data contracts & schema evolution", lever="Lead technical decisions", role="contributed",
       metric="teams with contracts", baseline=0, result=6, unit="teams", better="higher",
       evidence="https://docs.example.com/data-contracts"),
    _a("lukas.weber", "2026-Q3", "dbt tests", "Added dbt tests for the revenue models",
       competency="Data quality & testing", lever="Share knowledge", outcome="analysts trust the revenue numbers"),
    _a("lukas.weber", "2026-Q3", "Mentoring", "Mentored two analysts on dbt",
       lever="Develop people", metric="analysts mentored", result=2, unit="analysts"),
    # Maya (software → ML): weak entries on the ML ladder, a typed currency, a cost that rose.
    _a("maya.cohen", "2026-Q1", "Ranking model", "Helped improve the ranking model",
       competency="A/B testing / experimentation", lever="Own the team's ML systems", metric="NDCG@10",
       baseline=0.41, result=0.46, better="higher", outcome="more relevant results for every search"),
    _a("maya.cohen", "2026-Q1", "Embeddings", "Worked on the embedding pipeline",
       competency="Feature engineering pipeline", lever="Build tools and assets", metric="embedding refresh time",
       baseline=26, result=3, unit="h", better="lower", outcome="enabling daily index rebuilds",
       scope="search and recommendations"),
    _a("maya.cohen", "2026-Q2", "GPU cost", "Was part of the GPU cost review",
       competency="Model deployment / serving", lever="Invest hours to save others more",
       metric="monthly GPU spend", baseline="$120k", result="$80k", better="lower"),
    _a("maya.cohen", "2026-Q2", "Drift", "Did some work on drift monitoring",
       competency="Data drift & monitoring", lever="Own the team's ML systems"),
    _a("maya.cohen", "2026-Q3", "Serving", "Moved query encoding to the shared GPU pool",
       competency="Model deployment / serving", lever="Own the end-to-end", role="owned",
       metric="p99 encoding latency", baseline=140, result=60, unit="ms", better="lower"),
    _a("maya.cohen", "2026-Q3", "Governance", "Participated in model governance meetings",
       competency="Model governance", lever="Lead technical decisions"),
    _a("maya.cohen", "2026-Q3", "Labels", "Assisted with label quality checks",
       competency="Data quality", lever="Share knowledge", metric="mislabelled queries", baseline="6.2%",
       result="2.1%", better="lower"),
]  # fmt: skip

TEAMS = [
    dict(team="Checkout", mission="Fast, reliable checkout for every market", priorities="p95 latency; payment success rate", stakeholders="Payments, Finance"),
    dict(team="Core Infrastructure", mission="Keep production available and affordable", priorities="SLOs; cloud cost"),
    dict(team="Data Platform", mission="Trusted data for analytics and finance", priorities="Freshness; warehouse cost", stakeholders="Finance, Analytics"),
    dict(team="Search", mission="Search ranking for the storefront", priorities="NDCG; GPU cost"),
]  # fmt: skip

MEETINGS = [
    dict(person_id="tomas.berg", date=dt.date(2026, 10, 6), with_name="Sofia Marin", with_role="Engineering Manager",
         outcome="development plan", key_points="Strong on checkout performance; wants more evidence of leading design decisions.",
         commitments="Lead the next checkout RFC; pair with two engineers on the order service"),
    dict(person_id="aisha.khan", date=dt.date(2026, 10, 8), with_name="Pavel Novak", with_role="Head of Infrastructure",
         outcome="needed here now", key_points="Aisha is critical to the on-call rota until the Q1 hiring lands.",
         commitments="Agree a handover plan for the on-call rota"),
    dict(person_id="lukas.weber", date=dt.date(2026, 10, 13), with_name="Amara Obi", with_role="Data Engineering Manager",
         outcome="not yet", key_points="Good pipelines; needs visible influence beyond the data platform team.",
         follow_up_date=dt.date(2027, 4, 13)),
    dict(person_id="maya.cohen", date=dt.date(2026, 10, 9), with_name="Clara Voss", with_role="Director of Search",
         outcome="development plan", key_points="Ranking work is clear; wants more evidence of developing others.",
         commitments="Mentor one engineer through an offline evaluation"),
    dict(person_id="maya.cohen", date=dt.date(2026, 11, 3), with_name="Dana Kim", with_role="Head of ML Platform",
         outcome="vague", key_points="Discussed a Lead opening on the ML platform team; no commitment either way."),
]  # fmt: skip


def multi_ladder_workbook(path: Path) -> Path:
    """The four people's workbook, written with openpyxl."""
    sheets = {"People": PEOPLE, "Achievements": ACHIEVEMENTS, "Team": TEAMS, "Meetings": MEETINGS}
    return write_input_workbook(path, sheets)


@lru_cache(maxsize=1)
def multi_ladder_built() -> tuple[tuple, dict[str, str], tuple]:
    """(validation problems, '<person>/<file>' → text dump, person bundles), built once per
    test process."""
    out = Path(tempfile.mkdtemp(prefix="promopacket-ladders-"))
    settings = Settings(outputs_dir=out / "out", inputs_dir=out)
    data = load_and_validate(multi_ladder_workbook(out / "team.xlsx"), settings)
    dumps = {}
    bundles = tuple(person_bundles(data))
    for bundle in bundles:
        result = build_person(bundle, out / "out", settings, today=TODAY)
        for file in map(Path, result.files):
            dumps[f"{bundle.person.person_id}/{file.name}"] = text_dump(file)
    return tuple(data.problems), dumps, bundles


def multi_ladder_documents() -> dict[str, str]:
    return multi_ladder_built()[1]
