"""problems.xlsx: each problem's cell links to that cell of the source workbook."""

from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from promopacket.report.problems import PROBLEM_COLUMNS, write_problems
from promopacket.run.workbooks import load_and_validate
from tests.conftest import achievement, person


def test_problem_cells_link_to_the_source_cell(make_workbook, settings, tmp_path):
    source = make_workbook(
        {
            "People": [person()],
            "Achievements": [achievement(), achievement(better="Lowr")],
        }
    )
    data = load_and_validate(source, settings)
    out = tmp_path / "outputs" / "book" / "problems.xlsx"
    out.parent.mkdir(parents=True)
    write_problems(data.problems, out, {data.file: str(source)})

    sheet = load_workbook(out).active
    column = PROBLEM_COLUMNS.index("cell") + 1
    rows = {sheet.cell(r, column).value: sheet.cell(r, column) for r in range(2, sheet.max_row + 1)}
    link = rows["Achievements!K3"].hyperlink
    assert link.location == "'Achievements'!K3"
    assert (out.parent / link.target).resolve() == Path(source).resolve()  # relative, and right
    # the linked cell holds the value the problem quotes
    assert load_workbook(source)["Achievements"]["K3"].value == "Lowr"
    # without the source's path, no link
    write_problems(data.problems, out)
    cells = load_workbook(out).active[get_column_letter(column)][1:]
    assert cells and all(c.hyperlink is None for c in cells)
