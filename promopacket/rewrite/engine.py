"""Choose a template by what a row provides and how its words parse; fill it; score it.

The statement model (statement.py) parses the person's words into opening, verb and object and
builds the action with a verb the facts support; this module adds the measured change (exact
arithmetic), the consequence and the scope through the first matching template. Every number
comes from the row or the arithmetic.
"""

from __future__ import annotations

import re
from decimal import Decimal

from promopacket.core.models import Achievement, Statement
from promopacket.rewrite.arithmetic import (
    Change,
    compute_change,
    format_number,
    is_percent_unit,
    with_unit,
)
from promopacket.rewrite.grammar import (
    DETERMINERS,
    gerund,
    is_past,
    past,
    singular_noun,
    verb_lemma,
)
from promopacket.rewrite.numbers import invented_numbers, normalise_words, numbers_in
from promopacket.rewrite.phrasing import (
    capitalise,
    clean,
    connect,
    scope_phrase,
    tidy,
    upgrade_verb,
)
from promopacket.rewrite.questions import consequence_question, missing_metric_question
from promopacket.rewrite.rules import RuleSet, Template
from promopacket.rewrite.score import Known, opening_verb, score_text
from promopacket.rewrite.statement import (
    Action,
    Parsed,
    action_of,
    give_a_verb,
    ownership_for,
    parse_statement,
    shares_content_word,
    unmeasured_action,
    work_phrase,
)

FACT_FIELDS = ("period", "project", "competency", "lever", "outcome", "scope", "evidence")
GUARD_FLAG = "The generated text held a number not in the row; the original words were kept."
# Openings that say the person took part, not that the work was theirs (statement.py kinds).
PARTICIPATION_KINDS = frozenset({"vague", "contribution", "attempt", "enabling"})
GUARD_LABEL = "your words kept: the rewrite held a number not in the row"
KEPT_LABEL = "your words kept: no rule fits this row"
# Words that name no particular thing: "the fraud model recall" is about the recall.
GENERIC_OBJECT_WORDS = frozenset({"model", "work", "effort", "project", "thing"})
# Verbs that say the person's part, never more than they wrote ("Helped reduce …").
PART_LEMMAS = frozenset({"help", "contribute", "support", "assist"})
PREDICATE_STARTS = ("adopted by", "used by", "reaching", "serving", "covering", "saving")


def present_fields(item: Achievement) -> set[str]:
    names = ("metric", "baseline", "result", "outcome", "unit", "better", "scope")
    return {n for n in names if getattr(item, n) not in (None, "")}


def _matches(
    template: Template,
    present: set[str],
    change: Change | None,
    metric: str,
    action: str,
    value: str | None,
) -> bool:
    when = template.when
    if any(f not in present for f in when.has) or any(f in present for f in when.lacks):
        return False
    if when.direction is not None and (change is None or change.direction not in when.direction):
        return False
    if when.change is not None and (change is None or change.kind not in when.change):
        return False
    if when.metric_like is not None and not any(
        w.lower() in metric.lower() for w in when.metric_like
    ):
        return False
    if when.action is not None and action not in when.action:
        return False
    if when.value is not None and value not in when.value:
        return False
    return True


def choose_template(
    rules: RuleSet,
    item: Achievement,
    change: Change | None,
    action: str = "none",
    value: str | None = None,
) -> Template | None:
    present, metric = present_fields(item), item.metric or ""
    return next(
        (t for t in rules.templates if _matches(t, present, change, metric, action, value)), None
    )


def _singular_words(text: str) -> set[str]:
    words = re.findall(r"[\w@-]+", text.lower())
    return {singular_noun(w) or w for w in words}


def effective_unit(item: Achievement, rules: RuleSet) -> str | None:
    """The unit as it should print: a period the metric names is dropped ("annual cost" with
    "$ per year" → "$"), and a count noun the metric already names is not repeated (metric
    "teams using the feature store", unit "teams" → "from 0 to 4")."""
    unit = clean(item.unit or "")
    metric = (item.metric or "").lower()
    for period, words in rules.period_words.items():
        if unit.lower().endswith(period) and any(w.lower() in metric for w in words):
            unit = unit[: -len(period)].strip()
    if unit and not is_percent_unit(unit) and not unit.startswith(("$", "€", "£", "¥")):
        if metric and _singular_words(unit) <= _singular_words(metric):
            unit = ""
    return unit or None


