"""Issue 24 item 6, read from the documents as built: a baseline → result pair at most 3 times
in a packet (body and comments), an entry cited under at most 2 expectations, and letters whose
opening varies with the person and the meeting but never between runs — on the example and on
the four-ladder team."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from promopacket.assemble import assemble_letter
from promopacket.assemble.model import _cited
from promopacket.rewrite import load_rules, rewrite_all
from promopacket.rewrite.arithmetic import format_number
from promopacket.settings import Settings
from tests.example_docs import example_bundles
from tests.generated_docs import generated_documents
from tests.multi_ladder import multi_ladder_built

RULES_DIR = Settings().rules_dir


def _packets():
    """(name, dump, bundle) for every packet of the example and of the four-ladder team."""
    docs = generated_documents()
    out = [
        (f"example/{b.person.person_id}", docs[f"example/{b.person.person_id}/packet.docx"], b)
        for b in example_bundles()
    ]
    _, ladder_docs, bundles = multi_ladder_built()
    out += [
        (b.person.person_id, ladder_docs[f"{b.person.person_id}/packet.docx"], b) for b in bundles
    ]
    return out


def _pair_count(text: str, baseline, result) -> int:
    """'50 min → 30 min', '(61% → 74%)', 'from $18 to $21': the row's two numbers, in order."""
    before, after = re.escape(format_number(baseline)), re.escape(format_number(result))
    pattern = rf"(?<![\d.,]){before}(?!\d)\D{{0,16}}?(?:→|\bto\b)\s*[$€£]?{after}(?![\d])"
    return len(re.findall(pattern, text))


PACKETS = _packets()


@pytest.mark.parametrize("name,dump,bundle", PACKETS, ids=[p[0] for p in PACKETS])
def test_a_pair_is_printed_at_most_three_times_in_a_packet(name, dump, bundle):
    measured = [a for a in bundle.achievements if a.baseline is not None and a.result is not None]
    assert measured
    counts = {a.project: _pair_count(dump, a.baseline, a.result) for a in measured}
    assert max(counts.values()) <= 3, counts
    assert min(counts.values()) >= 1, counts  # every pair is still in the packet somewhere


def _expectation_rows(dump: str) -> list[str]:
    section = dump.split("# Evidence against", 1)[1].split("\n# ", 1)[0]
    return re.split(r"\n(?=\| )", section)[2:]  # past the heading line and the header row


@pytest.mark.parametrize("name,dump,bundle", PACKETS, ids=[p[0] for p in PACKETS])
def test_an_entry_is_cited_under_at_most_two_expectations(name, dump, bundle):
    rows = _expectation_rows(dump)
    assert len(rows) >= 7
    cited: dict[str, int] = {}
    for row in rows:
        for ref in set(re.findall(r"\bE\d+\b", row)):
            cited[ref] = cited.get(ref, 0) + 1
    assert cited and max(cited.values()) <= 2, cited


def test_the_expectation_with_fewest_entries_chooses_first_and_none_is_stretched():
    """E1 matches three expectations, E2 two: the third expectation gets E2, not E1 again, and
    an expectation left only with entries already cited twice cites none."""
    e1, e2 = SimpleNamespace(ref="E1"), SimpleNamespace(ref="E2")
    chosen = _cited([[e1], [e1, e2], [e1, e2], [e1]], best=2, per_entry=2)
    refs = [[ev.ref for ev in row] for row in chosen]
    assert refs == [["E1"], ["E2"], ["E2"], ["E1"]]
    assert _cited([[e1], [e1], [e1]], best=2, per_entry=2)[2] == []


def _letters() -> dict[str, str]:
    docs = {k: v for k, v in generated_documents().items() if k.startswith("example/")}
    docs.update(multi_ladder_built()[1])
    return {name: dump for name, dump in docs.items() if "/follow-up-" in name}


def _opening(dump: str) -> str:
    lines = dump.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Dear "))
    return re.sub(r"\d+ \w+ \d{4}", "<date>", lines[first + 1]).split(" to talk")[0][:40]


def test_letters_open_differently_across_people_and_meetings():
    letters = _letters()
    assert len(letters) == 9  # the example 4, the four-ladder team 5
    openings = {name: _opening(dump) for name, dump in letters.items()}
    assert len(set(openings.values())) >= 3, openings
    maya = [v for k, v in openings.items() if k.startswith("maya.cohen/")]
    assert len(maya) == 2


def test_a_letter_opening_is_the_same_on_every_run():
    rules = load_rules(RULES_DIR)
    for bundle in example_bundles():
        statements = rewrite_all(bundle.achievements, rules)
        for meeting in bundle.meetings:
            first = assemble_letter(bundle, meeting, statements, RULES_DIR)
            again = assemble_letter(bundle, meeting, statements, RULES_DIR)
            assert (first.thanks, first.achievement) == (again.thanks, again.achievement)
