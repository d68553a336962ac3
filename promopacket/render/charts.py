"""Charts described as data (assemble.contexts.ChartCtx) → PNG bytes, drawn with matplotlib."""

from __future__ import annotations

import struct
import textwrap
import threading
import zlib
from collections import OrderedDict

# The object-oriented API with the Agg canvas: no pyplot global state (not thread-safe) and
# no display needed on servers and in CI.
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from promopacket.core import timing

BAR_COLOUR = "#2f5597"
GAP_COLOUR = "#c00000"
BAR_HEIGHT = 0.8  # what ax.barh draws by default


def bar_chart_png(
    title: str, labels: list[str], values: list[int], x_label: str, dpi: int = 150
) -> bytes:
    """A horizontal bar chart, one bar per label; a zero bar is marked so a gap stays visible."""
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels but {len(values)} values")
    with timing.stage("chart"):  # inside the render stage: the bench reports it apart
        return _draw(title, labels, values, x_label, dpi)


class _Frame:
    """Everything of a chart but its bars and their values, drawn once and reused.

    Every packet of a cohort draws the same chart frame (the role's expectations, the title,
    the axis label): text is most of a chart's cost, so the frame is drawn once per process
    and each chart only blits its bars and numbers onto a copy of it (matplotlib's blitting).
    """

    def __init__(self, title: str, labels: list[str], x_label: str, dpi: int):
        wrapped = [textwrap.fill(label, 32) for label in labels]
        height = 1.0 + 0.45 * max(len(labels), 1)
        self.fig = Figure(figsize=(6.5, height), dpi=dpi)
        FigureCanvasAgg(self.fig)
        self.ax = ax = self.fig.subplots()
        self.positions = list(range(len(labels)))[::-1]  # first label at the top
        ax.set_yticks(self.positions, wrapped, fontsize=8)
        ax.set_ylim(-0.4 - 0.05 * len(labels), len(labels) - 0.6 + 0.05 * len(labels))
        ax.set_xticks([])  # the value is printed after each bar: the x scale can vary freely
        ax.set_xlabel(x_label, fontsize=8)
        ax.set_title(title, fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
        _fit_margins(self.fig, wrapped, height)
        self.fig.canvas.draw()
        self.background = self.fig.canvas.copy_from_bbox(self.fig.bbox)

    def png(self, values: list[int]) -> bytes:
        """The frame with these bars and values drawn on it.

        The bars and numbers are drawn straight onto the canvas, never added to the axes:
        ax.barh's bookkeeping (data limits, patch transforms) was a third of a chart's cost.
        """
        canvas, ax = self.fig.canvas, self.ax
        canvas.restore_region(self.background)
        ax.set_xlim(0, max([*values, 1]) + 1)
        renderer = canvas.get_renderer()
        for pos, value in zip(self.positions, values, strict=True):
            bar = Rectangle(
                (0, pos - BAR_HEIGHT / 2), value, BAR_HEIGHT, facecolor=BAR_COLOUR, linewidth=0
            )
            label = Text(
                value + 0.05,
                pos,
                str(value),
                va="center",
                fontsize=8,
                color=GAP_COLOUR if value == 0 else "black",
            )
            for artist in (bar, label):
                artist.set_figure(self.fig)
                artist.set_transform(ax.transData)
                artist.set_clip_box(ax.bbox) if artist is bar else None
                artist.draw(renderer)
        return _png(np.asarray(canvas.buffer_rgba()), self.fig.dpi)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(rgba: np.ndarray, dpi: float) -> bytes:
    """An RGB PNG of the canvas, written directly: rows unfiltered, zlib level 1.

    PIL's encoder tries a filter per row and its default zlib level: two thirds of a chart's
    time for this mostly white picture. This one is about 5% larger and several times faster.
    """
    height, width, _ = rgba.shape
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # each row: filter byte 0, RGB
    rows[:, 1:].reshape(height, width, 3)[...] = rgba[:, :, :3]
    per_metre = round(dpi / 0.0254)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
            _png_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)),
            _png_chunk(b"IEND", b""),
        )
    )


_FRAMES: OrderedDict[tuple, _Frame] = OrderedDict()
_FRAMES_KEPT = 8  # distinct (title, labels, axis label, dpi) frames kept per process
_FRAMES_LOCK = threading.Lock()  # a frame is one figure: one chart at a time on it
# Charts already drawn, by content: a rerun, `watch`, or people with the same counts reuse the
# PNG. Small: about 75 KB a chart.
_PNGS: OrderedDict[tuple, bytes] = OrderedDict()
_PNGS_KEPT = 64


def _draw(title: str, labels: list[str], values: list[int], x_label: str, dpi: int) -> bytes:
    key = (title, tuple(labels), x_label, dpi)
    with _FRAMES_LOCK:
        png = _PNGS.get((key, tuple(values)))
        if png is None:
            png = _PNGS[(key, tuple(values))] = _framed(key, values)
            if len(_PNGS) > _PNGS_KEPT:
                _PNGS.popitem(last=False)
        return png


def _framed(key: tuple, values: list[int]) -> bytes:
    frame = _FRAMES.get(key)
    if frame is None:
        title, labels, x_label, dpi = key
        frame = _FRAMES[key] = _Frame(title, list(labels), x_label, dpi)
        if len(_FRAMES) > _FRAMES_KEPT:
            _FRAMES.popitem(last=False)
    _FRAMES.move_to_end(key)
    return frame.png(values)


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
