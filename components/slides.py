"""Presentation mode: draw one slide's live view so that it fits the screen, step with a
clicker, hide the chrome, and export the deck.

A slide is a page, its URL settings and the chart to show (``rare_earth_atlas.sharing.deck``). Each is
drawn from the same cached builders the pages use, with the slide's settings, so the chart is
live (hover, zoom), never a picture.

Fitting the projector: the slide is a fixed-height Streamlit container whose chart has
``height="stretch"``, so Streamlit gives the chart whatever the title, source line and talking
point leave. Streamlit sizes containers in pixels only and the server does not know the
screen, so one CSS rule sets that container's height to the viewport's.

Clickers send Page Down / Page Up, which the Next and Previous buttons bind themselves
(``st.button(shortcut=...)``). Some clickers send the arrow keys or space instead; a button
carries one shortcut, so a small same-origin script presses the same buttons for those keys.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.data_access import (
    CachedFigure,
    capacity_figure_and_table,
    demand_view,
    map_context,
    map_outlines,
    reference_data,
    reference_table,
)
from components.frames import framed_chart
from components.url_state import page_defaults
from rare_earth_atlas import vocabulary
from rare_earth_atlas.capacity import views as capacity_charts
from rare_earth_atlas.data.provenance import source_ids_in, source_line
from rare_earth_atlas.data.spatial import BASEMAP_URL, PROVINCES_URL
from rare_earth_atlas.facilities import map as fm
from rare_earth_atlas.overview import figures
from rare_earth_atlas.overview import model as overview
from rare_earth_atlas.plotting.escaping import escape_markdown
from rare_earth_atlas.sharing import exports
from rare_earth_atlas.sharing.deck import Deck, Slide
from rare_earth_atlas.sharing.settings import settings_from_params

SLIDE_FONT_SCALE = 1.25  # chart text on slides, read from the back of a room
SLIDE_FALLBACK_HEIGHT_PX = 620  # the slide's height where the viewport rule does not apply
MAP_SOURCE_LINE = (
    "Facilities: Rare Earth Atlas reference data (sources listed in the app). Basemap: Natural Earth (public domain)."
)

# Streamlit's sidebar, header and toolbar hidden; the slide as tall as the viewport (see the module
# docstring); larger type for a projector. Constant CSS, no data in it.
PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.75rem 2rem 0 2rem; max-width: 100%; }
[data-testid="stLayoutWrapper"]:has(> .st-key-slide), .st-key-slide {
  flex: 0 0 auto !important; height: calc(100dvh - 1.5rem) !important; max-height: none !important;
  overflow: hidden !important;
}
/* Only the chart gives up height: title, source line and talking point keep theirs. */
.st-key-slide > * { flex-shrink: 0 !important; }
.st-key-slide > :has([data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"]) {
  flex-shrink: 1 !important; min-height: 0 !important;
}
.st-key-slide h1 { font-size: 2.2rem; line-height: 1.15; padding: 0.2rem 0 0 0; }
.st-key-slide h3 { font-size: 1.45rem; line-height: 1.2; padding: 0; }
.st-key-talking_point p { font-size: 1.3rem; line-height: 1.35; }
</style>
"""

_KEYS_HTML = """
<script>
  // Page Down and Page Up are bound by the buttons' own shortcuts; these are the other keys
  // clickers send. Each presses the same button, so keys and clicks share one code path.
  const parent = window.parent;
  const press = (name) => {
    const button = parent.document.querySelector(`.st-key-present_${name} button`);
    if (button && !button.disabled) button.click();
  };
  const onKey = (event) => {
    const target = event.target;
    // Keys typed into a field are the user's; on a focused button (after a click on Next or
    // Previous) space would press that button, so it is taken over like the arrows.
    if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
    if (["ArrowRight", "ArrowDown", " "].includes(event.key)) { event.preventDefault(); press("next"); }
    if (["ArrowLeft", "ArrowUp"].includes(event.key)) { event.preventDefault(); press("previous"); }
  };
  if (parent.__atlasPresentKeys) parent.document.removeEventListener("keydown", parent.__atlasPresentKeys);
  parent.__atlasPresentKeys = onKey;
  parent.document.addEventListener("keydown", onKey);
</script>
"""


def hide_chrome() -> None:
    st.html(PRESENTATION_CSS)


def listen_for_clicker() -> None:
    st.iframe(_KEYS_HTML, height=1)


@dataclass(frozen=True)
class SlideView:
    """What a slide shows: a chart (its full figure spec, frame included) or the map."""

    kind: str  # "chart" or "map"
    spec: dict | None = None
    markers: pd.DataFrame | None = None  # for "map": the markers and the view that frames them
    preset: fm.Preset | None = None


