"""`promopacket schema [DIR]`: JSON Schema for every file users edit, from the pydantic models.

Editors (VS Code's YAML extension, JetBrains) read `# yaml-language-server: $schema=…` on the
first line of a YAML file and then autocomplete keys and flag mistakes inline. The schemas are
generated from the same models that validate the files at load time, so they cannot disagree;
`tests/test_schema.py` checks the committed `schemas/` equal freshly generated ones.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel, ConfigDict, Field

from promopacket.cli import app, console

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class VocabularyFile(BaseModel):
    """templates/rules/vocabularies.yaml: the controlled vocabularies every ladder shares.

    Values are matched ignoring case and spacing. competency and lever repeat the
    ml-engineering profile's lists (a person's own come from their role profile).
    """

    model_config = ConfigDict(extra="forbid")

    competency: list[str] = Field(default_factory=list)
    lever: list[str] = Field(default_factory=list)
    outcome: list[str] = Field(min_length=1, description="Meetings.outcome values.")
    better: list[str] = Field(min_length=1, description="Achievements.better values.")
    role: list[str] = Field(
        default_factory=list,
        description="Achievements.role values: the person's part (only a role grants an "
        "ownership verb to a statement that opens with participation).",
    )
    relationship: list[str] = Field(
        default_factory=list,
        description="Feedback.relationship values: who gave the feedback, from the person's "
        "point of view.",
    )


def _models() -> dict[str, tuple[type[BaseModel], str]]:
    """schema file stem → (model, what it describes)."""
    from promopacket.assemble import rules as doc_rules
    from promopacket.assemble.contexts import CompensationCtx
    from promopacket.assemble.letter_rules import LetterRules
    from promopacket.profiles.model import Profile
    from promopacket.rewrite.rules import RuleSet, RuleSetPatch
    from promopacket.settings import Settings

    return {
        "profile": (Profile, "A role profile: templates/rules/profiles/<name>.yaml"),
        "rewrite": (RuleSet, "Rewrite rules: templates/rules/rewrite.yaml"),
        "rewrite-patch": (
            RuleSetPatch,
            "A user rules file in PROMOPACKET_USER_RULES_DIR (any subset of rewrite.yaml)",
        ),
        "expectations": (doc_rules.ExpectationRules, "templates/rules/expectations.yaml"),
        "readiness": (doc_rules.ReadinessRules, "templates/rules/readiness.yaml"),
        "objections": (doc_rules.ObjectionRules, "templates/rules/objections.yaml"),
        "packet": (doc_rules.PacketRules, "templates/rules/packet.yaml"),
        "brief": (doc_rules.BriefRules, "templates/rules/brief.yaml"),
        "decisions": (doc_rules.DecisionRules, "templates/rules/decisions.yaml"),
        "feedback": (doc_rules.FeedbackRules, "templates/rules/feedback.yaml"),
        "letters": (LetterRules, "templates/rules/letters.yaml"),
        "compensation": (CompensationCtx, "templates/rules/compensation.yaml"),
        "vocabularies": (VocabularyFile, "templates/rules/vocabularies.yaml"),
        "settings": (
            Settings,
            "Settings: each property is the environment variable PROMOPACKET_<NAME> "
            "(for example max_file_mb is PROMOPACKET_MAX_FILE_MB)",
        ),
    }


# Which schema each shipped rule file uses (a path relative to templates/rules/).
SHIPPED_FILES = {
    "brief.yaml": "brief",
    "compensation.yaml": "compensation",
    "decisions.yaml": "decisions",
    "expectations.yaml": "expectations",
    "feedback.yaml": "feedback",
    "letters.yaml": "letters",
    "objections.yaml": "objections",
    "packet.yaml": "packet",
    "readiness.yaml": "readiness",
    "rewrite.yaml": "rewrite",
    "vocabularies.yaml": "vocabularies",
    "profiles/*.yaml": "profile",
}


def _portable(value, root: str):
    """Defaults computed from this checkout (templates_dir) made the same on every machine."""
    if isinstance(value, dict):
        return {k: _portable(v, root) for k, v in value.items()}
    if isinstance(value, list):
        return [_portable(v, root) for v in value]
    if isinstance(value, str) and value.startswith(root):
        return "<package root>" + value[len(root) :]
    return value


def model_schema(stem: str, model: type[BaseModel], title: str) -> dict:
    from promopacket.settings import PACKAGE_DIR

    body = model.model_json_schema(mode="validation")
    schema = {"$schema": SCHEMA_DIALECT}
    schema.update(body)
    schema["title"] = title
    return _portable(schema, str(PACKAGE_DIR))


_KIND_SCHEMA = {
    "id": {"type": "string", "pattern": None},  # the pattern is filled from gx_suite
    "text": {"type": "string"},
    "email": {"type": "string", "format": "email"},
    "int": {"type": "integer"},
    "number": {"type": "number"},
    "date": {"type": "string", "format": "date"},
    "vocab": {"type": "string"},
    "ladder": {"type": "string"},
}


def workbook_schema(rules_dir: Path) -> dict:
    """The input contract (promopacket/core/contract.py) as JSON Schema: a workbook is an object of
    sheets, each a list of rows keyed by column name. Documentation first: `x-kind` names the
    contract's kind and `x-vocabulary` the vocabulary a value comes from; the reader is more
    forgiving than the schema (header spelling, '40%', '1,200', Excel dates)."""
    from promopacket.core.contract import CONTRACT, load_vocabularies
    from promopacket.validate.gx_suite import ID_PATTERN

    vocabularies = load_vocabularies(rules_dir).values
    sheets = {}
    for sheet in CONTRACT:
        properties = {}
        for col in sheet.columns:
            prop = dict(_KIND_SCHEMA[col.kind])
            if col.kind == "id":
                prop["pattern"] = ID_PATTERN
            if col.max_chars:
                prop["maxLength"] = col.max_chars
            if col.kind == "vocab" and col.vocab in vocabularies:
                prop["enum"] = list(vocabularies[col.vocab])
            if col.kind == "ladder":
                prop["description"] = (
                    "A profile name (templates/rules/profiles/)"
                    if col.vocab == "profile"
                    else f"An {col.vocab} (id or label) from the person's role profile"
                    if col.vocab == "expectation"
                    else f"A {col.vocab} from the person's role profile"
                )
            if col.help:
                prop["description"] = (
                    f"{prop['description']}. {col.help}" if "description" in prop else col.help
                )
            prop["x-kind"] = col.kind
            if col.vocab:
                prop["x-vocabulary"] = col.vocab
            if col.unique:
                prop["x-unique"] = True
            if col.references_people:
                prop["x-references"] = "People.person_id"
            properties[col.name] = prop
        sheets[sheet.name] = {
            "type": "array",
            "description": sheet.help,
            "items": {
                "type": "object",
                "properties": properties,
                "required": [c.name for c in sheet.required_columns],
                # unknown extra columns are kept and ignored
                "additionalProperties": True,
            },
        }
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "The input workbook: sheets, columns, kinds and vocabularies",
        "description": (
            "Sheet and header names are matched ignoring case, spaces and underscores; unknown "
            "extra columns are ignored. Rows are read from row 2 (or below a header in the "
            "first 10 rows)."
        ),
        "type": "object",
        "properties": sheets,
        "required": [s.name for s in CONTRACT if s.required],
        "additionalProperties": True,
    }


def build_schemas(rules_dir: Path | None = None) -> dict[str, dict]:
    """file name → schema, for every file promopacket reads that a user edits."""
    from promopacket.settings import SHIPPED_TEMPLATES

    rules_dir = rules_dir or SHIPPED_TEMPLATES / "rules"
    out = {
        f"{stem}.schema.json": model_schema(stem, model, title)
        for stem, (model, title) in _models().items()
    }
    out["workbook.schema.json"] = workbook_schema(rules_dir)
    return out


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in build_schemas().items():
        path = folder / name
        text = render(schema)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            tmp = path.with_suffix(".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
        written.append(path)
    return written


@app.command("schema")
def schema(
    directory: Annotated[
        Path, typer.Argument(help="Folder to write the *.schema.json files to.")
    ] = Path("schemas"),
) -> None:
    """Write JSON Schema for profiles, rule files, settings and the workbook contract."""
    paths = write_schemas(directory)
    console.print(f"✓ {len(paths)} schemas in {directory}")
