"""Load the shipped profiles and a user's folder over them; every error is `file: key: message`.

A profile file is refused (never half-used) when a key is unknown, a name is duplicated, a rule
has no example, a rule refers to a competency, lever, level or expectation the profile does not
define, or one of its own examples does not hold.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel, ValidationError

from promopacket.core.contract import closest, normalise_name
from promopacket.core.rulefiles import RuleFileError, read_yaml, validation_lines
from promopacket.core.sentence_template import placeholders
from promopacket.profiles import ladder_rules as doc_rules
from promopacket.profiles.choose import profile_for_title
from promopacket.profiles.ladder_rules import matches as evidence_matches
from promopacket.profiles.ladder_rules import threshold_holds
from promopacket.profiles.model import SHIPPED_DEFAULT, Profile


class ProfileError(RuleFileError):
    """One or more profile files cannot be used; each line is `file:line: key: message` (the
    line where the YAML shows it; checks across keys name the file alone)."""


def _label(item: Any) -> str | None:
    if isinstance(item, BaseModel):
        item = item.model_dump()
    if isinstance(item, dict):
        for key in ("id", "name", "objection", "title", "target_title"):
            if isinstance(item.get(key), str):
                return item[key]
    return None


def key_path(data: Any, loc: tuple) -> str:
    """('expectations', 2, 'levers') → "expectations[hiring].levers", naming items by id/name."""
    out, node = "", data
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            name = _label(item)
            out += f"[{name}]" if name else f"[{part}]"
            node = item
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(top level)"


def _message(error: dict) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key (a profile's keys are a closed set; see README 'Role profiles')"
    if error["type"] == "missing":
        return "required key is missing"
    if error["type"] == "too_short" and error["loc"] and error["loc"][-1] == "examples":
        return "at least one example is required"
    return error["msg"].removeprefix("Value error, ")


def read_profile(path: Path) -> Profile:
    """One profile file, validated alone (its own references and examples included)."""
    name = path.name
    try:
        data, text = read_yaml(path, name)
    except RuleFileError as exc:
        raise ProfileError(exc.lines) from None
    if not isinstance(data, dict):
        raise ProfileError([f"{name}: (top level): a profile must be a mapping of keys"])
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(
            validation_lines(name, text, exc, lambda loc: key_path(data, loc), _message)
        ) from None
    lines = [f"{name}: {key}: {msg}" for key, msg in _reference_errors(profile)]
    if profile.name != path.stem:
        lines.insert(0, f"{name}: name: '{profile.name}' must match the file name '{path.stem}'")
    lines += [f"{name}: {key}: {msg}" for key, msg in example_failures(profile)]
    if lines:
        raise ProfileError(lines)
    return profile


def _unknown(value: str, allowed: list[str], what: str) -> str | None:
    if normalise_name(value) in {normalise_name(a) for a in allowed}:
        return None
    near = closest(value, allowed)
    hint = f"; did you mean '{near}'?" if near else f"; the profile's {what}s: {', '.join(allowed)}"
    return f"unknown {what} '{value}'{hint}"


OUTCOMES = ("development plan", "not yet", "needed here now", "vague")
SIGNAL_WORDS = {"count", "strong", "improved", "total", "count_entries", "strong_entries"}
SIGNAL_WORDS |= {"refs", "strong_refs"}


def _reference_errors(p: Profile) -> list[tuple[str, str]]:
    """Names a rule uses that the profile does not define."""
    found: list[tuple[str, str]] = []

    def check(key: str, values: list[str], allowed: list[str], what: str) -> None:
        for value in values:
            problem = _unknown(value, allowed, what)
            if problem:
                found.append((key, problem))

    def matcher(where: str, item) -> None:
        check(f"{where}.levers", item.levers, p.lever_names, "lever")
        check(f"{where}.competencies", item.competencies, p.competency_names, "competency")
        for j, ex in enumerate(getattr(item, "examples", None) or []):
            row = getattr(ex, "row", None)
            if row is not None and row.lever:
                check(f"{where}.examples[{j}].row.lever", [row.lever], p.lever_names, "lever")
            if row is not None and row.competency:
                check(
                    f"{where}.examples[{j}].row.competency",
                    [row.competency],
                    p.competency_names,
                    "competency",
                )

    level_names = [r.name for r in p.levels.rules]
    check("levels.default", [p.levels.default], level_names, "level")
    for i, ex in enumerate(p.levels.examples):
        check(f"levels.examples[{i}].level", [ex.level], level_names, "level")
    for e in p.expectations:
        matcher(f"expectations[{e.id}]", e)
        check(f"expectations[{e.id}].levels", e.levels, level_names, "level")
    for a in p.archetypes:
        matcher(f"archetypes[{a.name}]", a)
    for o in p.objections:
        matcher(f"objections[{o.objection}]", o)
    for s in p.signals:
        matcher(f"signals[{s.id}]", s)
    check("leverage_levers", p.leverage_levers, p.lever_names, "lever")
    for flag in p.flags:
        where = f"flags[{flag.id}].check"
        spec = flag.check
        if isinstance(spec.get("many_small"), dict):
            check(
                where + ".many_small.end_to_end_lever",
                [str(spec["many_small"].get("end_to_end_lever", ""))],
                p.lever_names,
                "lever",
            )
        if isinstance(spec.get("unmeasured_leadership"), list):
            check(
                where + ".unmeasured_leadership",
                spec["unmeasured_leadership"],
                p.lever_names,
                "lever",
            )
        if isinstance(spec.get("competencies_absent"), list):
            check(
                where + ".competencies_absent",
                spec["competencies_absent"],
                p.competency_names,
                "competency",
            )
    plan = p.plan
    check("plan.lever_benefits", list(plan.lever_benefits), p.lever_names, "lever")
    for lever in p.lever_names:
        if lever not in plan.lever_benefits:
            found.append(("plan.lever_benefits", f"lever '{lever}' has no benefit"))
    matcher("plan.highlight_unmeasured", plan.highlight_unmeasured)
    matcher("plan.delegation", plan.delegation)
    for outcome in ("no conversation", *OUTCOMES):
        if outcome not in plan.timelines:
            found.append(("plan.timelines", f"no timeline for '{outcome}'"))
    for key in [*plan.timelines, *plan.horizon_days]:
        if key not in ("no conversation", *OUTCOMES):
            found.append(
                (
                    "plan",
                    f"'{key}' is not a meeting outcome (no conversation, {', '.join(OUTCOMES)})",
                )
            )
    if p.starter is not None:
        for i, row in enumerate(p.starter.achievements):
            if row.competency:
                where = f"starter.achievements[{i}].competency"
                check(where, [row.competency], p.competency_names, "competency")
            if row.lever:
                check(f"starter.achievements[{i}].lever", [row.lever], p.lever_names, "lever")
    for key, text, allowed in _texts(p):
        try:
            used = set(placeholders(text))
        except ValueError as exc:
            found.append((key, str(exc)))
            continue
        if used - allowed:
            names = ", ".join("{" + f + "}" for f in sorted(used - allowed))
            known = ", ".join("{" + f + "}" for f in sorted(allowed)) or "none"
            found.append((key, f"unknown placeholder {names} (allowed: {known})"))
    for key, table, allowed, what in (
        ("questions.by_competency", p.questions.by_competency, p.competency_names, "competency"),
        ("questions.by_lever", p.questions.by_lever, p.lever_names, "lever"),
    ):
        check(key, list(table), allowed, what)
    return found


def _texts(p: Profile):
    """Every worded rule with the placeholders the documents fill in for it."""
    for s in p.signals:
        yield f"signals[{s.id}].signal", s.signal.text, SIGNAL_WORDS
        yield f"signals[{s.id}].gap", s.gap.text, SIGNAL_WORDS
    for f in p.flags:
        yield f"flags[{f.id}].text", f.text.text, {"count", "level"}
    delegation = p.plan.delegation
    yield "plan.delegation.text", delegation.text.text, {"project", "ref"}
    yield "plan.delegation.handover", delegation.handover.text, {"with_name", "date", "commitments"}
    for o in p.objections:
        yield f"objections[{o.objection}].stance", o.stance, set()
    for name, table in (
        ("by_competency", p.questions.by_competency),
        ("by_lever", p.questions.by_lever),
    ):
        for k, q in table.items():
            yield f"questions.{name}[{k}]", q, set()
    for k, benefit in p.plan.lever_benefits.items():
        yield f"plan.lever_benefits[{k}]", benefit, set()


def _patterns(value, where: str):
    """(where, Pattern) for every sentence pattern inside the profile."""
    if isinstance(value, doc_rules.Pattern):
        yield where, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _patterns(getattr(value, name), f"{where}.{name}" if where else name)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _patterns(item, f"{where}[{key}]")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _patterns(item, f"{where}[{_label(item) or i}]")


def matches(rule, row) -> bool:
    """The documents' own evidence matcher, on an example row."""
    return evidence_matches(rule, SimpleNamespace(achievement=row))


