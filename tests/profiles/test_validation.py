"""Validation follows each person's profile: their ladder's vocabulary, advice (not rejection)
for an unknown competency or lever and for a bad optional People value, root causes first."""

from __future__ import annotations

from promopacket.core.problems import sorted_problems
from promopacket.read.workbook import read_workbook
from promopacket.validate.records import validate_workbook
from tests.conftest import achievement, person, team


def _validate(path, settings):
    return validate_workbook(read_workbook(path, settings), settings)


def _data_engineer(**overrides):
    return person(
        person_id="dana",
        name="Dana Kim",
        current_title="Senior Data Engineer",
        target_title="Staff Data Engineer",
        team="Data Platform",
        **overrides,
    )


def test_a_data_engineer_is_checked_against_the_data_ladder(make_workbook, settings):
    path = make_workbook(
        {
            "People": [_data_engineer(tenure_months=41)],
            "Achievements": [
                achievement(person_id="dana", competency="data modelling", lever="Develop people")
            ],
            "Team": [team(team="Data Platform")],
        }
    )
    data = _validate(path, settings)
    assert [p for p in data.problems if p.blocking] == []
    assert data.achievements[0].competency == "Data modelling"  # the profile's spelling
    choice = data.profiles["dana"]
    assert (choice.name, choice.how, choice.level) == ("data-engineering", "target_title", "Staff")
    assert data.people[0].profile == "data-engineering"


def test_unknown_competency_and_lever_are_advice_and_the_entry_is_kept(make_workbook, settings):
    path = make_workbook(
        {
            "People": [_data_engineer()],
            "Achievements": [
                achievement(
                    person_id="dana", competency="Data modeling", lever="Own the ML systems"
                )
            ],
        }
    )
    data = _validate(path, settings)
    assert data.counts["Achievements"].used == 1 and data.counts["Achievements"].rejected == 0
    kept = data.achievements[0]
    assert kept.competency is None and kept.lever is None  # untagged, not rejected
    by_column = {p.column: p for p in data.problems if p.code == "not_in_profile"}
    assert by_column["competency"].severity == "advice"
    assert by_column["competency"].cell == "Achievements!E2"
    assert "data-engineering profile" in by_column["competency"].message
    assert by_column["competency"].fix.startswith("Did you mean 'Data modelling'?")
    assert by_column["lever"].fix.startswith("Did you mean 'Own the team's systems'?")


def test_ml_vocabulary_for_an_ml_engineer_stays_valid(make_workbook, settings):
    path = make_workbook(
        {
            "People": [person()],
            "Achievements": [achievement(competency="MLOps", lever="Own the team's ML systems")],
        }
    )
    data = _validate(path, settings)
    assert [p.code for p in data.problems] == []
    assert data.profiles["p1"].name == "ml-engineering"


def test_bad_optional_people_values_are_advice_on_their_cells(make_workbook, settings):
    path = make_workbook(
        {
            "People": [
                person(archetype="Wizard", email="not-an-address", tenure_months="three years")
            ],
            "Achievements": [achievement(), achievement(project="Second")],
        }
    )
    data = _validate(path, settings)
    assert [p for p in data.problems if p.blocking] == []
    assert data.counts["People"].used == 1 and data.counts["Achievements"].used == 2
    kept = data.people[0]
    assert (kept.archetype, kept.email, kept.tenure_months) == (None, None, None)
    advice = {p.column: p for p in data.problems if p.sheet == "People"}
    assert set(advice) == {"archetype", "email", "tenure_months"}
    assert all(p.severity == "advice" for p in advice.values())
    assert advice["email"].cell.startswith("People!") and advice["email"].value == "not-an-address"
    assert "left out" in advice["email"].message and "name@example.com" in advice["email"].fix
    assert "not one of the ml-engineering profile's archetype values" in (
        advice["archetype"].message
    )
    assert "Tech Lead" in advice["archetype"].fix


def test_root_cause_first_and_cascaded_rows_name_it(make_workbook, settings):
    path = make_workbook(
        {
            "People": [person(name=None)],
            "Achievements": [achievement(), achievement(project="B"), achievement(project="C")],
        }
    )
    data = _validate(path, settings)
    blocking = [p for p in sorted_problems(data.problems) if p.blocking]
    assert blocking[0].code == "required" and blocking[0].sheet == "People"
    cascaded = blocking[1:]
    assert [p.code for p in cascaded] == ["person_rejected"] * 3
    assert all("People!B2: 'name' is empty" in p.message for p in cascaded)
    assert data.problems == sorted_problems(data.problems)  # validation keeps that order too


def test_profile_column_then_workbook_default(make_workbook, settings):
    path = make_workbook(
        {
            "People": [
                person(person_id="a", profile="SRE"),
                person(person_id="b", profile="Site reliability"),
                person(person_id="c", current_title="Senior Engineer", target_title="Staff"),
            ],
            "Achievements": [achievement(person_id="a", competency="SLOs & error budgets")],
            "Settings": [dict(setting="default_profile", value="software-engineering")],
        }
    )
    data = _validate(path, settings)
    assert (data.profiles["a"].name, data.profiles["a"].how) == ("sre", "column")
    assert data.achievements[0].competency == "SLOs & error budgets"
    # An unknown profile name is advice; the titles choose instead.
    assert (data.profiles["b"].name, data.profiles["b"].how) == ("ml-engineering", "target_title")
    unknown = next(p for p in data.problems if p.code == "unknown_profile")
    assert unknown.severity == "advice" and unknown.cell == "People!O3"
    assert "this person gets ml-engineering (matched from the target title)" in unknown.message
    assert (data.profiles["c"].name, data.profiles["c"].how) == ("software-engineering", "workbook")
    assert data.profiles["c"].level == "Staff"
    assert data.counts["Settings"].used == 1


def test_unknown_setting_and_default_are_advice(make_workbook, settings):
    path = make_workbook(
        {
            "People": [person(current_title="Engineer", target_title="Lead")],
            "Achievements": [achievement()],
            "Settings": [
                dict(setting="default_profil", value="sre"),
                dict(setting="default_profile", value="backend"),
            ],
        }
    )
    data = _validate(path, settings)
    codes = {(p.column, p.code, p.severity) for p in data.problems}
    assert ("setting", "unknown_setting", "advice") in codes
    assert ("value", "unknown_profile", "advice") in codes
    assert data.profiles["p1"].how == "default"


def test_a_header_row_pasted_again_is_rejected_even_when_its_first_column_is_optional(
    make_workbook, settings
):
    header = {k: k for k in ["email", *person()]}
    path = make_workbook(
        {"People": [person(), header], "Achievements": [achievement()]},
        headers={"People": ["email", *person()]},
    )
    data = _validate(path, settings)
    assert [p.person_id for p in data.people] == ["p1"]
    assert any(p.code == "repeated_header" and p.blocking for p in data.problems)


def test_an_excel_error_in_an_optional_people_cell_is_advice(make_workbook, settings):
    path = make_workbook(
        {"People": [person(tenure_months="#DIV/0!")], "Achievements": [achievement()]}
    )
    data = _validate(path, settings)
    (problem,) = [p for p in data.problems if p.code == "excel_error"]
    assert problem.severity == "advice" and data.people[0].tenure_months is None
