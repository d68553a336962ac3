"""Validation that follows each person's profile: the profile chosen for every person, their
competency, lever and archetype checked against it (an unknown value is advice with the closest
one, the entry kept untagged), and the workbook's Settings sheet."""

from __future__ import annotations

from promopacket.core.contract import WORKBOOK_SETTINGS, closest, normalise_name
from promopacket.core.messages import problem_text
from promopacket.core.models import Problem, WorkbookData
from promopacket.profiles.choose import choose_profile, find
from promopacket.profiles.model import Profile


def _advice(raw, sheet: str, row: int, column: str, value: str | None, code: str, **fields):
    message, fix = problem_text(code, value=value, column=column, **fields)
    spec_sheet = raw.sheets.get(sheet)
    return Problem(
        file=raw.file,
        sheet=sheet,
        row=row,
        column=column,
        cell=spec_sheet.cell(column, row) if spec_sheet else None,
        value=value,
        message=message,
        fix=fix.strip(),
        severity="advice",
        code=code,
    )


def _suggest(value: str, allowed: list[str]) -> str:
    near = closest(value, allowed)
    return f"Did you mean '{near}'? " if near else ""


def _workbook_default(raw, data: WorkbookData, profiles: dict[str, Profile]) -> list[Problem]:
    found = []
    for row in data.workbook_settings:
        name, value = row.setting, row.value or ""
        key = normalise_name(name)
        if key not in {normalise_name(s) for s in WORKBOOK_SETTINGS}:
            found.append(
                _advice(
                    raw,
                    "Settings",
                    row.source.row,
                    "setting",
                    name,
                    "unknown_setting",
                    suggestion=_suggest(name, list(WORKBOOK_SETTINGS)),
                    allowed=", ".join(WORKBOOK_SETTINGS),
                )
            )
            continue
        chosen = find(value, profiles)
        if chosen is None:
            found.append(
                _advice(
                    raw,
                    "Settings",
                    row.source.row,
                    "value",
                    value or None,
                    "unknown_profile",
                    detail="the profile matched from their titles, else ml-engineering",
                    suggestion=_suggest(value, list(profiles)),
                    allowed=", ".join(profiles),
                )
            )
        else:
            data.default_profile = chosen
    return found


def apply_profiles(raw, data: WorkbookData, profiles: dict[str, Profile]) -> None:
    """Choose each kept person's profile and check their ladder values against it, in place."""
    data.problems.extend(_workbook_default(raw, data, profiles))
    by_person: dict[str, Profile] = {}
    people = []
    for person in data.people:
        choice = choose_profile(
            profiles,
            column=person.profile,
            target_title=person.target_title,
            current_title=person.current_title,
            workbook_default=data.default_profile,
        )
        if person.profile and choice.how != "column":
            data.problems.append(
                _advice(
                    raw,
                    "People",
                    person.source.row,
                    "profile",
                    person.profile,
                    "unknown_profile",
                    detail=f"{choice.name} ({choice.reason})",
                    suggestion=_suggest(person.profile, list(profiles)),
                    allowed=", ".join(profiles),
                )
            )
        profile = profiles[choice.name]
        update: dict = {"profile": choice.name}
        if person.archetype:
            update["archetype"] = _ladder_value(
                raw, data, "People", person.source.row, "archetype", person.archetype, profile
            )
        people.append(person.model_copy(update=update))
        data.profiles[person.person_id] = choice
        by_person[normalise_name(person.person_id)] = profile
    data.people = people
    kept = []
    for item in data.achievements:
        profile = by_person.get(normalise_name(item.person_id))
        update = {}
        for column in ("competency", "lever"):
            value = getattr(item, column)
            if profile is not None and value:
                update[column] = _ladder_value(
                    raw, data, "Achievements", item.source.row, column, value, profile
                )
        kept.append(item.model_copy(update=update) if update else item)
    data.achievements = kept
    _feedback_expectations(raw, data, by_person)
    # Rows rejected for another reason are checked too, so one run reports everything to fix.
    used = {item.source.row for item in kept}
    sheet = raw.sheets.get("Achievements")
    for row in sheet.rows if sheet else []:
        profile = by_person.get(normalise_name(str(row.values.get("person_id") or "")))
        if row.excel_row in used or profile is None:
            continue
        for column in ("competency", "lever"):
            value = row.values.get(column)
            if isinstance(value, str) and value.strip():
                _ladder_value(
                    raw, data, "Achievements", row.excel_row, column, value.strip(), profile
                )


def _feedback_expectations(raw, data: WorkbookData, by_person: dict[str, Profile]) -> None:
    """Feedback.expectation: an expectation of the person's profile, by its id or its label;
    stored as the id. Anything else is advice at the cell, the quote kept as general feedback."""
    kept = []
    for item in data.feedback:
        profile = by_person.get(normalise_name(item.person_id))
        if profile is None or not item.expectation:
            kept.append(item)
            continue
        ids = {}
        for exp in profile.expectations:
            ids[normalise_name(exp.id)] = exp.id
            ids[normalise_name(exp.label)] = exp.id
        found = ids.get(normalise_name(item.expectation))
        if found is None:
            labels = [e.label for e in profile.expectations]
            data.problems.append(
                _advice(
                    raw,
                    "Feedback",
                    item.source.row,
                    "expectation",
                    item.expectation,
                    "not_in_profile",
                    detail=profile.name,
                    suggestion=_suggest(item.expectation, labels),
                    allowed="; ".join(labels),
                )
            )
        kept.append(item.model_copy(update={"expectation": found}))
    data.feedback = kept


def _ladder_value(raw, data, sheet: str, row: int, column: str, value: str, profile: Profile):
    """The profile's spelling of value; None (untagged) and an advice when it has none."""
    allowed = profile.vocabulary(column)
    keys = {normalise_name(a): a for a in allowed}
    if normalise_name(value) in keys:
        return keys[normalise_name(value)]
    data.problems.append(
        _advice(
            raw,
            sheet,
            row,
            column,
            value,
            "not_in_profile",
            detail=profile.name,
            suggestion=_suggest(value, allowed),
            allowed=", ".join(allowed),
        )
    )
    return None
