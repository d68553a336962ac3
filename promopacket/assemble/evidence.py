"""One person's evidence: each achievement with its rewritten statement, grouped and ranked."""

from __future__ import annotations

from dataclasses import dataclass

from ..contract import normalise_name
from ..models import Achievement, Statement, Team
from ..rewrite.arithmetic import with_unit
from .contexts import GroupCtx, LeverCtx, StatementCtx
from .rules import Matcher


@dataclass(frozen=True)
class Evidence:
    achievement: Achievement
    statement: Statement
    row: StatementCtx

    @property
    def score(self) -> int:
        return self.statement.score_after

    @property
    def measured(self) -> bool:
        """The row gives a baseline and a result: a measured change."""
        return self.achievement.baseline is not None and self.achievement.result is not None

    @property
    def improved(self) -> bool:
        """A measured change in the direction the row says is better."""
        item = self.achievement
        if not self.measured or item.better is None or item.result == item.baseline:
            return False
        return (item.result < item.baseline) == (item.better == "lower")


def _metric_cell(item: Achievement, missing: str) -> str:
    metric = (item.metric or "").strip()
    if item.baseline is not None and item.result is not None:
        before, after = with_unit(item.baseline, item.unit), with_unit(item.result, item.unit)
        return f"{metric}: {before} → {after}".strip(": ")
    if item.result is not None:
        return f"{metric}: {with_unit(item.result, item.unit)}".strip(": ")
    return metric or missing


def collect(
    achievements: list[Achievement], statements: list[Statement], missing: str
) -> list[Evidence]:
    """Pair each statement with the achievement row it was written from."""
    by_row = {a.source.row: a for a in achievements}
    evidence = []
    for s in statements:
        item = by_row[s.source.row]
        row = StatementCtx(
            period=item.period,
            project=item.project,
            text=s.text,
            original=s.original,
            rewritten=s.rewritten,
            rule_id=s.rule_id,
            score_before=s.score_before,
            score_after=s.score_after,
            needs_metric=s.needs_metric,
            question=s.question,
            competency=item.competency,
            lever=item.lever,
            metric=_metric_cell(item, missing),
            source=f"{s.source.sheet} row {s.source.row}",
        )
        evidence.append(Evidence(item, s, row))
    return evidence


def in_names(value: str | None, names: list[str]) -> bool:
    return bool(value) and normalise_name(value) in {normalise_name(n) for n in names}


def matches(matcher: Matcher, ev: Evidence) -> bool:
    """A row is evidence for a matcher by its lever, its competency or a keyword in its words."""
    item = ev.achievement
    if in_names(item.lever, matcher.levers) or in_names(item.competency, matcher.competencies):
        return True
    words = " ".join(
        x for x in (item.statement, item.project, item.outcome, item.scope, item.metric) if x
    ).casefold()
    return any(k.casefold() in words for k in matcher.keywords)


def ranked(evidence: list[Evidence]) -> list[Evidence]:
    """Strongest first; ties keep workbook order."""
    return sorted(evidence, key=lambda ev: -ev.score)


def groups(evidence: list[Evidence], field: str, order: list[str], untagged: str) -> list[GroupCtx]:
    """Group rows by competency or lever, in vocabulary order, untagged rows last."""
    keyed: dict[str, list[StatementCtx]] = {}
    label: dict[str, str] = {}
    for ev in evidence:
        value = getattr(ev.achievement, field)
        key = normalise_name(value) if value else ""
        keyed.setdefault(key, []).append(ev.row)
        label.setdefault(key, value or untagged)
    rank = {normalise_name(n): i for i, n in enumerate(order)}
    keys = sorted(keyed, key=lambda k: (k == "", rank.get(k, len(rank))))
    return [GroupCtx(name=label[k], rows=keyed[k]) for k in keys]


def lever_table(evidence: list[Evidence], levers: list[str]) -> list[LeverCtx]:
    """All eight levers, each with its evidence count and strongest statement."""
    table = []
    for lever in levers:
        rows = ranked([ev for ev in evidence if in_names(ev.achievement.lever, [lever])])
        table.append(
            LeverCtx(name=lever, count=len(rows), strongest=rows[0].row.text if rows else None)
        )
    return table


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _lower_first(text: str) -> str:
    """'Search and…' → 'search and…', but 'ML platform' stays as written."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def top_competencies(evidence: list[Evidence], order: list[str], limit: int) -> list[str]:
    counts: dict[str, list[int]] = {}
    for ev in evidence:
        if ev.achievement.competency:
            counts.setdefault(ev.achievement.competency, []).append(ev.score)
    rank = {normalise_name(n): i for i, n in enumerate(order)}
    best = sorted(
        counts,
        key=lambda c: (-len(counts[c]), -sum(counts[c]), rank.get(normalise_name(c), len(rank))),
    )
    return best[:limit]


def proven_results(evidence: list[Evidence], limit: int) -> list[str]:
    """The strongest measured improvements, in the statements' own words (no new numbers)."""
    best = [ev for ev in ranked(evidence) if ev.improved and not ev.row.needs_metric]
    return [_lower_first(ev.row.text.rstrip(".")) for ev in best[:limit]]


def value_proposition(
    evidence: list[Evidence], team: Team | None, person, wording: dict, order: list[str]
) -> str:
    skills = top_competencies(evidence, order, wording["top_skills"])
    skills_text = join_words(skills) or wording["skills_fallback"].format(
        current_title=person.current_title
    )
    if team and team.mission:
        mission = _lower_first(team.mission.strip().rstrip("."))
        if team.priorities:
            mission = wording["mission_with_priorities"].format(
                mission=mission, priorities=team.priorities.strip()
            )
    else:
        mission = wording["mission_fallback"].format(team=person.team)
    results = proven_results(evidence, wording["top_results"])
    results_text = (
        wording["results_phrase"].format(items="; and ".join(results))
        if results
        else wording["results_fallback"]
    )
    return wording["value_proposition"].format(
        skills=skills_text, mission=mission, results=results_text
    )
