"""The sentence check: it catches what the issue found, and finds nothing in any document of the
example, of every profile's starter workbook, or of a realistic multi-ladder workbook."""

from __future__ import annotations

import pytest

from promopacket.rewrite.sentences import check_dump, check_text
from tests.generated_docs import generated_documents


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
        "Rebuilt the batch scoring job on Spark, reducing scoring job runtime by 70% "
        "(6 h → 1.8 h).",
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