def is_lag_quality(item: Achievement, rules: RuleSet) -> bool:
    metric = (item.metric or "").lower()

    def named(words: list[str]) -> bool:
        return any(re.search(rf"\b{re.escape(w.lower())}\b", metric) for w in words)

    return (
        item.better == "lower"
        and named(rules.verbs.lag_quality_words)
        and not named(rules.verbs.lag_words)
    )


def direction_verb(rules: RuleSet, item: Achievement) -> str:
    metric = (item.metric or "").lower()
    if is_lag_quality(item, rules):
        return rules.verbs.lower_quality
    if item.better == "higher" and any(w in metric for w in rules.verbs.quality_words):
        return rules.verbs.higher_quality
    return rules.verbs.lower if item.better == "lower" else rules.verbs.higher


def _states_number(text: str, value: Decimal) -> bool:
    shown = numbers_in(format_number(value))
    return bool(shown) and shown <= numbers_in(normalise_words(text))


def _states_change(item: Achievement, change: Change | None) -> bool:
    """The person's words already state the measured change ("Cut p99 from 900 ms to 300 ms",
    "Reduced latency by 40%"): it is not stated a second time."""
    if change is None or item.baseline is None or item.result is None:
        return False
    said = numbers_in(normalise_words(item.statement))
    both = _states_number(item.statement, item.baseline) and _states_number(
        item.statement, item.result
    )
    amount = numbers_in(change.amount)
    return both or (bool(amount) and amount <= said)


def value_kind(
    item: Achievement, action: Action, unit: str | None, change: Change | None = None
) -> tuple[str | None, str, str | None]:
    """How a single value joins the action: (kind, the metric's noun, its participle); 'stated'
    also for a baseline and result the words already state."""
    if item.result is None:
        return None, "", None
    if item.baseline is not None:
        return ("stated" if _states_change(item, change) else None), "", None
    if _states_number(item.statement, item.result):
        return "stated", "", None
    metric = clean(item.metric or "")
    if not metric:
        if unit and _singular_words(unit) <= _singular_words(action.text):
            return "named", "", None
        return "plain", "", None
    if metric.lower().startswith(PREDICATE_STARTS):
        return "predicate", "", None
    words = metric.split()
    money = bool(unit) and unit.startswith(("$", "€", "£", "¥"))
    if len(words) >= 2 and is_past(words[-1]) and (not unit or money):
        noun, participle = " ".join(words[:-1]), words[-1]
        noun = f"of {noun}" if money else noun
        if action.verb_lemma and action.verb_lemma == verb_lemma(participle):
            return "participle-same-verb", noun, participle
        if not money and _counted(action.text, noun, format_number(item.result)):
            return "counted", noun, participle
        return "participle", noun, participle
    return "plain", "", None


def _counted(text: str, noun: str, count: str) -> str | None:
    """ "Ran SQL training for product managers" (18 product managers trained): the words already
    name what was counted, after "for", "to" or "with", so the count goes there ("… for 18
    product managers"); None when they do not."""
    found = re.search(COUNTED_AT + re.escape(noun), text)
    if not found:
        return None
    return (
        f"{text[: found.start()]}{found['prep']} {count} {found['words']}{noun}"
        + text[found.end() :]
    )


# Where a count goes in the person's words: "for|to|with [the] [up to two words] <noun>"
# (a noun of several words is matched whole).
COUNTED_AT = r"\b(?P<prep>for|to|with)\s+(?:the\s+)?(?P<words>(?:[A-Za-z-]+\s+){0,2}?)"


