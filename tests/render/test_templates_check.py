import shutil

import pytest
from docx import Document
from typer.testing import CliRunner

import promopacket.cli.templates  # noqa: F401  (registers `templates check`)
from promopacket.assemble import PacketContext
from promopacket.cli import app
from promopacket.flows.cohort import build_cohort
from promopacket.render.check import TemplateContractError, check_template, check_templates
from promopacket.run.request import CohortRequest
from promopacket.settings import SHIPPED_TEMPLATES

TEMPLATES = SHIPPED_TEMPLATES


@pytest.fixture
def broken_templates(tmp_path):
    """A copy of the shipped templates whose packet uses two variables its context lacks."""
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    doc = Document(str(folder / "packet.docx"))
    doc.add_paragraph("Reviewer: {{ person.nmae }}")
    doc.add_paragraph("{%p for s in appendix %}")
    doc.add_paragraph("{{ s.txet }}")
    doc.add_paragraph("{%p endfor %}")
    doc.save(str(folder / "packet.docx"))
    return folder


def test_shipped_templates_match_their_contexts():
    assert check_templates(TEMPLATES) == []


def test_unknown_variables_are_named_with_template_and_place(broken_templates):
    issues = check_template(broken_templates / "packet.docx", PacketContext)
    by_variable = {i.variable: i for i in issues}
    assert set(by_variable) == {"person.nmae", "s.txet"}
    nmae = by_variable["person.nmae"]
    assert nmae.template.endswith("packet.docx")
    assert nmae.where.startswith("paragraph ") and "Reviewer:" in nmae.where
    assert "did you mean 'name'?" in nmae.message
    assert "EntryCtx has no field 'txet'" in by_variable["s.txet"].message


def test_dict_method_names_are_caught(tmp_path):
    path = tmp_path / "t.docx"
    doc = Document()
    doc.add_paragraph("{% for g in expectations %}{{ g.evidence }}{{ g.items }}{% endfor %}")
    doc.save(str(path))
    messages = [i.message for i in check_template(path, PacketContext)]
    assert messages == ["unknown variable 'g.items' (ExpectationCtx has no field 'items')"]


def test_cli_check_fails_located(broken_templates):
    result = CliRunner().invoke(app, ["templates", "check", str(broken_templates)])
    assert result.exit_code == 1
    assert "packet.docx" in result.output and "person.nmae" in result.output


def test_cli_check_passes_on_shipped_templates():
    result = CliRunner().invoke(app, ["templates", "check", str(TEMPLATES)])
    assert result.exit_code == 0, result.output
    assert "4 templates" in result.output  # packet, brief, follow-up and decision letters


def test_run_stops_before_rendering(broken_templates, settings, example_copy):
    settings = settings.model_copy(update={"templates_dir": broken_templates})
    # .fn runs the flow's body without the Prefect engine: the check comes first of all.
    with pytest.raises(TemplateContractError, match=r"packet\.docx.*person\.nmae"):
        build_cohort.fn(CohortRequest(workbooks=[example_copy]), settings=settings)
    assert not settings.outputs_dir.exists()


def test_cli_run_fails_before_any_flow_starts(
    broken_templates, example_copy, tmp_path, monkeypatch
):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / ".prefect"))  # restored after the test
    monkeypatch.setenv("PROMOPACKET_TEMPLATES_DIR", str(broken_templates))
    import promopacket.cli.run  # noqa: F401  (registers `run`)

    outputs = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(example_copy), "--outputs", str(outputs)])
    assert result.exit_code == 1, result.output
    assert "packet.docx" in result.output and "person.nmae" in result.output
    assert not outputs.exists()
