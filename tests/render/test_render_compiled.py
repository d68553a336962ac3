"""The compiled-template render path gives what docxtpl's own path gives."""

import io
import re
import zipfile

from docx import Document
from docx.oxml.text.paragraph import CT_P
from docxtpl import DocxTemplate
from lxml import etree

from promopacket.render import docx as render
from promopacket.render.docx import _Compiled, _Document, _grid_mismatch, _quick_text, render_docx
from promopacket.render.docxslim import slim_template
from tests.render.test_render import _person

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BODY = (
    f'<w:body xmlns:w="{W}"><w:p><w:r><w:t>Hello</w:t></w:r></w:p>'
    "<w:tbl><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl></w:body>"
)


def _table(columns: int, cells_per_row: int) -> str:
    grid = '<w:gridCol w:w="3000"/>' * columns
    row = "<w:tr>" + "<w:tc><w:p/></w:tc>" * cells_per_row + "</w:tr>"
    return BODY.format(grid=grid, rows=row * 2)


def _doc(template) -> _Document:
    return _Document(_Compiled(template, (0, 0)))


def test_tables_whose_grid_fits_are_left_alone_and_parsed_into_python_docx_classes(settings):
    xml = _table(3, 3)
    tree = _doc(settings.templates_dir / "follow_up.docx").fix_tables(xml)
    assert not _grid_mismatch(next(tree.iter(f"{{{W}}}tbl")))
    assert isinstance(tree[0], CT_P)  # no second parse needed for python-docx's p_lst
    plain = DocxTemplate.fix_tables(DocxTemplate("unused.docx"), xml)
    assert etree.tostring(tree) == etree.tostring(plain)


def test_a_grid_wider_or_narrower_than_its_rows_is_fixed_as_docxtpl_fixes_it(settings):
    for columns, cells in ((2, 4), (4, 2)):
        xml = _table(columns, cells)
        assert _grid_mismatch(etree.fromstring(xml)[1])
        ours = _doc(settings.templates_dir / "follow_up.docx").fix_tables(xml)
        theirs = DocxTemplate.fix_tables(DocxTemplate("unused.docx"), xml)
        assert etree.tostring(ours) == etree.tostring(theirs)
        assert len(ours.findall(f".//{{{W}}}gridCol")) == cells
        assert isinstance(ours[0], CT_P)


def test_quick_text_finds_what_paragraph_text_finds():
    xml = (
        f'<w:p xmlns:w="{W}"><w:r><w:t>A</w:t><w:tab/><w:t>B</w:t></w:r>'
        '<w:hyperlink><w:r><w:t xml:space="preserve">link </w:t><w:noBreakHyphen/>'
        "<w:t>x</w:t></w:r></w:hyperlink><w:ins><w:r><w:t>hidden</w:t></w:r></w:ins></w:p>"
    )
    from docx.oxml.parser import parse_xml
    from docx.text.paragraph import Paragraph

    element = parse_xml(xml)
    text = Paragraph(element, None).text
    assert text == "A\tBlink -x"
    assert _quick_text(element) == text  # tabs and breaks are tabs in both


def test_a_template_changed_on_disk_is_compiled_again(tmp_path, settings):
    from promopacket.assemble import assemble_letter
    from promopacket.core.models import Meeting, PersonBundle, Source

    meeting = Meeting(
        person_id="p1",
        date="2026-10-06",
        with_name="Sam",
        outcome="not yet",
        key_points="Keep going",
        source=Source(sheet="Meetings", row=2),
    )
    bundle = PersonBundle(workbook="w.xlsx", person=_person("Pat"), meetings=[meeting])
    context = assemble_letter(bundle, meeting, [], settings.rules_dir)
    template = tmp_path / "letter.docx"
    template.write_bytes((settings.templates_dir / "follow_up.docx").read_bytes())
    first = render_docx(template, context, tmp_path / "a.docx")
    assert "Pat" in "\n".join(p.text for p in Document(str(first)).paragraphs)
    edited = Document(str(template))
    edited.add_paragraph("A line the user added in Word.")
    edited.save(str(template))
    second = render_docx(template, context, tmp_path / "b.docx")
    assert "A line the user added in Word." in [p.text for p in Document(str(second)).paragraphs]
    assert len(render._COMPILED) >= 1


def _style_ids(package: zipfile.ZipFile) -> set[str]:
    tree = etree.fromstring(package.read("word/styles.xml"))
    return {s.get(f"{{{W}}}styleId") for s in tree.iter(f"{{{W}}}style")}


def _named_styles(package: zipfile.ZipFile) -> set[str]:
    named = set()
    for name in package.namelist():
        if name.endswith(".xml") and "styles" not in name.lower():
            text = package.read(name).decode("utf-8")
            named |= set(re.findall(r'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', text))
    return named


def test_slimmed_templates_keep_every_style_a_document_names(settings):
    """Every shipped template: the unused definitions go (most of the 800 KB of styles), the
    styles its parts name stay with what they are based on, and Word's comment styles."""
    for name in ("packet.docx", "brief.docx", "follow_up.docx"):
        blob = (settings.templates_dir / name).read_bytes()
        original = zipfile.ZipFile(io.BytesIO(blob))
        slim = zipfile.ZipFile(io.BytesIO(slim_template(blob)))
        kept = _style_ids(slim)
        assert _named_styles(original) <= kept, name
        assert {"CommentText", "CommentReference"} & _style_ids(original) <= kept
        assert len(kept) < len(_style_ids(original)) / 3, name
        for style in etree.fromstring(slim.read("word/styles.xml")).iter(f"{{{W}}}style"):
            based = style.find(f"{{{W}}}basedOn")
            assert based is None or based.get(f"{{{W}}}val") in kept, name
        assert "word/stylesWithEffects.xml" not in slim.namelist()
        for part in ("[Content_Types].xml", "word/_rels/document.xml.rels"):
            assert b"stylesWithEffects" not in slim.read(part)
        assert set(original.namelist()) - set(slim.namelist()) == {"word/stylesWithEffects.xml"}


def test_a_rendered_packet_defines_every_style_it_uses_and_opens(settings, tmp_path):
    from promopacket.assemble import assemble_packet
    from promopacket.rewrite import rewrite_all
    from promopacket.rewrite.loading import cached_rules
    from tests.example_docs import TODAY, example_bundle

    bundle = example_bundle("ana.ruiz")
    statements = rewrite_all(bundle.achievements, cached_rules(settings.rules_dir, None))
    context = assemble_packet(bundle, statements, TODAY, settings.rules_dir)
    out = render_docx(settings.templates_dir / "packet.docx", context, tmp_path / "p.docx")
    package = zipfile.ZipFile(out)
    assert _named_styles(package) <= _style_ids(package)
    document = Document(str(out))  # python-docx resolves each paragraph's style by id
    assert {p.style.name for p in document.paragraphs} >= {"Title", "Heading 1"}


def test_a_package_that_is_not_a_docx_is_left_for_docxtpl_to_report():
    assert slim_template(b"not a zip") == b"not a zip"