def _fields(
    item: Achievement,
    rules: RuleSet,
    change: Change | None,
    statement: str,
    action: Action,
    unit: str | None,
    value: tuple[str | None, str, str | None],
) -> dict:
    metric = clean(item.metric or "")
    consequence, _ = connect(item.outcome, rules)
    single = with_unit(item.result, unit) if item.result is not None else ""
    baseline = with_unit(item.baseline, unit) if item.baseline is not None else ""
    verb = direction_verb(rules, item)
    lemma = verb_lemma(verb) or verb.lower()
    phrase = ""
    moved = change.moved if change else ""
    if change is not None:
        lag = change.direction == "improved" and (
            is_lag_quality(item, rules) or _improves_a_lower_value(action, item, rules)
        )
        key = "lag_quality" if lag else change.kind
        phrase = getattr(rules.changes, key).format(
            amount=change.amount, before=change.before, after=change.after
        )
        moved = "improved" if lag else moved
    kind, noun, participle = value
    if (
        kind == "participle-same-verb"
        and noun
        and _singular_words(noun) <= _singular_words(action.text)
    ):
        noun = ""
    return {
        "metric": metric,
        "metric_cap": capitalise(metric),
        "statement": statement,
        "action": action.text,
        "consequence": consequence,
        "before": change.before if change else baseline,
        "after": change.after if change else single,
        "amount": change.amount if change else "",
        "change": phrase,
        "moved": moved,
        "better": item.better or "",
        "verb": verb,
        "verb_lower": verb.lower(),
        "verb_ing": gerund(lemma),
        "count": (
            with_unit(item.result, unit)
            if kind and "participle" in kind
            else format_number(item.result)
        )
        if item.result is not None
        else "",
        "noun": f" {noun}" if noun else "",
        "counted": _counted(action.text, noun, format_number(item.result)) or ""
        if kind == "counted" and item.result is not None
        else "",
        "participle_ing": gerund(verb_lemma(participle) or participle) if participle else "",
        "participle_past": past(verb_lemma(participle) or participle) if participle else "",
        "scope_phrase": "",
        "work": action.work,
    }


def _improves_a_lower_value(action: Action, item: Achievement, rules: RuleSet) -> bool:
    """ "Helped improve dashboard freshness" measured as a lag (6 h → 1 h): the person's verb
    names the quality, not which way the value went, so the change reads "from 6 h to 1 h"
    ("improve freshness by 83%" would say the freshness grew)."""
    if action.kind != "same" or item.better != "lower":
        return False
    quality = verb_lemma(rules.verbs.lower_quality) or rules.verbs.lower_quality.lower()
    return action.verb_lemma == quality


def facts_of(item: Achievement) -> dict[str, str]:
    return {n: str(getattr(item, n)) for n in FACT_FIELDS if getattr(item, n) not in (None, "")}


def _action(item: Achievement, rules: RuleSet, statement: str, change: Change | None) -> Action:
    parsed = parse_statement(statement, rules)
    if item.result is None:
        return unmeasured_action(parsed, item, rules)
    improved = change is not None and change.direction == "improved"
    action = action_of(parsed, item, rules, improved)
    if (
        improved
        and item.metric
        and action.kind == "contribution"
        and parsed.kind in ("vague", "contribution")
    ):
        action = _partial(parsed, item, rules)
    if (
        (improved or _verb_says_the_way(action, change, rules))
        and action.kind in ("own", "supported")
        and action.verb_lemma in {v.lower() for v in rules.verbs.change_lemmas}
        and shares_content_word(parsed.obj, item.metric or "")
        and " by " not in f" {parsed.obj} "
    ):
        return Action(action.text, "same", action.support, action.verb_lemma)
    return action


def _verb_says_the_way(action: Action, change: Change | None, rules: RuleSet) -> bool:
    """ "Reduced GPU hours per run" when the value fell, with no better direction given: the
    person's verb already says which way it went, so the values can follow it."""
    if change is None or change.direction != "unknown":
        return False
    way = rules.verbs.falling_lemmas if change.moved == "fell" else rules.verbs.rising_lemmas
    return (action.verb_lemma or "") in {v.lower() for v in way}


