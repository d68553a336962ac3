"""`promopacket explain`: original, rule, arithmetic, result and score reasons per statement."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

import promopacket.cli.explain  # noqa: F401  (registers the command)
import promopacket.cli.validate  # noqa: F401  (a second command keeps typer in group mode)
from promopacket.build.person import build_person, person_documents
from promopacket.cli import app
from promopacket.profiles import load_profiles
from promopacket.read.starter import write_starter
from promopacket.run.workbooks import load_and_validate, person_bundles
from promopacket.settings import Settings
from tests.conftest import EXAMPLE
from tests.docx_text import text_dump


def build_statements(bundle, settings):
    return person_documents(bundle, settings).statements


def test_explain_one_row_of_the_example(monkeypatch, tmp_path):
    monkeypatch.setenv("PROMOPACKET_OUTPUTS_DIR", str(tmp_path))
    runner = CliRunner()
    done = runner.invoke(
        app, ["explain", str(EXAMPLE), "--person", "ana.ruiz", "--row", "2"], terminal_width=200
    )
    assert done.exit_code == 0, done.output
    out = done.output
    assert "Original    Helped ML team with data pipeline" in out
    assert "Rule        change-improved" in out
    assert "Arithmetic  |30 − 50| / 50 × 100 = 40%" in out
    flat = " ".join(out.split())
    assert (
        "Helped reduce feature ingestion latency by 40% (50 min → 30 min) in the ML team's data "
        "pipeline" in flat
    )
    assert "-15 weak phrase (helped)" in out
    assert out.count("Original") == 1

    unknown = runner.invoke(app, ["explain", str(EXAMPLE), "--person", "nobody"])
    assert unknown.exit_code == 1 and "No person 'nobody'" in unknown.output
    assert "Traceback" not in unknown.output


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("profile", sorted(load_profiles(Settings().rules_dir)))
def test_explain_prints_what_the_brief_shows_for_every_profile(profile, tmp_path, monkeypatch):
    """explain and the brief come from one build of the person (build.person_documents): the
    same statement and the same question, profile questions included."""
    monkeypatch.setenv("PROMOPACKET_OUTPUTS_DIR", str(tmp_path / "out"))
    settings = Settings(outputs_dir=tmp_path / "out")
    book = write_starter(tmp_path / f"{profile}.xlsx", settings, profile)
    data = load_and_validate(book, settings)
    assert not data.failed
    runner = CliRunner()
    for bundle in person_bundles(data):
        result = build_person(bundle, tmp_path / "out", settings)
        brief = _flat(text_dump(next(Path(f) for f in result.files if f.endswith("brief.docx"))))
        done = runner.invoke(
            app, ["explain", str(book), "--person", bundle.person.person_id], terminal_width=400
        )
        assert done.exit_code == 0, done.output
        shown = [line.split(None, 1) for line in done.output.splitlines()]
        results = [_flat(rest) for key, *rest in shown if key == "Result" for rest in rest]
        questions = [_flat(rest) for key, *rest in shown if key == "Question" for rest in rest]
        assert len(results) == len(bundle.achievements)
        for text in results + questions:
            assert text in brief, (profile, text)
        # and every question the brief asks, explain prints
        asked = list(questions)
        for statement in build_statements(bundle, settings):
            if statement.question:
                assert _flat(statement.question) in asked