def slide_view(slide: Slide) -> SlideView:
    """The slide's chart or map, with its settings, from the pages' own cached builders."""
    if slide.page == "":
        reference = reference_data()
        sources = reference.sources
        settings = settings_from_params("", slide.params, page_defaults(""))
        if slide.chart_name == "midstream_gap":
            gap = overview.midstream_gap(reference)
            figure = figures.midstream_gap_figure(gap, source_line(source_ids_in(gap["source_id"]), sources))
        else:
            production = overview.as_share_of_world(overview.production_by_country(reference.mine_production))
            line = source_line(source_ids_in(production["source_id"]), sources)
            trend = overview.production_trend(reference.mine_production)
            figure = figures.mine_production_figure(production, trend, line, measure=settings["production"])
        return SlideView("chart", figure.to_dict())
    if slide.page == "capacity":
        s = settings_from_params("capacity", slide.params, page_defaults("capacity"))
        west = tuple(c for c in vocabulary.WEST_CHOICES if c in s["west"])
        chart_settings = capacity_charts.chart_settings(slide.chart_name, west, s["year"], s["pipeline"], s["measure"])
        return SlideView("chart", capacity_figure_and_table(slide.chart_name, **chart_settings)[0].to_dict())
    if slide.page == "demand":
        s = settings_from_params("demand", slide.params, page_defaults("demand"))
        assumptions = reference_table("demand_assumptions")
        view = demand_view(
            s["scenario"], tuple(s["sectors"]), s["year"], s["cut"], s["outside"], assumptions, s["scenario"]
        )
        return SlideView("chart", view[slide.chart_name][0].to_dict())
    context = map_context()
    s = settings_from_params("map", slide.params, {"view": "World"})
    selection = fm.FacilityFilter(
        tuple(s.get("stage", ())), tuple(s.get("status", ())), tuple(s.get("country", ())), tuple(s.get("cluster", ())), s.get("q", "")
    )  # fmt: skip
    shown = selection.apply(context.facilities)
    preset = context.presets.get(s["view"], context.presets["World"])
    return SlideView("map", markers=fm.marker_table(shown, context.capacity_scale), preset=preset)


def draw_slide(slide: Slide, key: str) -> None:
    """The slide's chart, live, filling the height the slide leaves it."""
    view = slide_view(slide)
    if view.kind == "chart":
        framed_chart(
            CachedFigure(view.spec),
            key=key,
            file_stem="rare-earth-atlas_slide",
            height="stretch",
            font_scale=SLIDE_FONT_SCALE,
            toolbar=False,
        )
        return
    st.subheader(escape_markdown(f"{view.preset.name}: {view.preset.description}"), anchor=False)
    deck = fm.facility_deck(view.markers, BASEMAP_URL, view.preset.view, None, PROVINCES_URL)
    st.pydeck_chart(deck, key=key, height="stretch")
    st.image(fm.legend_strip_svg())
    st.caption(escape_markdown(f"{len(view.markers)} facilities on the map. {MAP_SOURCE_LINE}"))


def slide_exports(deck: Deck) -> list[tuple[str, str, dict]]:
    """(title, talking point, exportable figure spec) for every slide, map slides as a snapshot
    of the same markers. Plain values: the PowerPoint is made from them after the script run."""
    items = []
    for slide in deck.slides:
        view = slide_view(slide)
        if view.kind == "chart":
            spec = view.spec
        else:
            spec = exports.map_snapshot_figure(
                view.markers,
                map_outlines(),
                view.preset.view,
                f"{view.preset.name}: {view.preset.description}",
                f"{len(view.markers)} facilities on the map. {MAP_SOURCE_LINE}",
            )
        items.append((slide.title, slide.talking_point, spec))
    return items


def add_view_button(page: str) -> None:
    """'Add this view to the deck' (sidebar): the page's current settings become a new slide."""
    from components.url_state import MAP_FIELDS, SAVED
    from rare_earth_atlas.sharing.deck import default_deck
    from rare_earth_atlas.sharing.settings import CHARTS, PAGES, params_from_settings

    if page not in CHARTS:
        return
    if st.button("Add this view to the deck", key="add_to_deck", icon=":material/add_to_queue:"):
        saved = dict(st.session_state.get(SAVED, {}).get(page, {}))
        if page == "map":
            saved = {name: saved.get(key) for name, (key, default) in MAP_FIELDS.items() if saved.get(key) != default}
        if "deck" not in st.session_state:
            st.session_state["deck"] = default_deck(int(reference_table("mine_production")["year"].max()))
        deck = st.session_state["deck"]
        slide = Slide(f"{PAGES[page]}: the view you added", "", page, params_from_settings(page, saved))
        st.session_state["deck"] = deck.add(slide)
        st.toast(
            f"Added as slide {len(deck.slides) + 1} of the deck (Present). The deck lives in this browser tab "
            "until you export it there."
        )
