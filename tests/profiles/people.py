"""One realistic person per shipped profile, as workbook rows (built into a real .xlsx by the
tests). Their own words never name another ladder's vocabulary, so anything of the kind in their
documents leaked from a profile that is not theirs."""

from __future__ import annotations

import datetime as dt

from promopacket.read.starter import example_team


def _example(sheet: str, **match) -> dict:
    """The example team's one row of `sheet` whose columns have these values."""
    (row,) = [r for r in example_team()[sheet] if match.items() <= r.items()]
    return row


PEOPLE = {
    "ml-engineering": dict(
        # The example team's Ana (templates/example_team.yaml, the one source of the example
        # people): her People and Team rows as shipped, with achievements of this fixture's own.
        person=_example("People", person_id="ana.ruiz"),
        team=_example("Team", team="Ranking Platform"),
        achievements=[
            dict(
                project="Feature store",
                statement="Helped ML team with data pipeline",
                competency="Feature engineering pipeline",
                lever="Build tools and assets",
                metric="feature ingestion latency",
                baseline=50,
                result=30,
                unit="min",
                better="lower",
                outcome="enabling daily model retraining instead of weekly",
                scope="4 teams",
            ),
            dict(
                project="Ranking model",
                statement="Improved the ranking model",
                competency="A/B testing / experimentation",
                lever="Own the team's ML systems",
                metric="NDCG@10",
                baseline=0.41,
                result=0.46,
                better="higher",
                outcome="more relevant results for every search",
            ),
            dict(
                project="Serving",
                statement="Moved model serving to a shared GPU pool",
                competency="Model deployment / serving",
                lever="Own the end-to-end",
                metric="p99 inference latency",
                baseline=180,
                result=95,
                unit="ms",
                better="lower",
            ),
            dict(
                project="Mentoring",
                statement="Mentored two new joiners on the ranking stack",
                lever="Develop people",
                metric="people mentored",
                result=2,
                unit="people",
            ),
            dict(
                project="Drift alerts",
                statement="Set up drift alerts for the ranking features",
                competency="Data drift & monitoring",
                lever="Share knowledge",
                outcome="drift caught before it reaches users",
            ),
        ],
        meeting=dict(
            with_name="Priya Nair",
            with_role="Engineering Manager",
            outcome="development plan",
            key_points="Strong platform work; wants more visible mentoring.",
            commitments="Mentor two engineers; present the feature store at the guild.",
        ),
    ),
    "data-engineering": dict(
        person=dict(
            person_id="dana.kim",
            name="Dana Kim",
            current_title="Senior Data Engineer",
            target_title="Staff Data Engineer",
            team="Data Platform",
            manager_name="Omar Haddad",
            tenure_months=41,
            archetype="Architect",
        ),
        team=dict(
            team="Data Platform",
            mission="The company's warehouse and pipelines",
            priorities="Fresh data by 7am; lower spend",
        ),
        achievements=[
            dict(
                project="Orders pipeline",
                statement="Rebuilt the nightly orders pipeline on the new orchestrator",
                competency="Batch pipelines & orchestration",
                lever="Own the team's systems",
                metric="nightly load duration",
                baseline=5,
                result=2,
                unit="h",
                better="lower",
                outcome="finance dashboards ready before 7am",
                scope="6 teams",
            ),
            dict(
                project="Data contracts",
                statement="Agreed data contracts with the three producer teams",
                competency="Data contracts & schema evolution",
                lever="Push improvements widely",
                metric="breaking schema changes per quarter",
                baseline=9,
                result=1,
                better="lower",
            ),
            dict(
                project="Warehouse spend",
                statement="Clustered the largest warehouse tables",
                competency="Query performance & cost",
                lever="Lead technical decisions",
                metric="monthly warehouse spend",
                baseline="$42,000",
                result="$29,000",
                better="lower",
            ),
            dict(
                project="Analytics engineering",
                statement="Mentored two analysts into analytics engineering",
                lever="Develop people",
                metric="analysts mentored",
                result=2,
                unit="people",
            ),
            dict(
                project="Semantic layer",
                statement="Defined shared revenue metrics in the semantic layer",
                competency="Metrics & semantic layer",
                lever="Share knowledge",
                outcome="one revenue number across finance and product",
            ),
        ],
        meeting=dict(
            with_name="Omar Haddad",
            with_role="Head of Data",
            outcome="not yet",
            key_points="Solid platform owner; needs a data strategy others follow.",
        ),
    ),
    "software-engineering": dict(
        person=dict(
            person_id="sam.rivera",
            name="Sam Rivera",
            current_title="Senior Backend Engineer",
            target_title="Staff Software Engineer",
            team="Payments",
            manager_name="Grace Lin",
            tenure_months=52,
            archetype="Solver",
        ),
        team=dict(
            team="Payments",
            mission="Card and wallet payments",
            priorities="Checkout reliability; faster releases",
        ),
        achievements=[
            dict(
                project="Checkout API",
                statement="Helped with checkout latency",
                competency="Performance & scalability",
                lever="Own the end-to-end",
                metric="checkout p99 latency",
                baseline=800,
                result=320,
                unit="ms",
                better="lower",
                outcome="one-click checkout on mobile",
                scope="3 teams",
            ),
            dict(
                project="Billing split",
                statement="Wrote the RFC and led the split of the billing monolith",
                competency="System design & architecture",
                lever="Lead technical decisions",
                metric="deploys per week",
                baseline=2,
                result=15,
                better="higher",
            ),
            dict(
                project="Rate limiter",
                statement="Built the shared rate limiter",
                competency="Distributed systems",
                lever="Build tools and assets",
                metric="services using it",
                result=6,
                unit="services",
            ),
            dict(
                project="Incident review",
                statement="Ran the postmortem that halved checkout errors",
                competency="Reliability & resilience",
                lever="Push improvements widely",
                metric="checkout error rate",
                baseline=1.2,
                result=0.6,
                unit="%",
                better="lower",
            ),
            dict(
                project="Mentoring",
                statement="Mentored two engineers to their promotion to Senior",
                lever="Develop people",
            ),
        ],
        meeting=dict(
            with_name="Grace Lin",
            with_role="Engineering Manager",
            outcome="development plan",
            key_points="Clear technical leader; wants influence across more teams.",
            commitments="Lead the payments architecture review with two other teams.",
        ),
    ),
    "sre": dict(
        person=dict(
            person_id="alex.chen",
            name="Alex Chen",
            current_title="Senior Site Reliability Engineer",
            target_title="Staff SRE",
            team="Core Reliability",
            manager_name="Jo Park",
            tenure_months=38,
            archetype="Tech Lead",
        ),
        team=dict(
            team="Core Reliability",
            mission="Reliable production for every product team",
            priorities="SLO coverage; fewer pages",
        ),
        achievements=[
            dict(
                project="Alerting overhaul",
                statement="Worked on alert noise",
                competency="Observability & alerting",
                lever="Push improvements widely",
                metric="pages per on-call week",
                baseline=40,
                result=12,
                unit="pages",
                better="lower",
                outcome="on-call engineers sleeping through most nights",
                scope="8 services",
            ),
            dict(
                project="SLO programme",
                statement="Defined SLOs for the customer-facing services",
                competency="SLOs & error budgets",
                lever="Own the team's systems",
                metric="services with SLOs",
                baseline=3,
                result=12,
                unit="services",
                better="higher",
            ),
            dict(
                project="Incident response",
                statement="Led the response to the payments outage as incident commander",
                competency="Incident response & postmortems",
                lever="Own the end-to-end",
                metric="time to restore",
                baseline=95,
                result=35,
                unit="min",
                better="lower",
            ),
            dict(
                project="On-call training",
                statement="Trained six engineers to join the on-call rotation",
                competency="On-call health",
                lever="Develop people",
                metric="trained responders",
                result=6,
                unit="engineers",
            ),
            dict(
                project="Game days",
                statement="Ran quarterly failover game days for the API tier",
                competency="Disaster recovery & resilience testing",
                lever="Share knowledge",
                outcome="a tested recovery path for the busiest services",
            ),
        ],
        meeting=dict(
            with_name="Jo Park",
            with_role="SRE Manager",
            outcome="needed here now",
            key_points="Carries the SLO programme; hand over the on-call rota first.",
        ),
    ),
}


