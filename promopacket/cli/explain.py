"""`promopacket explain`: how each statement of one person was rewritten, and why it scores so."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from promopacket.cli import app, console, err, make_settings, report_crash, shown


def _show(statement, item) -> None:
    from promopacket.rewrite.score import band

    console.rule(shown(f"{statement.source.sheet} row {statement.source.row} · {item.project}"))
    console.print(f"[bold]Original[/]    {shown(statement.original)}")
    rule = statement.rule_id + (
        f" + verb upgrade {statement.upgrade_id}" if statement.upgrade_id else ""
    )
    if statement.ownership_id:
        rule += f" + ownership verb from the role ({statement.ownership_id})"
    if statement.confirm_part:
        rule += " (the brief asks to confirm the part)"
    console.print(f"[bold]Rule[/]        {shown(rule)}")
    console.print(
        f"[bold]Arithmetic[/]  {shown(statement.arithmetic or '(none: no baseline and result)')}"
    )
    console.print(f"[bold]Result[/]      {shown(statement.text)}")
    for name in ("score_before", "score_after"):
        value = getattr(statement, name)
        reasons = getattr(statement, name.replace("score", "reasons"))
        label = "Before" if name == "score_before" else "After "
        console.print(f"[bold]{label}[/]      {value} ({band(value)})")
        for reason in reasons or ["(no points)"]:
            console.print(f"              {shown(reason)}")
    if statement.needs_metric:
        console.print("[bold yellow]Needs metric[/]")
    if statement.question:
        console.print(f"[bold]Question[/]    {shown(statement.question)}")
    if statement.review_flag:
        console.print(f"[bold red]Review[/]      {shown(statement.review_flag)}")
    for key, value in statement.facts.items():
        console.print(f"[dim]{shown(key)}: {shown(value)}[/]")


@app.command()
def explain(
    path: Annotated[Path, typer.Argument(help="The workbook.")],
    person: Annotated[str, typer.Option("--person", help="The person_id to explain.")],
    row: Annotated[
        int | None, typer.Option("--row", help="Only this Achievements row (as Excel shows it).")
    ] = None,
) -> None:
    """Print, per statement: original, rule, arithmetic, result, scores and their reasons."""
    settings = make_settings()
    from promopacket.build.person import person_documents
    from promopacket.core.contract import normalise_name
    from promopacket.rewrite import RulesError, load_rules
    from promopacket.run.workbooks import load_and_validate, person_bundles

    try:
        rules = load_rules(settings.rules_dir, settings.user_rules_dir)
        data = load_and_validate(path, settings)
    except RulesError as exc:
        err.print(f"[red]Rules file problem:[/] {shown(exc)}")
        raise typer.Exit(1) from None
    except Exception as exc:
        raise typer.Exit(report_crash(exc, settings)) from None
    if data.failed:
        err.print(
            f"[red]{shown(path)} could not be used; run 'promopacket validate {shown(path)}'.[/]"
        )
        raise typer.Exit(1)
    bundle = next(
        (
            b
            for b in person_bundles(data)
            if normalise_name(b.person.person_id) == normalise_name(person)
        ),
        None,
    )
    if bundle is None:
        known = ", ".join(p.person_id for p in data.people) or "none"
        err.print(f"[red]No person '{shown(person)}' in {shown(path)}.[/] People: {shown(known)}.")
        raise typer.Exit(1)
    if not any(row is None or a.source.row == row for a in bundle.achievements):
        err.print(f"[red]{shown(person)} has no usable Achievements row {row} in {shown(path)}.[/]")
        raise typer.Exit(1)
    # The same statements, with the same profile questions, as the person's brief shows.
    statements = person_documents(bundle, settings, rules).statements
    for statement, item in zip(statements, bundle.achievements, strict=True):
        if row is None or item.source.row == row:
            _show(statement, item)
