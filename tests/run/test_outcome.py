"""Which outcome a run has, and its message: counts only."""

from promopacket.build.results import PersonResult, WorkbookResult
from promopacket.core.models import Problem, SheetCount
from promopacket.run.outcome import run_outcome


def _workbook(people=("ok",), rejected=0, failed=False, advice=0):
    problems = [
        Problem(file="t.xlsx", message="m", fix="f", severity="row") for _ in range(rejected)
    ] + [Problem(file="t.xlsx", message="m", fix="f", severity="advice") for _ in range(advice)]
    return WorkbookResult(
        file="t.xlsx",
        output_dir="out",
        failed=failed,
        counts={"Achievements": SheetCount(read=3, used=3 - rejected, rejected=rejected)},
        problems=problems,
        people=[
            PersonResult(person_id=f"p{i}", workbook="t.xlsx", status=s)
            for i, s in enumerate(people)
        ],
    )


def test_advice_only_is_completed():
    outcome = run_outcome([_workbook(people=("ok", "unchanged"), advice=2)])
    assert (outcome.kind, outcome.state_name) == ("completed", "Completed")
    assert outcome.message == (
        "1 workbook; 2 people: 1 written, 1 unchanged, 0 failed; 0 rows rejected; "
        "0 blocking problems"
    )


def test_rejected_rows_are_completed_with_problems():
    outcome = run_outcome([_workbook(rejected=2)])
    assert (outcome.kind, outcome.state_name) == ("problems", "Completed with problems")
    assert "1 person: 1 written" in outcome.message and "2 rows rejected" in outcome.message


def test_a_failed_person_or_workbook_fails_the_run():
    assert run_outcome([_workbook(people=("ok", "failed"))]).state_name == "Failed"
    outcome = run_outcome([_workbook(), _workbook(people=(), failed=True)])
    assert outcome.state_name == "Failed"
    assert outcome.message.startswith("2 workbooks (1 not processed); 1 person:")