def _partial(parsed: Parsed, item: Achievement, rules: RuleSet) -> Action:
    """A measured change the person took part in without a role that grants ownership: their
    part, said plainly ("Helped reduce … in the ML team's data pipeline")."""
    credit = rules.partial_credit
    lemma = verb_lemma(direction_verb(rules, item)) or direction_verb(rules, item).lower()
    if parsed.verb and verb_lemma(parsed.verb) != lemma:
        # "Helped cut cloud spend": their own verb, kept ("…, reducing inference cost by …")
        return Action(capitalise(parsed.words), "own", None, verb_lemma(parsed.verb))
    # "Helped improve the ranking model" (NDCG@10): one "improve", the change, then the work
    role = (item.role or "").lower()
    contributed = parsed.opening_id in credit.contributed_openings or role in {
        r.lower() for r in credit.contributed_roles
    }
    head = (credit.contributed if contributed else credit.helped).format(
        verb=lemma, verb_ing=gerund(lemma)
    )
    text = capitalise(f"{parsed.subject} {head.lower()}".strip()) if parsed.subject else head
    mine, metric = _content(parsed.obj) - GENERIC_OBJECT_WORDS, _content(item.metric or "")
    # "Worked on churn" (metric: monthly churn): the object is the metric itself, said once.
    # "Worked on database replication lag" (metric: replication lag): the metric, said once too.
    said_once = mine and (mine <= metric or (metric and metric <= mine and len(mine - metric) <= 1))
    work = "" if said_once and not parsed.who else work_phrase(parsed, rules)
    return Action(text, "partial", None, "contribute" if contributed else "help", work)


def _metric_once(template: str, fields: dict) -> dict[str, str]:
    """The fields that say the metric once when the person's words before it (the statement,
    or the action made from it) end by naming it: see _metric_said_once."""
    where = {k: template.find(f"{{{k}}}") for k in ("statement", "action")}
    said = [k for k, at in sorted(where.items(), key=lambda kv: kv[1]) if at >= 0]
    if not said or template.find("{metric}") < where[said[0]]:
        return {}
    named = _metric_said_once(fields[said[0]], fields["metric"])
    return {said[0] if k == "statement" else k: v for k, v in named.items()}


def _metric_said_once(statement: str, metric: str) -> dict[str, str]:
    """ "Worked on inference cost" with metric "inference cost per million requests": the
    statement that ends with the metric's first words names the metric whole, once, and the
    clause after it says "it" (not "Worked on inference cost: inference cost per … rose")."""
    said, named = statement.split(), metric.split()
    for n in range(min(len(said), len(named)), 0, -1):
        tail = [w.strip(".,;:").lower() for w in said[-n:]]
        if tail != [w.lower() for w in named[:n]] or not _content(" ".join(named[:n])):
            continue
        rest = named[n:]
        if not rest:  # the metric itself: "Worked on churn: it rose …"
            return {"metric": "it"}
        if rest[0].lower() in METRIC_QUALIFIERS:  # "… cost per million requests: it rose …"
            return {"statement": " ".join([*said, *rest]), "metric": "it"}
        # "Worked on the search API: its error rate rose …" (their object kept as written)
        return {"metric": "its " + " ".join(rest)}
    return _metric_named_within(said, named)


def _metric_named_within(said: list[str], named: list[str]) -> dict[str, str]:
    """ "Rebuilt the batch scoring job on Spark" with metric "scoring job runtime": the words
    name the metric's first two or more words before their end, so the metric says whose it is
    ("…, reducing the job's runtime"), not the words again."""
    lowered = [w.strip(".,;:").lower() for w in said]
    for n in range(min(len(said) - 1, len(named) - 1), 1, -1):
        head, rest = [w.lower() for w in named[:n]], named[n:]
        if rest[0].lower() in METRIC_QUALIFIERS or not _content(" ".join(named[:n])):
            continue
        if any(lowered[i : i + n] == head for i in range(len(said) - n)):
            return {"metric": f"the {named[n - 1]}'s " + " ".join(rest)}
    return {}


# Words that open a qualifier of the metric's noun ("inference cost per million requests").
METRIC_QUALIFIERS = frozenset("per at in for of on across over under".split())


def _content(text: str) -> set[str]:
    return {w for w in _singular_words(text) if len(w) > 2 and w not in DETERMINERS}