def example_failures(p: Profile) -> list[tuple[str, str]]:
    """Each rule's own examples, run: (key, what went wrong). Title examples need the whole set
    of profiles and run in `check_title_examples`."""
    failures: list[tuple[str, str]] = []
    for i, ex in enumerate(p.levels.examples):
        got = p.level(ex.target_title).name
        if got != ex.level:
            failures.append(
                (f"levels.examples[{i}]", f"'{ex.target_title}' gives level {got}, not {ex.level}")
            )
    for group, items in (
        ("expectations", p.expectations),
        ("archetypes", p.archetypes),
        ("objections", p.objections),
    ):
        for item in items:
            where = f"{group}[{_label(item)}]"
            if getattr(item, "compensation", False):
                continue  # answered by the compensation section, not by rows
            if not any(ex.matches for ex in item.examples):
                failures.append((f"{where}.examples", "at least one matching example is required"))
            for j, ex in enumerate(item.examples):
                if matches(item, ex.row) != ex.matches:
                    said = "matches" if matches(item, ex.row) else "does not match"
                    failures.append(
                        (f"{where}.examples[{j}]", f"the row {said}, the example says otherwise")
                    )
    for s in p.signals:
        for j, ex in enumerate(s.examples):
            if threshold_holds(s.threshold, ex.counts) is not ex.holds:
                failures.append(
                    (f"signals[{s.id}].examples[{j}]", f"the threshold does not give {ex.holds}")
                )
    for where, pattern in _patterns(p, ""):
        for j, ex in enumerate(pattern.examples):
            try:
                got = pattern(**ex.values)
            except (KeyError, IndexError, ValueError) as exc:
                failures.append((f"{where}.examples[{j}]", f"cannot be filled ({exc})"))
                continue
            if got != ex.expect:
                failures.append((f"{where}.examples[{j}]", f"gives '{got}'"))
    return failures