# Quotes about each person, written for their ladder: the first answers the concern their
# manager raised (through its expectation), one names an expectation, one is long (the packet
# shortens it), one is the manager's own. A quote may hold a number; it stays the colleague's.
LONG = (
    " They do not stop at the first explanation that fits; they set up the check that would"
    " prove it wrong, write down what they found, and share it with whoever will be hit by it"
    " next, which is why the rest of us now do the same."
)
FEEDBACK = {
    "ml-engineering": [
        dict(
            from_name="Tiago Costa",
            from_role="ML Engineer",
            relationship="report",
            date=dt.date(2026, 9, 18),
            quote="Ana paired with me every week until I could run the ranking retrain alone.",
            expectation="team-leadership",
        ),
        dict(
            from_name="Rosa Diaz",
            from_role="Product Manager, Search",
            relationship="stakeholder",
            date=dt.date(2026, 9, 2),
            quote="Ana explained the ranking trade-offs to our leadership without a single slide "
            "of jargon.",
            expectation="Communication to non-technical audiences",
        ),
        dict(
            from_name="Tom Becker",
            relationship="peer",
            date=dt.date(2026, 8, 14),
            quote="Ana is who I go to when offline and online metrics disagree." + LONG,
        ),
        dict(
            from_name="Priya Nair",
            from_role="Engineering Manager",
            relationship="manager",
            date=dt.date(2026, 10, 1),
            quote="Ana already sets the direction of the feature store.",
        ),
    ],
    "data-engineering": [
        dict(
            from_name="Jonas Berg",
            from_role="Analytics Manager, Marketing",
            relationship="stakeholder",
            date=dt.date(2026, 9, 10),
            quote="Dana's warehouse plan is the one every analytics team now builds its "
            "roadmap on.",
            expectation="org-strategy",
        ),
        dict(
            from_name="Aisha Khan",
            from_role="Analytics Engineer",
            relationship="peer",
            date=dt.date(2026, 8, 21),
            quote="Dana's reviews of my dbt models taught me how to test what matters.",
            expectation="raising-the-bar",
        ),
        dict(
            from_name="Lars Holm",
            relationship="skip-level",
            date=dt.date(2026, 7, 30),
            quote="Dana is who I ask when a pipeline and a dashboard disagree." + LONG,
        ),
    ],
    "software-engineering": [
        dict(
            from_name="Noah Williams",
            from_role="Engineering Manager, Checkout",
            relationship="stakeholder",
            date=dt.date(2026, 9, 15),
            quote="Sam got four teams to agree on one retry library, and we all use it now.",
            expectation="cross-team",
        ),
        dict(
            from_name="Eva Novak",
            from_role="Senior Backend Engineer",
            relationship="peer",
            date=dt.date(2026, 8, 28),
            quote="Sam's design docs are the ones new joiners are told to read first.",
            expectation="communication",
        ),
        dict(
            from_name="Ravi Patel",
            relationship="report",
            date=dt.date(2026, 6, 3),
            quote="Sam is who I ask when a test passes locally and fails in CI." + LONG,
        ),
        dict(
            from_name="Mia Lopez",
            from_role="Staff Engineer, Search",
            relationship="peer",
            date=dt.date(2026, 5, 20),
            quote="Clear reviews.",
        ),
    ],
    "sre": [
        dict(
            from_name="Lucia Romero",
            from_role="SRE",
            relationship="report",
            date=dt.date(2026, 8, 19),
            quote="Alex shadowed my first on-call weeks and rewrote two runbooks with me; by the "
            "fourth week I was confident on my own.",
            expectation="on-call-mentoring",
        ),
        dict(
            from_name="Omar Farouk",
            from_role="Engineering Manager, Checkout",
            relationship="stakeholder",
            date=dt.date(2026, 9, 8),
            quote="We now decide on releases with the error budget Alex set up with us, not by "
            "feel.",
            expectation="product-partnership",
        ),
        dict(
            from_name="Ines Duarte",
            relationship="peer",
            date=dt.date(2026, 7, 2),
            quote="Alex is who I ask when an alert fires and the dashboards look fine." + LONG,
        ),
    ],
}


def sheets_for(profile: str) -> dict[str, list[dict]]:
    """The People, Achievements, Team, Meetings and Feedback rows of the profile's person."""
    spec = PEOPLE[profile]
    pid = spec["person"]["person_id"]
    achievements = [
        dict(person_id=pid, period=f"2026-Q{1 + i % 3}", **row)
        for i, row in enumerate(spec["achievements"])
    ]
    meeting = dict(person_id=pid, date=dt.date(2026, 10, 6), **spec["meeting"])
    return {
        "People": [spec["person"]],
        "Achievements": achievements,
        "Team": [spec["team"]],
        "Meetings": [meeting],
        "Feedback": [dict(person_id=pid, **row) for row in FEEDBACK[profile]],
    }
