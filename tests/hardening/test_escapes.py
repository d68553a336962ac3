"""Round three, escapes in text: Excel's `_xHHHH_` escapes (as Excel and other tools write
them into the file) are decoded on read, surrogate pairs joined, and characters Word cannot
hold removed with an advice at the cell; none reaches a packet, brief or letter literally."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from promopacket.build.manifest import build_person_incremental, environment_hash
from promopacket.read.text import excel_text
from promopacket.read.workbook import read_workbook
from promopacket.read.writer import write_input_workbook
from promopacket.run.cohort import plan_groups, read_intake
from tests.conftest import achievement, meeting, person, team

ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")


def test_escapes_decode_as_excel_does():
    assert excel_text("one_x000D_\ntwo") == ("one\ntwo", "")
    assert excel_text("_x005F_x0041_") == ("_x0041_", "")  # an escaped literal stays literal
    assert excel_text("ship _xD83D__xDE80_!") == ("ship 🚀!", "")
    assert excel_text("tab_x0009_ok") == ("tab\tok", "")
    text, removed = excel_text("bell_x0007_ and half _xD83D_ here")
    assert text == "bell and half  here"
    assert "U+0007" in removed and "U+D83D" in removed


def _book(path: Path) -> Path:
    # openpyxl writes strings as given: these land in the file as the escapes Excel writes.
    return write_input_workbook(
        path,
        {
            "People": [person(name="Zoë _xD83D__xDE00_ Doe")],
            "Achievements": [
                achievement(
                    project="Feature_x000D_\nstore",
                    statement="Helped _xD83D__xDE80_ the ML team_x000D_\nwith data_x0007_",
                )
            ],
            "Team": [team(mission="Ranking_x000D_\nfor search")],
            "Meetings": [meeting(key_points="Good progress_x000D_\n_xD83D_ on ranking.")],
        },
    )


def _document_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return "\n".join(
            package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith(".xml")
        )


def test_no_escape_reaches_a_document_and_removals_are_located(tmp_path, settings):
    path = _book(tmp_path / "book.xlsx")
    with zipfile.ZipFile(path) as package:  # the input really holds the escapes
        assert any(b"_xD83D__xDE00_" in package.read(n) for n in package.namelist())
    raw = read_workbook(path, settings)
    assert raw.sheets["People"].rows[0].values["name"] == "Zoë 😀 Doe"

    intake = read_intake(path, settings)
    advice = [p for p in intake.data.problems if p.code == "text_cleaned"]
    assert {(p.sheet, p.cell, p.severity) for p in advice} == {
        ("Achievements", "Achievements!D2", "advice"),
        ("Meetings", "Meetings!F2", "advice"),
    }, [(p.sheet, p.cell, p.value) for p in advice]
    assert all("U+" in (p.value or "") and p.fix for p in advice)
    assert not [p for p in intake.data.problems if p.blocking], intake.data.problems

    (group,) = plan_groups([intake], settings)
    (bundle,) = group.bundles
    build = build_person_incremental(
        bundle, Path(group.output_dir), settings, environment_hash(settings)
    )
    documents = [Path(f) for f in build.result.files if f.endswith(".docx")]
    assert {d.name for d in documents} >= {"packet.docx", "brief.docx"}
    assert any(d.name.startswith("follow-up") for d in documents)
    for document in documents:
        text = _document_text(document)
        assert not ESCAPE.search(text), (document.name, ESCAPE.findall(text))
        assert "\x07" not in text
    assert "😀" in _document_text(Path(group.output_dir) / "p1" / "brief.docx")
