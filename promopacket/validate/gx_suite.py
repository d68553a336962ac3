"""Great Expectations suites generated from the input contract, run on pandas DataFrames.

Each sheet becomes a DataFrame of canonical strings plus an ``__row__`` column holding the
Excel row. A sheet's whole suite runs first with BOOLEAN_ONLY results (which expectations
fail); only the failing expectations run again with COMPLETE results and ``__row__`` as the
index column, which name every failing cell. One ephemeral context per call; with Data Docs, a
file context whose stored record keeps one result per sheet (_stored_run).

Measured on 4 workbooks of 50 people (bench/synth.py), CPU per workbook: the whole suite with
COMPLETE 0.84 s, with SUMMARY 0.78 s, with BOOLEAN_ONLY 0.41 s; most of GX's cost is building
each expectation's metric graph, so a clean sheet pays for no second pass.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from promopacket.core.contract import SheetSpec
from promopacket.core.fsutil import ensure_private_dir, make_private
from promopacket.validate.datadocs import escape_records, make_offline

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

ROW = "__row__"
ID_PATTERN = r"^[A-Za-z0-9._-]+$"
NUMBER_PATTERN = r"^-?\d+(?:\.\d+)?$"
INT_PATTERN = r"^-?\d+$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
# kind → (problem code, the canonical form GX checks; parse.py produces it when it can)
PATTERNS = {
    "number": ("not_number", NUMBER_PATTERN),
    "int": ("not_integer", INT_PATTERN),
    "date": ("not_date", DATE_PATTERN),
    "email": ("not_email", EMAIL_PATTERN),
}


@dataclass(frozen=True)
class Failure:
    """One failing cell found by an expectation."""

    sheet: str
    column: str
    excel_row: int
    code: str
    value: object


def expectations_for(
    spec: SheetSpec,
    value_sets: dict[str, list[str]],
    max_chars: int,
    present: set[str] | None = None,
) -> list:
    """GX expectations for a sheet, generated from its column specs (none written by hand).

    value_sets maps "vocab:<name>" and "people" to the allowed canonical keys; present limits
    the expectations to the columns the sheet has. Each carries its problem code in meta.
    """
    import great_expectations.expectations as gxe  # ~2 s to import: only when validating

    def tagged(code: str, expectation):
        expectation.meta = {"code": code}
        return expectation

    found = []
    for col in spec.columns:
        name = col.name
        if present is not None and name not in present:
            continue
        if col.required:
            found.append(tagged("required", gxe.ExpectColumnValuesToNotBeNull(column=name)))
        if col.kind in ("text", "id", "email", "ladder"):
            limit = min(col.max_chars or max_chars, max_chars)
            found.append(
                tagged(
                    "too_long" if limit == max_chars else "too_long_column",
                    gxe.ExpectColumnValueLengthsToBeBetween(column=name, max_value=limit),
                )
            )
        if col.kind == "id":
            found.append(
                tagged("bad_id", gxe.ExpectColumnValuesToMatchRegex(column=name, regex=ID_PATTERN))
            )
        if col.kind in PATTERNS:
            code, pattern = PATTERNS[col.kind]
            found.append(
                tagged(code, gxe.ExpectColumnValuesToMatchRegex(column=name, regex=pattern))
            )
        if col.kind == "vocab" and col.vocab:
            found.append(
                tagged(
                    "not_in_vocab",
                    gxe.ExpectColumnValuesToBeInSet(
                        column=f"{name}__key", value_set=value_sets[f"vocab:{col.vocab}"]
                    ),
                )
            )
        if col.unique:
            found.append(
                tagged("duplicate", gxe.ExpectColumnValuesToBeUnique(column=f"{name}__key"))
            )
        if col.references_people:
            found.append(
                tagged(
                    "unknown_person",
                    gxe.ExpectColumnValuesToBeInSet(
                        column=f"{name}__key", value_set=value_sets["people"]
                    ),
                )
            )
    return found


# GX keeps process-wide state (config providers, the current context): two validations on
# threads of one process have given wrong results and broken file contexts. Tasks may run on
# threads (Prefect's default runner), so validations inside one process take turns; the work
# is CPU-bound under the GIL, so nothing is lost by it.
_GX_LOCK = threading.Lock()


def _quiet_gx() -> None:
    logging.getLogger("great_expectations").setLevel(logging.ERROR)


def run_suites(
    frames: dict[str, tuple[SheetSpec, pd.DataFrame]],
    value_sets: dict[str, list[str]],
    max_chars: int,
    docs_dir: Path | None = None,
) -> list[Failure]:
    """Validate each sheet's frame; return every failing cell.

    Without docs_dir: one ephemeral context, nothing stored. With docs_dir: one file-based
    context in a scratch folder beside docs_dir, whose Data Docs site replaces docs_dir.
    """
    with _GX_LOCK:
        return _run_suites(frames, value_sets, max_chars, docs_dir)


def _run_suites(frames, value_sets, max_chars, docs_dir: Path | None) -> list[Failure]:
    import great_expectations as gx  # ~2 s to import: only when validating

    _quiet_gx()
    if docs_dir is None:
        context = gx.get_context(mode="ephemeral")
        return _run(context, frames, value_sets, max_chars, store=False)
    docs_dir = Path(docs_dir)
    ensure_private_dir(docs_dir.parent)
    scratch = Path(tempfile.mkdtemp(prefix=".gx-", dir=docs_dir.parent))
    try:
        context = gx.get_context(mode="file", project_root_dir=str(scratch))
        failures = _run(context, frames, value_sets, max_chars, store=True)
        escape_records(Path(context.root_directory))  # user text renders as text
        context.build_data_docs()
        site = Path(context.root_directory) / "uncommitted" / "data_docs" / "local_site"
        make_offline(site)  # no CDN, no remote logo: nothing leaves the machine
        _replace_dir(site, docs_dir)
        make_private(docs_dir)  # the site quotes input values: owner-only, like outputs
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return failures


# Which expectations fail: the cheapest format (no unexpected values or indexes computed).
CHEAP = {"result_format": "BOOLEAN_ONLY"}
# Every failing cell of an expectation, by its Excel row.
LOCATED = {"result_format": "COMPLETE", "unexpected_index_column_names": [ROW]}


def _key(config) -> tuple:
    """An expectation of a suite: its type, column and problem code."""
    return (config.type, config.kwargs.get("column"), (config.meta or {}).get("code"))


def _run(context, frames, value_sets, max_chars, store: bool) -> list[Failure]:
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    source = context.data_sources.add_pandas("workbook")
    failures: list[Failure] = []
    for sheet_name, (spec, frame) in frames.items():
        if frame.empty:
            continue
        present = set(frame.columns)
        batch_definition = source.add_dataframe_asset(
            sheet_name
        ).add_batch_definition_whole_dataframe(f"{sheet_name}-rows")
        suite = gx_suite(
            f"{sheet_name}-contract", expectations_for(spec, value_sets, max_chars, present)
        )
        if store:
            located = _stored_run(context, batch_definition, suite, frame)
        else:
            located = _ephemeral_run(batch_definition, suite, frame)
        if located is not None:
            failures.extend(_failures(sheet_name, frame, located))
    return failures


def gx_suite(name: str, expectations: list):
    import great_expectations as gx  # ~2 s to import: only when validating

    return gx.ExpectationSuite(name=name, expectations=expectations)


def _failing(result) -> set[tuple]:
    return {_key(item.expectation_config) for item in result.results if not item.success}


def _ephemeral_run(batch_definition, suite, frame: pd.DataFrame):
    """The whole suite with BOOLEAN_ONLY; then only its failing expectations with COMPLETE
    (None: nothing failed)."""
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    failing = _failing(batch.validate(suite, result_format=CHEAP))
    if not failing:
        return None
    again = gx_suite(
        f"{suite.name}-failures",
        [_copy(e) for e in suite.expectations if _key(e.configuration) in failing],
    )
    located = batch.validate(again, result_format=LOCATED)
    if {_key(item.expectation_config) for item in located.results} != failing:
        raise RuntimeError(f"GX re-ran other expectations than those failing in {suite.name}")
    return located


def _copy(expectation):
    """The expectation for another suite (a suite owns the expectations added to it)."""
    copied = expectation.copy(update={"id": None})
    copied.meta = dict(expectation.meta or {})
    return copied


def _stored_run(context, batch_definition, suite, frame: pd.DataFrame):
    """The stored record for Data Docs: one result per sheet. A clean sheet keeps its
    BOOLEAN_ONLY result; a sheet with failures is run again whole with COMPLETE, which
    replaces it (its page then shows every failing value), and that result locates them."""
    import great_expectations as gx  # ~2 s to import: only when validating

    definition = context.validation_definitions.add(
        gx.ValidationDefinition(
            name=f"{suite.name}-validation", data=batch_definition, suite=context.suites.add(suite)
        )
    )
    store = context.validation_results_store
    before = set(store.list_keys())
    checked = definition.run(batch_parameters={"dataframe": frame}, result_format=CHEAP)
    if not _failing(checked):
        return None
    for key in set(store.list_keys()) - before:
        store.remove_key(key)
    return definition.run(batch_parameters={"dataframe": frame}, result_format=LOCATED)


def _failures(sheet_name: str, frame: pd.DataFrame, result) -> list[Failure]:
    found = []
    by_row = frame.set_index(ROW, drop=False)
    for item in result.results:
        if item.success:
            continue
        config = item.expectation_config
        code = (config.meta or {}).get("code", "other")
        key_column = config.kwargs["column"]
        column = key_column.removesuffix("__key")
        hits = item.result.get("unexpected_index_list")
        if hits is None:  # the expectation itself could not run: never silent
            raise RuntimeError(
                f"GX could not check {sheet_name}.{key_column}: {item.exception_info}"
            )
        for hit in hits:
            row = int(hit[ROW])
            value = by_row.at[row, column]
            found.append(Failure(sheet_name, column, row, code, None if pd.isna(value) else value))
    return found


def _replace_dir(built: Path, target: Path) -> None:
    """Put the freshly built site at target; the old one is removed only once the new is in."""
    if not built.is_dir():
        raise RuntimeError(f"GX built no Data Docs site under {built}")
    staged = target.with_name(f".{target.name}.new")
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(built, staged)
    old = target.with_name(f".{target.name}.old")
    if target.exists():
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    os.replace(staged, target)
    shutil.rmtree(old, ignore_errors=True)
