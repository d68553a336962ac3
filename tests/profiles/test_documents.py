"""One realistic person per shipped profile, end to end: workbook → validation → packet, brief
and follow-up letter. Each document says which ladder it used, reads at the person's level, and
holds none of another ladder's vocabulary unless the person's own rows say it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from promopacket.build.person import build_person
from promopacket.profiles import load_profiles
from promopacket.read.writer import write_input_workbook
from promopacket.render import pdf
from promopacket.run.workbooks import load_and_validate, person_bundles
from promopacket.settings import Settings
from tests.docx_text import text_dump
from tests.profiles.people import PEOPLE, sheets_for

PROFILES = load_profiles(Settings().rules_dir)
TODAY = dt.date(2026, 10, 20)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict[str, str]]:
    """profile name → {packet, brief, letter: text dump}, plus the workbook's own words."""
    root = tmp_path_factory.mktemp("ladders")
    settings = Settings(outputs_dir=root / "out", inputs_dir=root)
    found = {}
    for name in PEOPLE:
        path = write_input_workbook(root / f"{name}.xlsx", sheets_for(name))
        data = load_and_validate(path, settings)
        assert [p for p in data.problems if p.blocking] == [], name
        (bundle,) = person_bundles(data)
        result = build_person(bundle, root / "out" / name, settings, today=TODAY)
        files = {Path(f).name.split("-")[0].removesuffix(".docx"): Path(f) for f in result.files}
        found[name] = {
            "packet": text_dump(files["packet"]),
            "brief": text_dump(files["brief"]),
            "letter": text_dump(files["follow"]),
            "paths": files,
            "choice": data.profiles[bundle.person.person_id],
        }
    return found


def _own_words(name: str) -> str:
    rows = sheets_for(name)
    return " ".join(str(v) for sheet in rows.values() for row in sheet for v in row.values())


def _foreign_vocabulary(name: str) -> set[str]:
    """Other ladders' competency, lever, expectation and archetype-reason wording."""
    own = PROFILES[name]
    own_names = {n.casefold() for n in own.competency_names + own.lever_names}
    foreign = set()
    for other, profile in PROFILES.items():
        if other == name:
            continue
        for text in profile.competency_names + profile.lever_names:
            if text.casefold() not in own_names:
                foreign.add(text)
        own_labels = {e.label for e in own.expectations}
        foreign |= {e.label for e in profile.expectations if e.label not in own_labels}
    return foreign


def _without(text: str, phrases: list[str]) -> str:
    """text with the person's own ladder names and own words taken out (longest first), so a
    foreign name that is part of an own one ("Data quality" in "Data quality & testing") or of
    the person's own rows does not count."""
    for phrase in sorted(phrases, key=len, reverse=True):
        text = text.replace(phrase, " ")
    return text


@pytest.mark.parametrize("name", sorted(PEOPLE))
@pytest.mark.parametrize("document", ["packet", "brief", "letter"])
def test_no_other_ladders_vocabulary_leaks(built, name, document):
    own = PROFILES[name]
    own_phrases = own.competency_names + own.lever_names + [e.label for e in own.expectations]
    rows = sheets_for(name)
    own_texts = [str(v) for sheet in rows.values() for row in sheet for v in row.values()]
    text = _without(built[name][document], own_phrases + own_texts)
    leaked = sorted(term for term in _foreign_vocabulary(name) if term in text)
    assert leaked == [], f"{name} {document}: {leaked}"
    if not re.search(r"\bML\b", _own_words(name)):
        assert not re.search(r"\bML\b", built[name][document]), f"{name} {document}"


@pytest.mark.parametrize("name", sorted(PEOPLE))
def test_documents_say_the_ladder_and_read_at_the_persons_level(built, name):
    choice = built[name]["choice"]
    profile = PROFILES[name]
    assert choice.name == name
    level = choice.level
    stamp = f"Ladder: {profile.label} ({name}), {level} level"
    assert stamp in built[name]["packet"] and stamp in built[name]["brief"]
    packet = built[name]["packet"]
    assert f"Evidence against the {level} expectations" in packet
    for other_level in {"Lead", "Staff", "Principal", "Manager"} - {level}:
        assert f"{other_level} expectations" not in packet
        assert f"rather than a {other_level}" not in built[name]["brief"]
    # The ladder's own expectations are the ones judged, at this level.
    labels = [e.label for e in profile.expectations_for(level)]
    assert all(label in packet for label in labels)
    skipped = [e.label for e in profile.expectations if e not in profile.expectations_for(level)]
    assert not any(f"| {label} |" in packet for label in skipped)


def test_tenure_decides_the_too_early_objection(built):
    # Ana (30 months) is asked "too early?"; Dana (41 months) is not.
    assert "too early in their career" in built["ml-engineering"]["brief"]
    assert "too early in their career" not in built["data-engineering"]["brief"]


def test_the_question_comes_from_the_persons_ladder(built):
    # Dana's semantic-layer entry has no metric: the data ladder asks about metric definitions.
    question = PROFILES["data-engineering"].questions.by_competency["Metrics & semantic layer"]
    assert question in built["data-engineering"]["brief"]


needs_office = pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice not installed")


@needs_office
def test_every_ladders_packet_fits_three_pages(built, tmp_path):
    packets = [built[name]["paths"]["packet"] for name in sorted(PEOPLE)]
    for name, converted in zip(sorted(PEOPLE), pdf.convert_to_pdf(packets, tmp_path), strict=True):
        assert 1 <= pdf.page_count(converted) <= 3, name
