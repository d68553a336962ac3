import io

import matplotlib.image as mpimg
import pytest

from promopacket.render import charts
from promopacket.render.charts import bar_chart_png


def _image(png: bytes):
    return mpimg.imread(io.BytesIO(png), format="png")


def test_bar_chart_is_a_png_that_grows_with_its_labels():
    small = bar_chart_png("Evidence", ["Hiring", "Mentoring"], [0, 3], "entries")
    large = bar_chart_png("Evidence", [f"Expectation {i}" for i in range(8)], list(range(8)), "n")
    assert small[:8] == b"\x89PNG\r\n\x1a\n"
    assert _image(large).shape[0] > _image(small).shape[0] > 0


def test_bar_chart_refuses_labels_without_values():
    with pytest.raises(ValueError, match="2 labels but 1 values"):
        bar_chart_png("t", ["a", "b"], [1], "x")


def test_a_chart_on_a_reused_frame_carries_nothing_from_the_one_before():
    labels = ["Sets direction", "Owns systems end to end", "Grows others"]
    first = bar_chart_png("Evidence", labels, [3, 0, 2], "entries")
    other = bar_chart_png("Evidence", labels, [12, 1, 0], "entries")
    charts._PNGS.clear()  # drawn again on the frame, not taken from the cache of PNGs
    again = bar_chart_png("Evidence", labels, [3, 0, 2], "entries")
    assert again == first != other  # same pixels as drawn fresh: no bar or number left over
    assert _image(first).shape == _image(other).shape


def test_the_png_is_what_pillow_would_read_back_pixel_for_pixel():
    from PIL import Image

    png = bar_chart_png("Evidence", ["Hiring", "Mentoring"], [0, 3], "entries")
    image = Image.open(io.BytesIO(png))
    image.load()  # a broken chunk or checksum raises here
    assert image.mode == "RGB" and round(image.info["dpi"][0]) == 150
    assert image.getpixel((0, 0)) == (255, 255, 255)
    assert (0x2F, 0x55, 0x97) in {c for _, c in image.getcolors(maxcolors=100_000)}  # the bars
