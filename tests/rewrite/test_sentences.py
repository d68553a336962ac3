"""The sentence check: it catches what the issue found, and finds nothing in any document of the
example, of every profile's starter workbook, or of a realistic multi-ladder workbook."""

from __future__ import annotations

import pytest

from promopacket.core.models import Achievement, Source
from promopacket.rewrite import load_rules, rewrite_achievement
from promopacket.rewrite.sentences import check_dump, check_text, fragment_without_verb
from promopacket.settings import Settings
from tests.example_docs import example_bundles
from tests.generated_docs import generated_documents, starter_bundles
from tests.multi_ladder import multi_ladder_built
from tests.rewrite.lint import lint_statement


@pytest.mark.parametrize(
    "text,check",
    [
        ("Led the review, enabling approved by the architecture review.", "verb after 'enabling'"),
        ("Built it, enabling extended the experimentation platform.", "verb after 'enabling'"),
        ("Hardened failover in service of keep production available.", "in service of"),
        ("Rewrote it in service of The checkout team.", "in service of"),
        ("Improved website loading speed, improving page load time.", "own -ing form"),
        ("Trained the rota, with engineers ready for primary on-call at 6.", "with <metric> at"),
        ("Archetype: Stated archetype: Architect.", "doubled label"),
        ("the packet holds the case.", "lower-case"),
        ("Reduced cost by 40% (50 → 30.", "unbalanced brackets"),
        ("Paired w/ the data team on perf work.", "informal abbreviation"),
    ],
)
def test_the_check_catches_what_a_reader_would(text, check):
    assert any(check in name for name, _ in check_text(text)), check_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Helped reduce feature ingestion latency by 40% (50 min → 30 min) in the ML team's data "
        "pipeline, enabling daily model retraining instead of weekly.",
        "Rebuilt the batch scoring job on Spark, reducing the job's runtime by 70% (6 h → 1.8 h).",
        "Trained the ranking model on fresh labels.",
    ],
)
def test_clean_sentences_pass(text):
    assert check_text(text) == []


def test_every_generated_document_reads_clean():
    hits = [
        f"{name}: {check}: {words}"
        for name, dump in generated_documents().items()
        for check, words in check_dump(dump)
    ]
    assert hits == []


def test_every_multi_ladder_document_reads_clean():
    """Issue 24's four-ladder team (participation openings, typed currencies, lag and size
    metrics, already-strong statements, 'w/' and 'perf work:'): no hit, and no blocking problem."""
    problems, documents, _ = multi_ladder_built()
    assert [p for p in problems if p.blocking] == []
    assert len(documents) == 13  # 4 packets, 4 briefs, 5 letters
    hits = [
        f"{name}: {check}: {words}"
        for name, dump in documents.items()
        for check, words in check_dump(dump)
    ]
    assert hits == []


def test_the_dump_reader_skips_only_the_persons_own_words():
    """The brief's 'As written' column, an 'Original:' comment and quoted words are the person's;
    the generated column beside them, and a cell running over two lines, are still read."""
    dump = "\n".join(
        [
            "| # | As written | Rewritten |",
            "| E1 | perf work w/ the DB team | Tuned queries w/ the DB team |",
            "| E2 | ok | Tuned the queries",
            "in service of keep it up |",
            "Their words: “perf work w/ the DB team”",
            "[comment by promopacket] Original: perf work w/ the DB team",
        ]
    )
    found = [check for check, _ in check_dump(dump)]
    assert found == ["informal abbreviation", "verb or capitalised article after 'in service of'"]


@pytest.mark.parametrize(
    "text,hit",
    [
        ("Leads the team, in service of fast, reliable checkout for every market.", False),
        ("Leads the team, in service of keep production available.", True),
        ("Rebuilt it, enabling daily index rebuilds across search.", False),
    ],
)
def test_in_service_of_and_enabling_read_adjectives_and_noun_compounds(text, hit):
    assert bool(check_text(text)) is hit, check_text(text)


@pytest.mark.parametrize(
    "text,fragment",
    [
        ("Data pipeline improvements", True),
        ("Ownership of the on-call rota", True),
        ("Mentoring for two juniors", True),
        ("SQL training for product managers", True),
        ("Helped ML team with data pipeline", False),
        ("I led the review", False),
        ("Own the feature store end to end", False),
        (
            "Data pipeline improvements: feature ingestion latency fell by 40% (50 min → 30 min)",
            False,
        ),
    ],
)
def test_a_statement_without_a_verb_is_a_fragment(text, fragment):
    assert fragment_without_verb(text) is fragment


def test_a_statement_written_without_a_verb_opens_with_the_least_it_can_claim():
    rules = load_rules(Settings().rules_dir)
    row = dict(person_id="p", period="H2", project="x", statement="Data pipeline improvements")
    kept = rewrite_achievement(Achievement(**row, source=Source(sheet="A", row=2)), rules)
    assert kept.text == "Worked on data pipeline improvements" and kept.needs_metric
    measured = Achievement(
        **row,
        metric="feature ingestion latency",
        baseline=50,
        result=30,
        unit="min",
        better="lower",
        source=Source(sheet="A", row=3),
    )
    said = rewrite_achievement(measured, rules).text
    assert said.startswith("Helped reduce feature ingestion latency by 40%"), said
    assert said.endswith("through data pipeline improvements"), said


def test_every_statement_of_the_example_starters_and_four_ladders_passes_the_lint(tmp_path):
    """The statement lint (fragments, the metric twice, units, invented numbers …) over every
    achievement of the example, of each profile's starter and of the four-ladder team."""
    rules = load_rules(Settings().rules_dir)
    bundles = [
        *example_bundles(),
        *(b for _, people in starter_bundles(tmp_path, Settings()) for b in people),
        *multi_ladder_built()[2],
    ]
    items = [item for bundle in bundles for item in bundle.achievements]
    assert len(items) >= 40
    found = {}
    for item in items:
        statement = rewrite_achievement(item, rules)
        reasons = lint_statement(statement, item, rules)
        if reasons:
            found[statement.text] = reasons
    assert found == {}
