"""No tool internals reach a reader: no environment variable, file path or rule id in any packet,
brief or letter, body or Word comment (configuration advice lives in the README and the CLI)."""

from __future__ import annotations

import re

import pytest

from promopacket.rewrite import load_rules
from promopacket.settings import Settings
from tests.generated_docs import generated_documents

RULES = load_rules(Settings().rules_dir)
ENV_VAR = re.compile(r"\b[A-Z][A-Z0-9]+_[A-Z0-9_]+\b|=\s*(true|false)\b")
# a path ("templates/rules/…", "promopacket/…") or a tool file (".yaml", ".py"); the person's
# own workbook name is provenance, and the documents' own names are not paths
PATH = re.compile(
    r"\b[\w.-]+/[\w./-]*\.\w+\b|\b[\w-]+\.(ya?ml|py|json|toml)\b|\b(templates|rules)/"
)
RULE_IDS = sorted(
    {
        rule.id
        for kind in (
            RULES.templates,
            RULES.openings,
            RULES.ownership,
            RULES.verb_upgrades,
            RULES.connectors,
            RULES.weak_phrases,
            RULES.tidy,
        )
        for rule in kind
        if "-" in rule.id
    }
)
RULE_ID = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, RULE_IDS)) + r")(?![\w-])")


def test_the_scan_reads_every_kind_of_document():
    names = list(generated_documents())
    assert sum(n.endswith("packet.docx") for n in names) >= 7  # the example's 3 + 4 starters
    assert any("follow-up" in n for n in names) and any(n.endswith("brief.docx") for n in names)


@pytest.mark.parametrize("pattern", [ENV_VAR, PATH, RULE_ID], ids=["env", "path", "rule id"])
def test_no_internals_in_any_document(pattern):
    found = [
        f"{name}: {line.strip()[:160]}"
        for name, dump in generated_documents().items()
        for line in dump.splitlines()
        if pattern.search(line.replace("https://", "").replace("http://", ""))
        and not _is_url_line(line)
    ]
    assert found == []


def _is_url_line(line: str) -> bool:
    """An evidence link the person gave is theirs to show (the packet's appendix links it)."""
    return bool(re.search(r"https?://", line)) and not re.search(r"\.(ya?ml|py)\b", line)


def test_the_scan_would_catch_what_the_issue_found():
    for text in (
        "set PROMOPACKET_COMPENSATION=true to include it",
        "add a rule to templates/rules/letters.yaml",
        "Rule: change-improved-partial",
    ):
        assert any(p.search(text) for p in (ENV_VAR, PATH, RULE_ID)), text
