"""`promopacket diff PERSON`: what changed in a person's documents at their last build."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from promopacket.cli import app, console, err, make_settings


def _folders_with(person: str, outputs: Path, folder: str | None) -> list[Path]:
    from promopacket.build.record import record_path

    if folder:
        candidates = [outputs / folder]
    else:
        candidates = sorted(p for p in outputs.iterdir() if p.is_dir()) if outputs.is_dir() else []
    return [f for f in candidates if record_path(f, person).is_file()]


@app.command()
def diff(
    person: Annotated[str, typer.Argument(help="The person_id.")],
    outputs: Annotated[Path | None, typer.Option(help="Output folder (default outputs/).")] = None,
    folder: Annotated[
        str | None,
        typer.Option(help="Only this cohort or workbook folder under the outputs folder."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
) -> None:
    """Print what changed at PERSON's last build: statements added, removed or reworded, and
    readiness, gaps, coverage or flags changed, with the input cells that caused each change."""
    from promopacket.build.record import read_record
    from promopacket.report.review.changes import person_changes

    settings = make_settings(outputs)
    found = _folders_with(person, settings.outputs_dir, folder)
    if not found:
        err.print(
            f"No build of '{person}' under {settings.outputs_dir}"
            + (f"/{folder}" if folder else "")
            + ". Run 'promopacket run' first, or check the person_id (as in People.person_id).",
            markup=False,
        )
        raise typer.Exit(1)
    results = []
    for out_dir in found:
        stored = read_record(out_dir, person)
        if stored is not None:
            results.append((out_dir, person_changes(stored)))
    if as_json:
        payload = [{"folder": str(d), **c.model_dump(mode="json")} for d, c in results]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    for out_dir, changes in results:
        _print_changes(out_dir, changes)


def _print_changes(out_dir: Path, found) -> None:
    console.rule(f"{found.person_id} · {out_dir}", characters="─")
    console.print(
        f"Committee decision: {found.decision or 'none recorded (summary.xlsx, Calibration)'}",
        markup=False,
    )
    if found.previous_cycle:
        console.print(f"Previous cycle {found.previous_cycle}", markup=False)
    if found.first_build:
        console.print(f"First build ({found.built_at}): nothing to compare with yet.")
        return
    head = f"Built {found.built_at}, compared with the build of {found.previous_built_at}"
    if not found.changes:
        console.print(f"{head}: no change.")
        return
    console.print(f"{head}: {len(found.changes)} change(s).")
    for change in found.changes:
        console.print(f"\n[bold]{change.kind}[/] · {change.where}", markup=True)
        if change.before:
            console.print(f"  before: {change.before}", markup=False)
        if change.after:
            console.print(f"  after:  {change.after}", markup=False)
        if change.rule:
            console.print(f"  rule:   {change.rule}", markup=False)
        for cause in change.causes:
            console.print(f"  cell:   {cause}", markup=False)
        if not change.causes and change.note:
            console.print(f"  why:    {change.note}", markup=False)
