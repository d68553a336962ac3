"""A question for an entry without a metric asks about the entry's own object, and never for a
figure the row already gives."""

import pytest

from promopacket.rewrite import load_rules, rewrite_achievement
from promopacket.settings import Settings
from tests.rewrite.examples import example_achievement

RULES = load_rules(Settings().rules_dir)


@pytest.mark.parametrize(
    "row,about,never",
    [
        (
            dict(
                statement="Led the design review that chose the online feature store, "
                "documenting the trade-offs for three teams",
                competency="Feature engineering pipeline",
            ),
            "decide",
            "feature ingestion",
        ),
        (
            dict(
                statement="Built the self-serve churn dashboard for 25 analysts",
                lever="Build tools and assets",
            ),
            "",
            "How many",
        ),
        (dict(statement="Mentored two data scientists", lever="Develop people"), "", "How many"),
        (
            dict(
                statement="Participated in model governance meetings", competency="Model governance"
            ),
            "meetings",
            "How many models",
        ),
        (
            dict(
                statement="Wrote the on-call runbook", scope="12 services", lever="Share knowledge"
            ),
            "",
            "How many",
        ),
    ],
)
def test_the_question_is_about_the_entry(row, about, never):
    statement = rewrite_achievement(example_achievement(row), RULES)
    assert statement.needs_metric and statement.question
    assert about in statement.question and never not in statement.question


def test_a_count_question_is_kept_when_the_row_gives_no_count():
    row = dict(statement="Helped junior engineers get up to speed", lever="Develop people")
    assert rewrite_achievement(example_achievement(row), RULES).question.startswith("How many")
