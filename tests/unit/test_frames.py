"""A chart's frame (takeaway title, subtitle, notes, source line): kept as text in the figure,
drawn as page text on screen, and drawn inside the picture, wrapped to its width, on export."""

import json

from rare_earth_atlas import vocabulary
from rare_earth_atlas.capacity import views as capacity_charts
from rare_earth_atlas.data.provenance import source_ids_in, source_line
from rare_earth_atlas.overview import figures
from rare_earth_atlas.overview import model as overview
from rare_earth_atlas.plotting import frame as chart_frame
from rare_earth_atlas.sharing import exports


def _gap_figure(reference) -> dict:
    gap = overview.midstream_gap(reference)
    return figures.midstream_gap_figure(gap, source_line(source_ids_in(gap["source_id"]), reference.sources)).to_dict()


def test_on_screen_the_figure_keeps_only_the_plot_and_the_page_gets_the_frame(reference):
    spec = _gap_figure(reference)
    before = json.dumps(spec, sort_keys=True)
    frame, screen = chart_frame.on_screen(spec)
    assert frame.title.startswith("China mines") and frame.source.startswith("Sources: U.S. Geological Survey")
    assert "title" not in screen["layout"] and "meta" not in screen["layout"]
    assert json.dumps(spec, sort_keys=True) == before  # the cached spec is not changed
    # The legend hangs from the top of the figure, where Plotly reserves room for it above the plot.
    assert screen["layout"]["legend"]["yref"] == "container"


def test_slide_fonts_are_scaled_everywhere_the_theme_would_set_them(reference):
    spec = _gap_figure(reference)
    _, screen = chart_frame.on_screen(spec, font_scale=1.5)
    layout = screen["layout"]
    assert layout["font"]["size"] == 1.5 * spec["layout"]["font"]["size"]
    assert layout["legend"]["font"]["size"] == 1.5 * chart_frame.THEME_SMALL_FONT_PX
    assert layout["xaxis"]["tickfont"]["size"] == 1.5 * chart_frame.THEME_SMALL_FONT_PX
    china = next(t for t in screen["data"] if t["name"] == "China")
    assert china["textfont"]["size"] == 1.5 * next(t for t in spec["data"] if t["name"] == "China")["textfont"]["size"]


def test_an_exported_chart_draws_its_frame_wrapped_to_the_image_width(reference):
    spec = capacity_charts.western_chart(reference, tuple(vocabulary.DEFAULT_WEST), 2025, True)[0].to_dict()
    frame = chart_frame.frame_of(spec)
    for width in (800, 1280):
        image = exports.framed(spec, width_px=width, as_of="Data as of MCS 2026.")
        layout = image["layout"]
        title_lines = layout["title"]["text"].split("<br>")
        assert "".join(line.removeprefix("<b>").removesuffix("</b>") for line in title_lines).replace(" ", "") == (
            frame.title.replace(" ", "")
        )
        budget = width / (layout["title"]["font"]["size"] * 0.5)  # characters that fit at the narrowest font
        assert all(len(line) - len("<b></b>") <= budget for line in title_lines)
        assert layout["title"]["subtitle"]["text"].replace("<br>", " ").startswith("The West = ")
        bottom = layout["annotations"][-1]["text"].replace("<br>", " ")
        assert bottom.endswith("Data as of MCS 2026.") and "Sources: U.S. Geological Survey" in bottom
        assert layout["width"] == width and layout["height"] > spec["layout"]["height"]
    narrow, wide = (len(exports.framed(spec, width_px=w)["layout"]["title"]["text"].split("<br>")) for w in (600, 1600))
    assert narrow > wide


def test_frame_text_is_escaped_in_the_picture(reference):
    spec = _gap_figure(reference)
    spec["layout"]["meta"]["frame"]["source"] = "Source: <script>alert(1)</script>"
    image = json.dumps(exports.framed(spec, as_of="x"))
    assert "<script>" not in image and "&lt;script&gt;" in image


def test_a_slide_picture_is_16_by_9_and_leaves_the_source_to_the_slide_text(reference):
    spec = _gap_figure(reference)
    width, height = exports.SLIDE_IMAGE_PX
    image = exports.framed(spec, width_px=width, height_px=height, with_source=False)
    assert (image["layout"]["width"], image["layout"]["height"]) == (1280, 720)
    assert "Sources:" not in json.dumps(image["layout"].get("annotations", []))
