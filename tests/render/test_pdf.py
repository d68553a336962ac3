import pytest
from docx import Document

from promopacket.build.person import build_person
from promopacket.render import pdf
from promopacket.settings import Settings
from tests.example_docs import TODAY, example_bundles


@pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_every_example_document_opens_and_converts_to_pdf(tmp_path):
    settings = Settings(outputs_dir=tmp_path, pdf=True, compensation=True)
    docs = pdfs = 0
    for bundle in example_bundles():
        result = build_person(bundle, tmp_path, settings, today=TODAY)
        made = {f for f in result.files if f.endswith(".pdf")}
        for file in (f for f in result.files if f.endswith(".docx")):
            Document(file)  # python-docx opens it
            converted = file[: -len(".docx")] + ".pdf"
            assert converted in made, f"no PDF beside {file}"
            with open(converted, "rb") as fh:
                head = fh.read(5)
            assert head == b"%PDF-"
            docs += 1
        pdfs += len(made)
    assert docs == pdfs == 10  # 3 packets, 3 briefs, 4 letters


def test_missing_libreoffice_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    with pytest.raises(pdf.PdfError, match="libreoffice-writer-nogui"):
        pdf.convert_to_pdf([tmp_path / "a.docx"])
