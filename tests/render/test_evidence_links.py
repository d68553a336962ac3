"""Evidence cells appear beside their entry in the packet's appendix; a URL is a real Word
hyperlink (opened from the .docx, not read from the text dump)."""

from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn

from promopacket.build.person import build_person
from promopacket.settings import Settings
from tests.example_docs import TODAY, example_bundle

URL = "https://wiki.example.com/ml-platform/spot-training-postmortem"


def _appendix_rows(packet):
    table = Document(str(packet)).tables[-1]
    return [[cell for cell in row.cells] for row in table.rows]


def test_evidence_is_beside_its_entry_and_a_url_is_a_hyperlink(tmp_path):
    bundle = example_bundle("ana.ruiz")
    result = build_person(bundle, tmp_path, Settings(outputs_dir=tmp_path), today=TODAY)
    packet = next(f for f in result.files if f.endswith("packet.docx"))
    rows = _appendix_rows(packet)
    cells = {row[0].text: row[2] for row in rows[1:]}
    by_project = {a.project: a for a in bundle.achievements}
    with_evidence = [(ref, cell) for ref, cell in cells.items() if "evidence:" in cell.text]
    assert len(with_evidence) == sum(1 for a in bundle.achievements if a.evidence) == 2
    assert any("design doc FS-12" in cell.text for _, cell in with_evidence)
    assert by_project["Training cost"].evidence == URL
    document = Document(str(packet))
    links = [
        (link, document.part.rels[link.get(qn("r:id"))].target_ref)
        for link in document.element.body.iter(qn("w:hyperlink"))
    ]
    assert [target for _, target in links] == [URL]
    link, _ = links[0]
    assert "".join(t.text for t in link.iter(qn("w:t"))) == URL
    # the link sits in the Training cost entry's cell, not elsewhere
    (cell,) = [c for _, c in with_evidence if URL in c.text]
    assert "Training cost" in cell.text and cell._tc.xpath(".//w:hyperlink")
