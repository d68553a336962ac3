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
        "This is an old-format .xls workbook or a password-protected .xlsx.",
        "Remove any password and save it as 'Excel Workbook (.xlsx)'.",
    ),
    "corrupt": (
        "The workbook cannot be read: it is damaged or incomplete ({detail}).",
        "Re-save it from Excel, or restore it from a backup.",
    ),
    "too_big": (
        "The file is {detail}, above the {limit} MB limit.",
        "Split the workbook, or raise PROMOPACKET_MAX_FILE_MB.",
    ),
    "too_many_rows": (
        "The sheet has {detail} rows, above the limit of {limit}.",
        "Split the sheet across workbooks, or raise PROMOPACKET_MAX_ROWS_PER_SHEET.",
    ),
    "missing_sheet": (
        "The required sheet '{sheet}' is missing.",
        "Add a sheet named '{sheet}' (run 'promopacket init' for a starter workbook).",
    ),
    "missing_column": (
        "The required column '{column}' is missing from the header row of '{sheet}'.",
        "Add a header cell '{column}' in row 1 of '{sheet}'.",
    ),
    "empty_workbook": (
        "The workbook has no data rows in People.",
        "Fill in the People sheet (one row per candidate).",
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
        "Write a plain number, e.g. 40 or 1200.",
    ),
    "not_integer": ("'{value}' is not a whole number.", "Write a whole number, e.g. 18."),
    "not_date": ("'{value}' is not a date.", "Write a date such as 2026-03-15."),
    "not_email": (
        "'{value}' is not an email address.",
        "Write an address such as name@example.com.",
    ),
    "not_in_vocab": (
        "'{value}' is not an allowed {column}.",
        "Use one of the allowed values{detail}.",
    ),
    "no_cached_value": (
        "The formula in this cell has no saved result.",
        "Open the workbook in Excel, let it calculate, and save it.",
    ),
    "too_long": (
        "The text is {detail} characters long, above the limit of {limit}.",
        "Shorten it, or raise PROMOPACKET_MAX_CELL_CHARS.",
    ),
    "person_rejected": (
        "This row belongs to person '{value}', whose People row was rejected.",
        "Fix that person's People row; this row will then be used.",
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
    "unknown_team": (
        "Team '{value}' has no row on the Team sheet.",
        "Add the team to the Team sheet to give the packet its team context.",
    ),
}


def problem_text(code: str, **fields: object) -> tuple[str, str]:
    """The message and fix for a problem code, filled with its fields."""
    message, fix = MESSAGES[code]
    values = {k: ("" if v is None else v) for k, v in fields.items()}
    return message.format_map(_Default(values)), fix.format_map(_Default(values))


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return ""
