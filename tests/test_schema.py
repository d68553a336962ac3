"""JSON Schema for the files users edit: committed, current, referenced and honoured.

`promopacket schema` regenerates schemas/ from the pydantic models; when a model changes and the
committed files do not, the first test fails with the command that fixes it.
"""

import datetime as dt
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from promopacket.cli import app
from promopacket.cli.schema import SHIPPED_FILES, build_schemas, render
from promopacket.core.contract import normalise_name
from tests.conftest import EXAMPLE

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
RULES = ROOT / "promopacket" / "templates" / "rules"
HEADER = "# yaml-language-server: $schema="

jsonschema = pytest.importorskip("jsonschema")


def _shipped() -> list[tuple[Path, str]]:
    return [
        (path, stem)
        for pattern, stem in SHIPPED_FILES.items()
        for path in sorted(RULES.glob(pattern))
    ]


def _as_editor_reads(value):
    """YAML as an editor's language server sees it: unquoted dates are strings (YAML 1.2)."""
    if isinstance(value, dict):
        return {k: _as_editor_reads(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor_reads(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _errors(schema: dict, data) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [
        f"{'.'.join(map(str, e.absolute_path)) or '(top level)'}: {e.message}"
        for e in validator.iter_errors(data)
    ]


def test_committed_schemas_are_current():
    fresh = build_schemas()
    committed = {p.name for p in SCHEMAS.glob("*.schema.json")}
    assert committed == set(fresh), "run `promopacket schema` and commit schemas/"
    for name, schema in fresh.items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == render(schema), (
            f"schemas/{name} is stale: run `promopacket schema` and commit schemas/"
        )


def test_every_schema_is_valid_json_schema():
    for schema in build_schemas().values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_command_writes_the_same_files(tmp_path):
    done = CliRunner().invoke(app, ["schema", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "out").iterdir()}
    assert written == {name: render(s) for name, s in build_schemas().items()}


@pytest.mark.parametrize("path,stem", _shipped(), ids=lambda v: getattr(v, "name", v))
def test_shipped_file_names_its_schema_and_validates(path, stem):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(HEADER), f"{path.name}: first line must be {HEADER}…"
    target = (path.parent / first[len(HEADER) :]).resolve()
    assert target == SCHEMAS / f"{stem}.schema.json"
    data = _as_editor_reads(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert _errors(build_schemas()[target.name], data) == []


def test_every_shipped_rule_file_has_a_schema():
    covered = {path for path, _ in _shipped()}
    assert set(RULES.rglob("*.yaml")) == covered


def test_a_broken_profile_is_rejected_with_its_location():
    schema = build_schemas()["profile.schema.json"]
    data = yaml.safe_load((RULES / "profiles" / "sre.yaml").read_text(encoding="utf-8"))
    data["levels"]["rules"][0]["wrods"] = data["levels"]["rules"][0].pop("words")
    data["match"]["priority"] = "high"
    errors = _errors(schema, data)
    assert any(e.startswith("levels.rules.0: ") and "'wrods' was unexpected" in e for e in errors)
    assert any(e.startswith("levels.rules.0: ") and "'words' is a required" in e for e in errors)
    assert any(e.startswith("match.priority: ") for e in errors), errors


def test_a_broken_rewrite_rule_is_rejected_with_its_location():
    schema = build_schemas()["rewrite.schema.json"]
    data = _as_editor_reads(yaml.safe_load((RULES / "rewrite.yaml").read_text(encoding="utf-8")))
    data["templates"][0]["when"]["direction"] = "better"
    assert any(e.startswith("templates.0.when.direction: ") for e in _errors(schema, data))
    # one direction or a list: both are what the model accepts
    for direction in ("improved", ["improved", "unchanged"]):
        data["templates"][0]["when"]["direction"] = direction
        assert _errors(schema, data) == []


def test_settings_schema_names_every_setting():
    from promopacket.settings import Settings

    schema = build_schemas()["settings.schema.json"]
    assert set(schema["properties"]) == set(Settings.model_fields)
    assert _errors(schema, {"max_file_mb": 10, "redact": True}) == []
    assert _errors(schema, {"max_file_mb": 0}) != []
    # the default path of the templates folder is the same on every machine
    assert str(ROOT) not in render(schema)


def test_workbook_schema_matches_the_example_workbook():
    """The example's sheets and headers are the contract's; each row has its required cells."""
    schema = build_schemas()["workbook.schema.json"]
    wb = load_workbook(EXAMPLE, read_only=True, data_only=True)
    sheets = {normalise_name(name): name for name in wb.sheetnames}
    for required in schema["required"]:
        assert normalise_name(required) in sheets
    for sheet_name, sheet_schema in schema["properties"].items():
        if normalise_name(sheet_name) not in sheets:
            continue
        rows = wb[sheets[normalise_name(sheet_name)]].iter_rows(values_only=True)
        headers = [normalise_name(h or "") for h in next(rows)]
        columns = {normalise_name(c): c for c in sheet_schema["items"]["properties"]}
        for required in sheet_schema["items"]["required"]:
            assert normalise_name(required) in headers, (sheet_name, required)
        for row in rows:
            record = {columns[h]: v for h, v in zip(headers, row, strict=False) if h in columns}
            if any(v not in (None, "") for v in record.values()):
                missing = [
                    c for c in sheet_schema["items"]["required"] if record.get(c) in (None, "")
                ]
                assert missing == [], (sheet_name, row)


def test_workbook_schema_vocabularies_come_from_the_rules():
    vocab = yaml.safe_load((RULES / "vocabularies.yaml").read_text(encoding="utf-8"))
    meetings = build_schemas()["workbook.schema.json"]["properties"]["Meetings"]
    assert meetings["items"]["properties"]["outcome"]["enum"] == vocab["outcome"]
