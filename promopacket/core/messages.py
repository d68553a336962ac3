"""Every user-facing problem message and fix, in one place. Keys are problem codes."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # workbook level
    "not_found": ("The file does not exist.", "Check the path."),
    "not_xlsx": (
        "This is not an Excel .xlsx workbook ({detail}).",
        "Open it in Excel or LibreOffice and save it as 'Excel Workbook (.xlsx)'.",
    ),
    "old_xls": (
        "This is an old-format Excel 97-2003 (.xls) workbook.",
        "Open it in Excel or LibreOffice and save it as 'Excel Workbook (.xlsx)'.",
    ),
    "encrypted": (
        "The workbook is password-protected (encrypted), so it cannot be read.",
        "In Excel: File > Info > Protect Workbook > Encrypt with Password, clear the password, "
        "and save it as .xlsx.",
    ),
    "csv_file": (
        "This is a CSV text file, not an Excel workbook.",
        "Open it in Excel, put each table on its own sheet (People, Achievements, Team, "
        "Meetings) and save it as 'Excel Workbook (.xlsx)', or start from 'promopacket init'.",
    ),
    "empty_file": (
        "The file is empty (0 bytes).",
        "Save the workbook again from Excel, or start from 'promopacket init'.",
    ),
    "corrupt": (
        "The workbook cannot be read: it is damaged or incomplete ({detail}).",
        "Re-save it from Excel, or restore it from a backup.",
    ),
    "too_big": (
        "The file is {detail}, above the {limit} MB limit.",
        "Split the workbook, or raise PROMOPACKET_MAX_FILE_MB.",
    ),
    "too_big_unpacked": (
        "The workbook unpacks to {detail}, above the {limit} MB limit.",
        "Split the workbook, or raise PROMOPACKET_MAX_UNPACKED_MB.",
    ),
    "zip_bomb": (
        "The workbook expands to far more data than its size suggests ({detail}).",
        "This is not a normal workbook; re-save it from Excel, or ask who sent it.",
    ),
    "too_many_rows": (
        "The sheet has {detail} rows, above the limit of {limit}.",
        "Split the sheet across workbooks, or raise PROMOPACKET_MAX_ROWS_PER_SHEET.",
    ),
    "not_a_file": (
        "This is not a regular file ({detail}), so it is not read as a workbook.",
        "Pass the workbook file itself (a saved .xlsx), not a folder, pipe or device.",
    ),
    "strict_ooxml": (
        "The workbook is saved as 'Strict Open XML Spreadsheet', which cannot be read.",
        "Open it in Excel and save it as 'Excel Workbook (.xlsx)' (not Strict Open XML).",
    ),
    "duplicate_sheet": (
        "More than one sheet is named like '{sheet}' ({detail}), and they all hold rows.",
        "Keep one sheet named '{sheet}': move the rows of the others into it, then rename or "
        "delete the others.",
    ),
    "duplicate_output": (
        "This workbook's output folder {detail} is also the output folder of {value}.",
        "Rename one of the two workbooks so that their names differ by more than "
        "punctuation, spacing or case.",
    ),
    "missing_sheet": (
        "The required sheet '{sheet}' is missing.",
        "Add a sheet named '{sheet}' (run 'promopacket init' for a starter workbook).",
    ),
    "missing_column": (
        "The required column '{column}' is missing from the header row of '{sheet}'{detail}.",
        "Add a header cell '{column}' to the header row of '{sheet}'{suggestion}.",
    ),
    "empty_workbook": (
        "The workbook has no data rows in People.",
        "Fill in the People sheet (one row per candidate).",
    ),
    # run level (not a problem in a workbook)
    "output_busy": (
        "Another promopacket run is writing to {detail}.",
        "Wait for it to finish, or use a different --outputs folder.",
    ),
    # advice about the workbook's layout
    "sheet_hidden": (
        "The sheet '{sheet}' is hidden; its rows were read all the same.",
        "Unhide it (right-click a sheet tab > Unhide) if that is not what you meant.",
    ),
    "duplicate_sheet_skipped": (
        "The sheet '{value}' is named like '{sheet}' too, but only '{suggestion}' was read "
        "({detail}); the rows of '{value}' are not used.",
        "Move the rows you need into '{suggestion}', then rename or delete '{value}'.",
    ),
    "duplicate_header": (
        "The column '{column}' appears more than once in the header row ({detail}).",
        "Only the first one ({value}) is read; rename or delete the others.",
    ),
    # row level
    "required": ("'{column}' is empty.", "Fill in {column}."),
    "bad_id": (
        "'{value}' is not a valid id.",
        "Use only letters, digits, '.', '_' or '-' (no spaces).",
    ),
    "duplicate": (
        "'{value}' appears more than once in {column}.",
        "Give every row a different {column}, or merge the duplicate rows.",
    ),
    "unknown_person": (
        "person_id '{value}' is not on the People sheet.",
        "Use a person_id from the People sheet, or add that person there.",
    ),
    "not_number": (
        "'{value}' is not a number: {detail}.",
        "Write one plain number, e.g. 40, 1200, 40% or $120k.",
    ),
    "not_integer": ("'{value}' is not a whole number.", "Write a whole number, e.g. 18."),
    "not_date": (
        "'{value}' is not a date: {detail}.",
        "Write a date such as 2026-03-15, 15/03/2026 or 15 Mar 2026.",
    ),
    "not_email": (
        "'{value}' is not an email address.",
        "Write an address such as name@example.com.",
    ),
    "not_in_vocab": (
        "'{value}' is not an allowed {column}.",
        "{suggestion}Allowed values: {detail}.",
    ),
    "no_cached_value": (
        "The formula {value} in this cell has no saved result, so its value is unknown.",
        "Open the workbook in Excel (or LibreOffice), let it calculate, and save it; "
        "or type the value instead of the formula.",
    ),
    "text_cleaned": (
        "This cell held characters a Word document cannot hold, which were left out: {value}.",
        "Check that the text reads as you meant it; retype the cell if something is missing "
        "(a pasted control character or half of an emoji is the usual cause).",
    ),
    "excel_error": (
        "The cell shows the Excel error {value}.",
        "Fix the formula in this cell so that it shows a value, or type the value.",
    ),
    "percent_mixed": (
        "The baseline and result cells are formatted differently ({value}), so it is unclear "
        "whether both are percents.",
        "Format both cells as Percent (Home > Number > %), or both as Number with the unit in "
        "the unit column.",
    ),
    "percent_unit_conflict": (
        "The cell is formatted as a percent but the unit column names another unit: {value}.",
        "Make the unit '%' (or leave it blank), or format the cell as Number.",
    ),
    "currency_unit_conflict": (
        "The cell is formatted as money but the unit column names another unit: {value}.",
        "Write the unit as that currency (e.g. '$' or '$ per year'), or format the cell as Number.",
    ),
    "too_long": (
        "The text is {detail} characters long, above the limit of {limit}.",
        "Shorten it, or raise PROMOPACKET_MAX_CELL_CHARS.",
    ),
    "too_long_column": (
        "The text is {detail} characters long, above the {limit} characters {column} allows.",
        "Keep the passage that matters (at most {limit} characters), word for word; the rest "
        "can stay where it was written.",
    ),
    "repeated_header": (
        "This row repeats the header row ({value}); it is not read as data.",
        "Delete this row (tables pasted one below the other need one header only).",
    ),
    "out_of_range": (
        "'{value}' is outside the range promopacket can work with: {detail}.",
        "Check the value; write it in a smaller unit if it is really this large or small.",
    ),
    "person_rejected": (
        "This row belongs to person '{value}', whose People row was rejected{detail}.",
        "Fix that person's People row; this row will then be used.",
    ),
    "bad_profiles": (
        "The role profiles cannot be used:\n{detail}",
        "Fix the profile file named on each line (see README 'Role profiles'), or unset "
        "PROMOPACKET_PROFILES_DIR.",
    ),
    # advice
    "needs_metric": (
        "No measurement: the statement cannot be quantified.",
        "Add metric, baseline and result (or a single result) from your own records.",
    ),
    "no_outcome": (
        "No outcome: the statement does not say what the change enabled.",
        "Add an outcome, e.g. 'enabling daily retraining'.",
    ),
    "optional_ignored": (
        "{detail} The value is left out; the rest of the person's row is used.",
        "{suggestion}",
    ),
    "not_in_profile": (
        "'{value}' is not one of the {detail} profile's {column} values; the row is kept "
        "without it.",
        "{suggestion}Allowed values: {allowed}.",
    ),
    "unknown_profile": (
        "There is no role profile '{value}'; this person gets {detail}.",
        "{suggestion}Profiles: {allowed}.",
    ),
    "unknown_setting": (
        "'{value}' is not a workbook setting; the row is ignored.",
        "{suggestion}Settings: {allowed}.",
    ),
    "level_months_negative": (
        "months_in_level is {value}; time at a level cannot be negative. The packet leaves it out.",
        "Enter the whole months at the current level, 0 or more.",
    ),
    "level_months_over_tenure": (
        "months_in_level is {value} but tenure_months is {detail}: time at the level cannot be "
        "longer than time in the role as given. The packet leaves it out.",
        "Correct one of the two: months_in_level at most tenure_months.",
    ),
    "unknown_team": (
        "Team '{value}' has no row on the Team sheet.",
        "Add the team to the Team sheet to give the packet its team context.",
    ),
}

MESSAGES.update(
    {
        # --- the committee's decisions, read back from summary.xlsx (run/decisions.py) -----
        "summary_open": (
            "{detail} is open in Excel (its lock file {value} is beside it), so it was read as "
            "last saved and not rewritten this run: nothing typed in it is lost.",
            "Save and close it in Excel, then run again to bring it up to date.",
        ),
        "summary_unreadable": (
            "{detail} could not be opened ({value}), so it was not rewritten: nothing typed in "
            "it is lost. The decisions recorded at the last run (decisions.json) were used.",
            "Close it in any program that holds it and check its permissions, then run again.",
        ),
        "summary_corrupt": (
            "{detail} is not a readable Excel workbook ({value}). It was kept as {sheet} and a "
            "new summary.xlsx written with the decisions recorded at the last run "
            "(decisions.json).",
            "Open the kept copy in Excel; retype any decision made since the last run in the "
            "new summary.xlsx (Calibration, decision and decision_reason).",
        ),
        "summary_no_calibration": (
            "{detail} has no Calibration sheet (renamed or deleted), so no decision could be "
            "read from it. The decisions recorded at the last run (decisions.json) were used.",
            "Type decisions in the Calibration sheet of the new summary.xlsx; the old file is "
            "kept beside it.",
        ),
        "decision_unknown": (
            "'{value}' is not a decision promopacket knows: it was kept as typed, and no "
            "decision letter was written.",
            "Pick promote, not yet or defer from the cell's dropdown.",
        ),
        "decision_orphan": (
            "A decision typed for '{value}' ({detail}), who is no longer among this folder's "
            "people. It is kept in decisions.json and comes back if they return.",
            "Check the person_id (People.person_id); if they left the cycle, nothing to do.",
        ),
        "summary_edited_kept": (
            "{detail} had edits outside the committee's columns ({value}); the file as it was "
            "is kept as {sheet} before the new summary.xlsx was written.",
            "Type decisions in decision and decision_reason, and your own notes in columns you "
            "add to Calibration: those are carried to every new summary.xlsx.",
        ),
    }
)


def problem_text(code: str, **fields: object) -> tuple[str, str]:
    """The message and fix for a problem code, filled with its fields."""
    message, fix = MESSAGES[code]
    values = {k: ("" if v is None else v) for k, v in fields.items()}
    return message.format_map(_Default(values)), fix.format_map(_Default(values))


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return ""


# Texts of the starter workbook (`promopacket init`): its Instructions sheet and Excel's own
# data-validation prompts.
STARTER: dict = {
    "intro": [
        "promopacket starter workbook",
        "Fill in one row per person (People), per achievement (Achievements), per team (Team), "
        "per promotion conversation (Meetings) and per colleague's quote (Feedback). Replace "
        "the two example rows in each sheet.",
        "Header names may be written in any case or spacing; extra columns of your own are "
        "ignored. Yellow headers are required; the others may stay blank.",
        "Numbers may be written as 40, 40%, 1,200 or $120k; dates as dates, 2026-03-15, "
        "15/03/2026 or 15 Mar 2026. Dropdowns show the allowed values.",
        "Check the workbook with: promopacket validate <this file>  (every problem is listed "
        "with its cell and how to fix it).",
    ],
    "profile": "Role profile: {label} ({name}). {description} The competency, lever, "
    "archetype and Feedback expectation dropdowns hold this profile's values; the "
    "People.profile column (or the Settings sheet's default_profile) chooses another per "
    "person: {others}. Blank: chosen from the titles.",
    "kinds": {
        "id": "An id: letters, digits, '.', '_' or '-', no spaces.",
        "text": "Text.",
        "email": "An email address.",
        "int": "A whole number.",
        "number": "A number (40, 40%, 1,200, $120k).",
        "date": "A date.",
        "vocab": "One of the allowed values (pick from the dropdown).",
        "ladder": "A value from the person's role profile (pick from the dropdown).",
    },
    "unique": "Must be different on every row.",
    "references_people": "Must be a person_id from the People sheet.",
    "validation": {
        "vocab": {"title": "Not an allowed value", "error": "Pick a value from the list."},
        "person": {
            "title": "Not a person in People",
            "error": "Pick a person_id from the People sheet (add the person there first).",
        },
        "number": {"title": "Not a number", "error": "Write one number, e.g. 40 or 1200."},
        "int": {"title": "Not a whole number", "error": "Write a whole number, e.g. 18."},
        "date": {"title": "Not a date", "error": "Write a date such as 2026-03-15."},
    },
}
