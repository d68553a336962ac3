"""The Feedback sheet's bad inputs (issue 26 part 1), in the corpus's shape: each ends as a
located problem or as literal text in a document, nothing lost, no traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import feedback, person
from tests.hardening.corpus import Case, _book

# Quotes that look like formulas, templates or markup: each is used, and comes out as written.
LITERAL_QUOTES = (
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "-2+3 is what she said",
    "{{ 7*7 }} {% if true %}yes{% endif %} {{ config }}",
    "<b>bold</b> & <script>x</script> “curly” 'single'",
)


def _bad_feedback(folder: Path) -> Path:
    return _book(
        folder,
        "feedback-bad-rows.xlsx",
        Feedback=[
            feedback(),  # a good row: the person's packet still shows it
            feedback(relationship="pear"),
            feedback(relationship="boss"),
            feedback(person_id="ghost"),
            feedback(person_id="../p1"),
            feedback(quote=None),
            feedback(quote="   "),
            feedback(from_name=None),
            feedback(date="31/02/2026"),
            feedback(date="15 Mar"),  # no year: refused, not guessed
            feedback(date=None),
            feedback(date=dt.date(1066, 10, 14)),
            feedback(quote="She made it work. " * 80),  # 1,440 characters: over the cap
            feedback(expectation="Model governance and XAI"),  # advice: kept, as general
        ],
    )


def _literal_feedback(folder: Path) -> Path:
    return _book(
        folder,
        "feedback-literal-text.xlsx",
        Feedback=[
            feedback(quote=text, from_name=f"Colleague {i}")
            for i, text in enumerate(LITERAL_QUOTES)
        ]
        + [feedback(from_name="=1+1", from_role="{{ role }}", quote="Fine.")],
    )


def _uncached_formula_quote(folder: Path) -> Path:
    path = _book(folder, "feedback-uncached-formula.xlsx", Feedback=[feedback(), feedback()])
    book = load_workbook(path)
    ws = book["Feedback"]
    ws["F3"] = '=CONCATENATE("a","b")'  # a real formula, saved with no result
    ws["F3"].data_type = "f"
    book.save(path)
    return path


def _rejected_person_feedback(folder: Path) -> Path:
    """A People row rejected (no name) takes its Feedback rows with it, each reported."""
    return _book(
        folder,
        "feedback-rejected-person.xlsx",
        People=[person(), person(person_id="p2", name=None)],
        Feedback=[feedback(), feedback(person_id="p2"), feedback(person_id="P2 ")],
    )


def _feedback_without_quote_column(folder: Path) -> Path:
    row = feedback()
    row.pop("quote")
    path = _book(folder, "feedback-no-quote-column.xlsx", Feedback=[row])
    book = load_workbook(path)
    ws = book["Feedback"]
    ws.delete_cols(6)  # the quote column, header and all
    book.save(path)
    return path


def _feedback_only_required_columns(folder: Path) -> Path:
    row = {k: v for k, v in feedback().items() if k != "from_role"}
    path = _book(folder, "feedback-required-only.xlsx", Feedback=[row])
    book = load_workbook(path)
    book["Feedback"].delete_cols(3)  # from_role, the only optional column written
    book.save(path)
    return path


FEEDBACK_CASES: tuple[Case, ...] = (
    Case(
        "feedback-bad-rows",
        _bad_feedback,
        row_codes=frozenset(
            {
                "not_in_vocab",
                "unknown_person",
                "bad_id",
                "required",
                "not_date",
                "out_of_range",
                "too_long_column",
                "not_in_profile",
            }
        ),
        documents=True,
    ),
    Case("feedback-formula-and-template-text", _literal_feedback, documents=True),
    Case(
        "feedback-formula-without-cached-value",
        _uncached_formula_quote,
        row_codes=frozenset({"no_cached_value"}),
        documents=True,
    ),
    Case(
        "feedback-of-a-rejected-person",
        _rejected_person_feedback,
        row_codes=frozenset({"required", "person_rejected"}),
        documents=True,
    ),
    Case("feedback-missing-its-quote-column", _feedback_without_quote_column, "missing_column"),
    Case("feedback-with-required-columns-only", _feedback_only_required_columns, documents=True),
)