def rewrite_achievement(item: Achievement, rules: RuleSet) -> Statement:
    """One achievement → one statement. Every number comes from the row or the arithmetic."""
    unit = effective_unit(item, rules)
    change = None
    if item.baseline is not None and item.result is not None:
        absolute = rules.is_absolute(item.metric or "")
        change = compute_change(item.baseline, item.result, unit, item.better, absolute)
    tidied = give_a_verb(tidy(item.statement, rules), rules)
    statement, upgrade_id = upgrade_verb(tidied, item, rules)
    parsed_words = parse_statement(statement, rules).words
    action = _action(item, rules, statement, change)
    value = value_kind(item, action, unit, change)
    action_kind = "none" if action.kind == "kept" else action.kind
    template = choose_template(rules, item, change, action_kind, value[0])
    weak_before = rules.weak_matches(item.statement)
    measured = item.result is not None
    before = score_text(
        item.statement, rules.strong_verbs, weak_before, Known(measured=measured), rules.subjects
    )
    base = dict(
        person_id=item.person_id,
        source=item.source,
        original=item.statement,
        score_before=before.value,
        reasons_before=before.reasons,
        facts=facts_of(item),
        participation=parse_statement(tidied, rules).kind in PARTICIPATION_KINDS
        and ownership_for(item, rules) is None,
    )
    if template is None:  # no rule fits: keep the person's words, tidied only
        return Statement(
            **base,
            text=tidied,
            rule_id="none",
            rule_label=KEPT_LABEL,
            rewritten=tidied != clean(item.statement),
            score_after=before.value,
            reasons_after=before.reasons,
        )
    fields = _fields(item, rules, change, parsed_words, action, unit, value)
    fields.update(_metric_once(template.template, fields))
    draft = template.template.format(**fields)
    said = draft
    if item.result is not None:  # a scope that restates the result ("6 teams") is said
        said += " " + with_unit(item.result, item.unit)
    fields["scope_phrase"] = scope_phrase(item.scope, said, rules)
    text = capitalise(clean(template.template.format(**fields)))
    derived = list(change.derived) if change else []
    if change is not None and fields["change"] and change.amount not in fields["change"]:
        derived = []  # the phrase states from/to only (a quality measured as a lag)
    review = template.review
    if invented_numbers(text, item, derived):  # defence in depth: never ship an invented number
        text, review, template_id = item.statement, GUARD_FLAG, "guard"
        label = GUARD_LABEL
    else:
        template_id, label = template.id, template.label
    known = Known(
        baseline_and_result=change is not None
        and "{before}" in template.template
        or "{change}" in template.template,
        consequence=bool(fields["consequence"]) and "{consequence}" in template.template,
        scope=bool(item.scope),
        improved=None if change is None else change.direction == "improved",
        measured=measured and not template.needs_metric,
    )
    after = score_text(text, rules.strong_verbs, rules.weak_matches(text), known, rules.subjects)
    needs_metric = template.needs_metric
    question = None
    if needs_metric:
        question = missing_metric_question(item, rules)
    elif not fields["consequence"] and review is None:
        question = consequence_question(item, rules, named=value[0] != "predicate")
    return Statement(
        **base,
        text=text,
        confirm_part=confirm_part(tidied, text, rules),
        rule_id=template_id,
        rule_label=label,
        upgrade_id=upgrade_id,
        ownership_id=action.support,
        rewritten=text != item.statement,
        arithmetic=change.working if change else None,
        derived_numbers=derived,
        score_after=after.value,
        reasons_after=after.reasons,
        needs_metric=needs_metric,
        question=question,
        review_flag=review,
        direction=change.direction if change else None,
    )


def confirm_part(original: str, text: str, rules: RuleSet) -> str | None:
    """The brief's question when the statement's verb claims more than the person wrote."""
    said, wrote = opening_verb(text, rules.subjects), opening_verb(original, rules.subjects)
    said_lemma, wrote_lemma = verb_lemma(said) or said, verb_lemma(wrote) or wrote
    if said_lemma == wrote_lemma or said_lemma in PART_LEMMAS or said == wrote:
        return None
    if said not in {v.lower() for v in rules.ownership_verbs + rules.strong_verbs}:
        return None
    return rules.questions.confirm_part.format(original=clean(original), verb=capitalise(said))


def rewrite_all(items: list[Achievement], rules: RuleSet) -> list[Statement]:
    return [rewrite_achievement(item, rules) for item in items]
