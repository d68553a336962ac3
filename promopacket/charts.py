"""Charts described as data (assemble.contexts.ChartCtx) → PNG bytes, drawn with matplotlib."""

from __future__ import annotations

import io
import textwrap

# The object-oriented API with the Agg canvas: no pyplot global state (not thread-safe) and
# no display needed on servers and in CI.
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from . import timing

BAR_COLOUR = "#2f5597"
GAP_COLOUR = "#c00000"


def bar_chart_png(
    title: str, labels: list[str], values: list[int], x_label: str, dpi: int = 150
) -> bytes:
    """A horizontal bar chart, one bar per label; a zero bar is marked so a gap stays visible."""
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels but {len(values)} values")
    with timing.stage("chart"):  # inside the render stage: the bench reports it apart
        return _draw(title, labels, values, x_label, dpi)


def _draw(title: str, labels: list[str], values: list[int], x_label: str, dpi: int) -> bytes:
    wrapped = [textwrap.fill(label, 32) for label in labels]
    height = 1.0 + 0.45 * max(len(labels), 1)
    fig = Figure(figsize=(6.5, height), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    positions = list(range(len(labels)))[::-1]  # first label at the top
    ax.barh(positions, values, color=BAR_COLOUR)
    for pos, value in zip(positions, values, strict=True):
        colour = GAP_COLOUR if value == 0 else "black"
        ax.text(value + 0.05, pos, str(value), va="center", fontsize=8, color=colour)
    ax.set_yticks(positions, wrapped, fontsize=8)
    ax.set_xlabel(x_label, fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.set_xlim(0, max([*values, 1]) + 1)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    _fit_margins(fig, wrapped, height)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _fit_margins(fig: Figure, wrapped: list[str], height: float) -> None:
    """What tight_layout does for this one layout, from the labels' measured widths.

    tight_layout lays the whole figure out once more to find its margins: about 40% of a
    chart's cost, paid once per packet. The only variable margin is the left one (the labels).
    """
    renderer = fig.canvas.get_renderer()
    props = FontProperties(size=8)
    widest = max(
        (
            renderer.get_text_width_height_descent(line, props, ismath=False)[0]
            for label in wrapped
            for line in label.splitlines()
        ),
        default=0.0,
    )
    width_in = fig.get_figwidth()
    left = (widest / fig.dpi + 0.2) / width_in  # labels, then the tick marks and a gap
    fig.subplots_adjust(
        left=min(left, 0.6),
        right=1 - 0.35 / width_in,  # room for the value printed after the longest bar
        top=1 - 0.35 / height,  # the title
        bottom=0.45 / height,  # the tick labels and the x label
    )