def check_title_examples(
    profiles: dict[str, Profile], files: dict[str, str], names: list[str] | None = None
) -> list[str]:
    """Title examples of `names` (default: all) against the whole set: the title picks the
    profile (or, with chosen: false, does not)."""
    lines = []
    for name in profiles if names is None else names:
        for i, ex in enumerate(profiles[name].match.examples):
            got = profile_for_title(ex.title, profiles)
            if (got == name) != ex.chosen:
                lines.append(
                    f"{files[name]}: match.examples[{i}]: '{ex.title}' picks "
                    f"{got or 'no profile'}" + ("" if ex.chosen else f", it must not pick {name}")
                )
    return lines


def _profile_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file() and not p.name.startswith("."))


def load_profiles(rules_dir: Path, profiles_dir: Path | None = None) -> dict[str, Profile]:
    """Shipped profiles (rules_dir/profiles/) with a user's folder over them, by name."""
    lines: list[str] = []
    shipped_dir = Path(rules_dir) / "profiles"
    shipped, files = _read_folder(shipped_dir, lines, name_files=False)
    profiles = dict(shipped)
    users: dict[str, Profile] = {}
    if profiles_dir is not None:
        if not Path(profiles_dir).is_dir():
            raise ProfileError(
                [f"{profiles_dir}: (folder): PROMOPACKET_PROFILES_DIR names no folder"]
            )
        users, user_files = _read_folder(Path(profiles_dir), lines, name_files=True)
        profiles.update(users)  # a user's file replaces a shipped one of that name
        files.update(user_files)
    if not lines:
        # Shipped examples hold among the shipped profiles (a user's ladder may take over their
        # titles on purpose); a user's own examples must hold against the whole set.
        lines += check_title_examples(shipped, files)
        lines += check_title_examples(profiles, files, list(users))
    if SHIPPED_DEFAULT not in profiles and not lines:
        lines.append(f"{shipped_dir}: (folder): the default profile '{SHIPPED_DEFAULT}' is missing")
    if lines:
        raise ProfileError(lines)
    return profiles


def _read_folder(
    folder: Path, lines: list[str], name_files: bool
) -> tuple[dict[str, Profile], dict[str, str]]:
    """Every profile file of a folder; errors go to lines (a user's named with the folder)."""
    found: dict[str, Profile] = {}
    files: dict[str, str] = {}
    for path in _profile_files(folder):
        shown = str(path) if name_files else path.name
        try:
            profile = read_profile(path)
        except ProfileError as exc:
            lines += [f"{folder}/{line}" if name_files else line for line in exc.lines]
            continue
        found[profile.name] = profile
        files[profile.name] = shown
    return found, files


def _stamp(folder: Path | None) -> tuple:
    if folder is None or not Path(folder).is_dir():
        return (str(folder),)
    return tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in _profile_files(Path(folder))
    )


@lru_cache(maxsize=8)
def _cached(rules_dir: Path, profiles_dir: Path | None, stamps: tuple) -> dict[str, Profile]:
    return load_profiles(rules_dir, profiles_dir)


def cached_profiles(rules_dir: Path, profiles_dir: Path | None = None) -> dict[str, Profile]:
    """load_profiles once per process while the files stay as they are (an edit reloads them)."""
    rules_dir = Path(rules_dir)
    profiles_dir = Path(profiles_dir) if profiles_dir is not None else None
    stamps = (_stamp(rules_dir / "profiles"), _stamp(profiles_dir))
    return _cached(rules_dir, profiles_dir, stamps)
