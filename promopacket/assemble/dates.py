"""Dates a meeting's notes give ("until March", "after the Q2 launch", "mid-2027"), resolved with
dateutil, and dates said as passed when the documents are built after them.

A horizon is the earliest day the person met would revisit the move: a handover or checkpoint
the documents propose is never before it. A named month, quarter or season is the next one that
has not ended at the meeting.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from promopacket.core.sentence_template import fill

COUNTS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12}
SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
PART_END = {"early": 3, "mid": 6, "end of": 12, "late": 12}  # the month a part of a year ends in


class Horizon(NamedTuple):
    date: dt.date
    phrase: str  # in words, for the letter ("in 6 months", "at the end of March")
    rule_id: str
    deadline: bool  # a named point in the calendar (kept as is), not a span from the meeting


def add_months(day: dt.date, months: int) -> dt.date:
    return day + relativedelta(months=months)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1) + relativedelta(day=31)


def _next_year(meeting: dt.date, month: int, year: str | None, last_day: dt.date) -> int:
    """The year of the next such period that has not ended at the meeting (or the one named)."""
    if year:
        return int(year)
    return meeting.year + (last_day.replace(year=meeting.year) < meeting)


def named_month(name: str, meeting: dt.date, year: str | None, edge: str) -> dt.date:
    """'March' → the end of the next March (edge 'start': its first day)."""
    month = date_parser.parse(name, default=dt.datetime(meeting.year, 1, 1)).month
    year_of = _next_year(meeting, month, year, month_end(meeting.year, month))
    return dt.date(year_of, month, 1) if edge == "start" else month_end(year_of, month)


def quarter_end(quarter: int, meeting: dt.date, year: str | None) -> dt.date:
    month = quarter * 3
    return month_end(_next_year(meeting, month, year, month_end(meeting.year, month)), month)


def season(name: str, meeting: dt.date, year: str | None, edge: str) -> dt.date:
    """'before the summer' (edge 'start') → the day before 1 June; 'after' (end) → 31 August."""
    start_month = SEASON_START[name.lower()]
    end = dt.date(meeting.year, start_month, 1) + relativedelta(months=3, days=-1)
    year_of = int(year) if year else meeting.year + (end < meeting)
    first = dt.date(year_of, start_month, 1)
    return (
        first - relativedelta(days=1)
        if edge == "start"
        else first + relativedelta(months=3, days=-1)
    )


def part_of_year(part: str, year: str) -> dt.date:
    """'mid-2027' → 30 June 2027; 'early' the end of March, 'late'/'end of' 31 December."""
    return month_end(int(year), PART_END[" ".join(part.lower().split()).rstrip("-")])


def resolve(rule, groups: dict[str, str], meeting: dt.date) -> tuple[dt.date, bool]:
    """The date a matched horizon rule names, and whether it is a deadline."""
    year = groups.get("year")
    if "count" in groups:
        count = COUNTS.get(groups["count"].lower()) or int(groups["count"])
        unit = groups["unit"].lower().rstrip("s")
        if unit == "week":
            return meeting + relativedelta(weeks=count), False
        return meeting + relativedelta(months=count * UNIT_MONTHS[unit]), False
    if "quarter" in groups:
        return quarter_end(int(groups["quarter"]), meeting, year), True
    if "month" in groups:
        return named_month(groups["month"], meeting, year, rule.edge), True
    if "season" in groups:
        return season(groups["season"], meeting, year, rule.edge), True
    if "part" in groups:
        return part_of_year(groups["part"], year or str(meeting.year)), True
    if rule.until == "year_end":
        return dt.date(meeting.year, 12, 31), True
    if rule.until == "next_year":
        return dt.date(meeting.year + 1, 1, 1), True
    return meeting + relativedelta(months=rule.months or 0), False


def horizon(text: str, meeting: dt.date, rules) -> Horizon | None:
    """The date a note gives for the next step (the first rule that matches), or None."""
    for rule in rules.horizons:
        match = re.search(rule.pattern, text or "", re.IGNORECASE)
        if not match:
            continue
        groups = {k: v for k, v in match.groupdict().items() if v}
        day, deadline = resolve(rule, groups, meeting)
        phrase = fill(rule.phrase, groups) or rule.phrase
        return Horizon(day, phrase, rule.id, deadline)
    return None


def passed(day: dt.date, today: dt.date) -> bool:
    return day < today
