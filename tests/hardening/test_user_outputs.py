"""Round three, a user's hand on the outputs: a document replaced by bytes that are no valid
package is rebuilt (the damaged file kept as '<name>.broken' and reported); a letter whose
meeting is gone is moved to the person's stale/ folder and reported; nothing a reviewer
edited is deleted (every file's bytes are still somewhere under the folder)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from promopacket.build.integrity import valid_document
from promopacket.build.manifest import (
    build_person_incremental,
    environment_hash,
    load_manifest,
    save_manifest,
)
from promopacket.build.results import WorkbookResult
from promopacket.read.writer import write_input_workbook
from promopacket.report.summary import write_reports
from promopacket.run.cohort import GroupResult, plan_groups, read_intake
from tests.conftest import achievement, meeting, person, team


def _book(path: Path, dates) -> Path:
    return write_input_workbook(
        path,
        {
            "People": [person()],
            "Achievements": [achievement()],
            "Team": [team()],
            "Meetings": [meeting(date=d) for d in dates],
        },
    )


def _run(path: Path, settings):
    """One run of the workbook as the flow does it: build, manifest, summaries."""
    (group,) = plan_groups([read_intake(path, settings)], settings)
    out = Path(group.output_dir)
    manifest = load_manifest(out)
    (bundle,) = group.bundles
    build = build_person_incremental(
        bundle, out, settings, environment_hash(settings), manifest.people.get("p1")
    )
    manifest.people["p1"] = build.entry
    intake = group.intakes[0]
    result = GroupResult(
        name=group.name,
        output_dir=group.output_dir,
        workbooks=[
            WorkbookResult(
                file=intake.data.file,
                output_dir=group.output_dir,
                problems=intake.data.problems,
                people=[build.result],
            )
        ],
    )
    write_reports(result, manifest)
    save_manifest(manifest, out)
    return out, build.result


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and p.suffix in (".docx", ".broken") or ".broken" in p.name
    }


def _notes(out: Path) -> str:
    book = load_workbook(out / "summary.xlsx")
    return " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row)


def test_a_damaged_document_is_rebuilt_and_kept_as_broken(tmp_path, settings):
    path = _book(tmp_path / "team.xlsx", [dt.date(2026, 10, 6)])
    out, first = _run(path, settings)
    packet, brief = out / "p1" / "packet.docx", out / "p1" / "brief.docx"
    garbage = b"this is not a zip package"
    packet.write_bytes(garbage)
    half = brief.read_bytes()[: brief.stat().st_size // 2]  # a copy cut short
    brief.write_bytes(half)
    assert not valid_document(packet) and not valid_document(brief)

    out, again = _run(path, settings)  # the same inputs: only the damage makes it rebuild
    assert again.status == "ok", again
    assert valid_document(packet) and valid_document(brief)
    Document(str(packet))
    assert (out / "p1" / "packet.docx.broken").read_bytes() == garbage
    assert (out / "p1" / "brief.docx.broken").read_bytes() == half
    assert sorted(again.broken) == ["p1/brief.docx.broken", "p1/packet.docx.broken"]
    assert not again.kept_edits  # damage is not taken for a reviewer's edit
    assert "damaged" in _notes(out) and "packet.docx.broken" in _notes(out)

    out, third = _run(path, settings)  # now whole: nothing more to do
    assert third.status == "unchanged" and not third.broken


def test_a_letter_whose_meeting_is_gone_moves_to_stale_and_edits_survive(tmp_path, settings):
    old, other, new = dt.date(2026, 10, 6), dt.date(2026, 11, 3), dt.date(2026, 10, 7)
    path = _book(tmp_path / "team.xlsx", [old, other])
    out, first = _run(path, settings)
    person_dir = out / "p1"
    edited_letter = person_dir / f"follow-up-{other.isoformat()}.docx"
    doc = Document(str(edited_letter))  # a reviewer's edit, saved by Word
    doc.add_paragraph("Reviewer: add the dates we agreed.")
    doc.save(str(edited_letter))
    packet = Document(str(person_dir / "packet.docx"))
    packet.add_paragraph("Committee note.")
    packet.save(str(person_dir / "packet.docx"))
    # The reviewer's two files and the letter about to go stale: none may be lost.
    before = {
        k: v for k, v in _digests(out).items() if "follow-up" in k or k.endswith("packet.docx")
    }

    # The dates are corrected: neither meeting of the first build is in the workbook now.
    path = _book(tmp_path / "team.xlsx", [new])
    out, second = _run(path, settings)
    letters = sorted(p.name for p in person_dir.glob("follow-up-*.docx"))
    assert letters == [f"follow-up-{new.isoformat()}.docx"], letters
    stale = sorted(p.name for p in (person_dir / "stale").iterdir())
    assert stale == [f"follow-up-{old.isoformat()}.docx", f"follow-up-{other.isoformat()}.docx"]
    assert sorted(second.stale) == [f"p1/stale/{n}" for n in stale]
    assert "Reviewer: add the dates" in "\n".join(
        p.text for p in Document(str(person_dir / "stale" / stale[1])).paragraphs
    )
    assert "stale" in _notes(out) and stale[0] in _notes(out)
    # The reviewer's packet is kept in place, the new version beside it.
    assert "Committee note." in "\n".join(
        p.text for p in Document(str(person_dir / "packet.docx")).paragraphs
    )
    assert (person_dir / "packet.new.docx").is_file()
    # Nothing deleted: those files' bytes are all still under the folder.
    after = _digests(out)
    lost = {k: v for k, v in before.items() if v not in set(after.values())}
    assert not lost, (lost, after)
