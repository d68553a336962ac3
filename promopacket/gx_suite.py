"""Great Expectations suites generated from the input contract, run on pandas DataFrames.

Each sheet becomes a DataFrame of canonical strings plus an ``__row__`` column holding the
Excel row, so that COMPLETE results name every failing cell. One ephemeral context per call.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .contract import SheetSpec

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

ROW = "__row__"
ID_PATTERN = r"^[A-Za-z0-9._-]+$"
NUMBER_PATTERN = r"^-?\d+(?:\.\d+)?$"
INT_PATTERN = r"^-?\d+$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


@dataclass(frozen=True)
class Failure:
    """One failing cell found by an expectation."""

    sheet: str
    column: str
    excel_row: int
    code: str
    value: object


def expectations_for(
    spec: SheetSpec, value_sets: dict[str, list[str]], max_chars: int
) -> list[tuple[str, object]]:
    """(problem code, GX expectation) pairs for a sheet, generated from its column specs.

    value_sets maps "vocab:<name>" and "people" to the allowed canonical keys.
    """
    import great_expectations.expectations as gxe

    found: list[tuple[str, object]] = []
    for col in spec.columns:
        name = col.name
        if col.required:
            found.append(("required", gxe.ExpectColumnValuesToNotBeNull(column=name)))
        if col.kind in ("text", "id", "email"):
            found.append(
                (
                    "too_long",
                    gxe.ExpectColumnValueLengthsToBeBetween(column=name, max_value=max_chars),
                )
            )
        if col.kind == "id":
            found.append(
                ("bad_id", gxe.ExpectColumnValuesToMatchRegex(column=name, regex=ID_PATTERN))
            )
        pattern = {
            "number": NUMBER_PATTERN,
            "int": INT_PATTERN,
            "date": DATE_PATTERN,
            "email": EMAIL_PATTERN,
        }.get(col.kind)
        if pattern:
            code = {
                "number": "not_number",
                "int": "not_integer",
                "date": "not_date",
                "email": "not_email",
            }[col.kind]
            found.append((code, gxe.ExpectColumnValuesToMatchRegex(column=name, regex=pattern)))
        if col.kind == "vocab" and col.vocab:
            found.append(
                (
                    "not_in_vocab",
                    gxe.ExpectColumnValuesToBeInSet(
                        column=f"{name}__key", value_set=value_sets[f"vocab:{col.vocab}"]
                    ),
                )
            )
        if col.unique:
            found.append(("duplicate", gxe.ExpectColumnValuesToBeUnique(column=f"{name}__key")))
        if col.references_people:
            found.append(
                (
                    "unknown_person",
                    gxe.ExpectColumnValuesToBeInSet(
                        column=f"{name}__key", value_set=value_sets["people"]
                    ),
                )
            )
    return found


def run_suites(
    frames: dict[str, tuple[SheetSpec, pd.DataFrame]],
    value_sets: dict[str, list[str]],
    max_chars: int,
    docs_dir: Path | None = None,
) -> list[Failure]:
    """Validate each sheet's frame; return every failing cell. Optionally build Data Docs."""
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    if docs_dir is not None:
        docs_dir.mkdir(parents=True, exist_ok=True)
        context = gx.get_context(mode="file", project_root_dir=str(docs_dir.parent / ".gx-work"))
    else:
        context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    source = context.data_sources.add_pandas(f"workbook-{id(frames)}")
    failures: list[Failure] = []
    for sheet_name, (spec, frame) in frames.items():
        if frame.empty:
            continue
        pairs = expectations_for(spec, value_sets, max_chars)
        suite = context.suites.add(gx.ExpectationSuite(name=f"{sheet_name}-contract"))
        codes = {}
        for code, expectation in pairs:
            added = suite.add_expectation(expectation)
            codes[added.id] = code
        asset = source.add_dataframe_asset(sheet_name)
        batch = asset.add_batch_definition_whole_dataframe(f"{sheet_name}-batch")
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{sheet_name}-validation", data=batch, suite=suite)
        )
        result = definition.run(
            batch_parameters={"dataframe": frame},
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW]},
        )
        for item in result.results:
            if item.success:
                continue
            code = codes.get(item.expectation_config.id, "other")
            column = item.expectation_config.kwargs["column"].removesuffix("__key")
            for hit in item.result.get("unexpected_index_list") or []:
                row = int(hit[ROW])
                value = frame.loc[frame[ROW] == row, column].iloc[0]
                failures.append(
                    Failure(sheet_name, column, row, code, None if pd.isna(value) else value)
                )
    if docs_dir is not None:
        _build_docs(context, docs_dir)
    return failures


def _build_docs(context, docs_dir: Path) -> None:
    """Write Data Docs HTML for the validations just run into docs_dir."""
    context.build_data_docs()
    built = Path(context.root_directory) / "uncommitted" / "data_docs" / "local_site"
    if built.is_dir():
        import shutil

        if docs_dir.exists():
            shutil.rmtree(docs_dir)
        shutil.copytree(built, docs_dir)
