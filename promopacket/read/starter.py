"""The starter workbook (`promopacket init [--profile NAME]`): every contract sheet and header,
an Instructions sheet, dropdowns from the vocabularies and the chosen role profile, number/date
checks, and example rows.

Everything here is generated from contract.CONTRACT, templates/rules/vocabularies.yaml and the
profile (its `starter` rows when it has them), so the starter cannot drift from what validation
accepts (a test validates a fresh one for every shipped profile).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from promopacket.core.contract import (
    CONTRACT,
    SHEETS,
    Column,
    SheetSpec,
    Vocabularies,
    load_vocabularies,
)
from promopacket.core.fsutil import atomic_write
from promopacket.core.messages import STARTER
from promopacket.core.rulefiles import load_rule_file
from promopacket.core.xlsxcell import set_cell
from promopacket.profiles import SHIPPED_DEFAULT, Profile, cached_profiles, find
from promopacket.settings import SHIPPED_TEMPLATES, Settings

LAST_ROW = 1000  # data validation and formats cover rows 2..LAST_ROW
LISTS = "Lists"  # hidden sheet holding the dropdown values (no 255-character limit)
REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")

EXAMPLE_TEAM = SHIPPED_TEMPLATES / "example_team.yaml"


def example_team() -> dict[str, list[dict[str, Any]]]:
    """The example team's rows by sheet (templates/example_team.yaml): the one source of the
    example people, for inputs/example.xlsx and the starter workbook."""
    data = load_rule_file(EXAMPLE_TEAM)
    return {
        sheet: [dict(row) for row in rows] for sheet, rows in data.items() if sheet != "starter"
    }


def starter_examples() -> dict[str, list[dict[str, Any]]]:
    """The starter's example rows: the people the example team names under `starter`, with
    their team, first achievement and first meeting."""
    team, chosen = example_team(), load_rule_file(EXAMPLE_TEAM)["starter"]
    people = [p for p in team["People"] if p["person_id"] in chosen]
    by_name = {t["team"]: t for t in team["Team"]}
    teams = [by_name[p["team"]] for p in people]  # one each: profiles rename them per person

    def first(sheet: str) -> list[dict[str, Any]]:
        rows = {}
        for row in team[sheet]:
            rows.setdefault(row["person_id"], row)
        return [rows[p["person_id"]] for p in people if p["person_id"] in rows]

    return {
        "People": people,
        "Achievements": first("Achievements"),
        "Team": teams,
        "Meetings": first("Meetings"),
        "Feedback": first("Feedback"),
    }


class UnknownProfile(ValueError):
    """`init --profile NAME` with a name no profile has."""


def starter_lists(profiles: dict[str, Profile], profile: Profile, vocab: Vocabularies):
    """Every dropdown's values: the global vocabularies, the profile's ladder, profile names."""
    values = {name: list(vals) for name, vals in vocab.values.items()}
    for name in ("competency", "lever", "archetype", "expectation"):
        values[name] = profile.vocabulary(name)
    values["profile"] = list(profiles)
    return Vocabularies(values)


def examples_for(profile: Profile) -> dict[str, list[dict[str, Any]]]:
    """The example rows, written for the profile: its own titles, teams and achievements."""
    examples = starter_examples()
    starter = profile.starter
    for person in examples["People"]:
        person["profile"] = profile.name
        if person.get("archetype") not in profile.archetype_names:
            person.pop("archetype", None)
    if starter is not None:
        for person, team, given in zip(
            examples["People"], examples["Team"], starter.people, strict=True
        ):
            person.update(
                current_title=given.current_title, target_title=given.target_title, team=given.team
            )
            # The example team's recommendations speak of its ML work: another ladder's starter
            # would carry words about work its example rows never show. The column stays, blank.
            person.pop("recommendation", None)
            team.update(team=given.team, mission=given.mission or None)
            team["priorities"] = given.priorities or None
        for row, given in zip(examples["Achievements"], starter.achievements, strict=True):
            kept = {"person_id": row["person_id"]}
            row.clear()
            row.update(kept, **given.model_dump(exclude_none=True))
        if starter.feedback:  # quotes about this ladder's work, one per example person
            examples["Feedback"] = [
                {"person_id": person["person_id"], **given.model_dump(exclude_none=True)}
                for person, given in zip(examples["People"], starter.feedback, strict=True)
            ]
    else:  # a user's profile without starter rows: tag the examples with its first values
        for row in examples["Achievements"]:
            row.update(competency=profile.competency_names[0], lever=profile.lever_names[0])
    if not (starter and starter.feedback):  # the example team's quotes, as general feedback
        ids = {e.id for e in profile.expectations}
        for row in examples["Feedback"]:
            if row.get("expectation") not in ids:
                row.pop("expectation", None)
    return examples


def write_starter(path: Path, settings: Settings | None = None, profile: str | None = None) -> Path:
    """Write the starter workbook for a profile (default ml-engineering) atomically; return path."""
    settings = settings or Settings()
    profiles = cached_profiles(settings.rules_dir, settings.profiles_dir)
    name = find(profile or SHIPPED_DEFAULT, profiles)
    if name is None:
        raise UnknownProfile(f"There is no profile '{profile}'. Profiles: {', '.join(profiles)}.")
    chosen = profiles[name]
    vocab = starter_lists(profiles, chosen, load_vocabularies(settings.rules_dir))
    book = Workbook()
    _instructions(book.active, vocab, chosen)
    ranges = _lists(book.create_sheet(LISTS), vocab)
    examples = examples_for(chosen)
    examples["Settings"] = [dict(setting="default_profile", value=chosen.name)]
    for spec in CONTRACT:
        _data_sheet(book.create_sheet(spec.name), spec, ranges, examples[spec.name])
    book[LISTS].sheet_state = "hidden"
    return atomic_write(Path(path), lambda tmp: book.save(tmp))


def _instructions(ws, vocab: Vocabularies, profile: Profile) -> None:
    ws.title = "Instructions"
    intro = [
        *STARTER["intro"],
        STARTER["profile"].format(
            label=profile.label,
            name=profile.name,
            description=profile.description,
            others=", ".join(n for n in vocab.values["profile"] if n != profile.name),
        ),
    ]
    for line, text in enumerate(intro, start=1):
        set_cell(ws.cell(row=line, column=1), text)
    ws["A1"].font = Font(bold=True, size=14)
    top = len(intro) + 2
    headers = ("sheet", "column", "required", "what to write", "allowed values")
    for c, header in enumerate(headers, start=1):
        set_cell(ws.cell(row=top, column=c), header)
        ws.cell(row=top, column=c).font = Font(bold=True)
    row = top + 1
    for spec in CONTRACT:
        for col in spec.columns:
            allowed = ", ".join(vocab.values[col.vocab]) if col.vocab else ""
            values = (
                spec.name + ("" if spec.required else " (optional sheet)"),
                col.name,
                "yes" if col.required else "",
                _what(col),
                allowed,
            )
            for c, value in enumerate(values, start=1):
                set_cell(ws.cell(row=row, column=c), value)
                ws.cell(row=row, column=c).alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
    for letter, width in zip("ABCDE", (22, 18, 10, 60, 60), strict=True):
        ws.column_dimensions[letter].width = width


def _what(col: Column) -> str:
    kind = STARTER["kinds"][col.kind]
    extra = [col.help] if col.help else []
    if col.unique:
        extra.append(STARTER["unique"])
    if col.references_people:
        extra.append(STARTER["references_people"])
    return " ".join([kind, *extra]).strip()


def _lists(ws, vocab: Vocabularies) -> dict[str, str]:
    """One column per vocabulary; returns vocabulary name → absolute range for a dropdown."""
    ranges = {}
    for c, (name, values) in enumerate(vocab.values.items(), start=1):
        letter = get_column_letter(c)
        set_cell(ws.cell(row=1, column=c), name)
        for r, value in enumerate(values, start=2):
            set_cell(ws.cell(row=r, column=c), value)
        ranges[name] = f"{quote_sheetname(LISTS)}!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def _data_sheet(ws, spec: SheetSpec, ranges: dict[str, str], examples: list[dict]) -> None:
    for c, col in enumerate(spec.columns, start=1):
        cell = ws.cell(row=1, column=c)
        set_cell(cell, col.name)
        cell.font = Font(bold=True)
        if col.required:
            cell.fill = REQUIRED_FILL
        ws.column_dimensions[get_column_letter(c)].width = max(14, len(col.name) + 4)
    ws.freeze_panes = "A2"
    for r, example in enumerate(examples, start=2):
        for c, col in enumerate(spec.columns, start=1):
            value = example.get(col.name)
            if value is not None:
                set_cell(ws.cell(row=r, column=c), value)
                if col.kind == "date":
                    ws.cell(row=r, column=c).number_format = "yyyy-mm-dd"
    for c, col in enumerate(spec.columns, start=1):
        validation = _validation(col, ranges)
        if validation is not None:
            letter = get_column_letter(c)
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(validation)


def _validation(col: Column, ranges: dict[str, str]) -> DataValidation | None:
    """Excel's own check for a column: a dropdown, a number, a whole number or a date."""
    texts = STARTER["validation"]
    kind = col.kind
    if col.references_people:  # a dropdown of the ids typed on the People sheet
        kind = "person"
        ids = [c.name for c in SHEETS["People"].columns].index("person_id") + 1
        letter = get_column_letter(ids)
        people = f"{quote_sheetname('People')}!${letter}$2:${letter}${LAST_ROW}"
        dv = DataValidation(type="list", formula1=people, allow_blank=True)
        dv.errorStyle = "stop"
    elif col.kind == "vocab" and col.vocab:
        dv = DataValidation(type="list", formula1=ranges[col.vocab], allow_blank=True)
        dv.errorStyle = "stop"
    elif col.kind == "ladder" and col.vocab:
        # A warning, not a stop: a value from another profile is advice, not an error.
        dv = DataValidation(type="list", formula1=ranges[col.vocab], allow_blank=True)
        dv.errorStyle = "warning"
    elif col.kind == "number":
        # A warning, not a stop: "$120k" or "40%" typed as text is still read by promopacket.
        dv = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15")
        dv.errorStyle = "warning"
    elif col.kind == "int":
        dv = DataValidation(type="whole", operator="between", formula1="0", formula2="1000000")
        dv.errorStyle = "warning"
    elif col.kind == "date":
        dv = DataValidation(type="date", operator="greaterThan", formula1="1")
        dv.errorStyle = "warning"
    else:
        return None
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.showInputMessage = True
    kind = "vocab" if kind == "ladder" else kind
    dv.errorTitle = texts[kind]["title"]
    dv.error = texts[kind]["error"]
    dv.promptTitle = col.name[:32]
    dv.prompt = (col.help or texts[kind]["error"])[:255]
    return dv
