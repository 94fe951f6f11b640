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

from components.data_access import CachedFigure, chart_figure_and_table, map_context, map_outlines, reference_table
from components.frames import framed_chart
from components.url_state import all_settings, saved_settings
from rare_earth_atlas.charts import chart, chart_of_tab, slide_pages
from rare_earth_atlas.data.spatial import BASEMAP_URL, PROVINCES_URL
from rare_earth_atlas.facilities import map as fm
from rare_earth_atlas.plotting.escaping import escape_markdown
from rare_earth_atlas.sharing import exports
from rare_earth_atlas.sharing.deck import Deck, Slide, default_deck
from rare_earth_atlas.sharing.settings import params_from_settings, settings_from_params
from rare_earth_atlas.vocabulary import PAGE_TITLES

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
    """The slide's registered chart, or the map, with the slide's settings, from the same cached
    builders the pages use."""
    values = settings_from_params(all_settings(with_map=slide.page == "map")[slide.page], slide.params)
    if slide.page != "map":
        figure, _table = chart_figure_and_table(chart(slide.page, slide.chart), values)
        return SlideView("chart", figure.to_dict())
    context = map_context()
    selection = fm.FacilityFilter(
        tuple(values["filter_stages"]), tuple(values["filter_statuses"]), tuple(values["filter_countries"]),
        tuple(values["filter_clusters"]), values["search"],
    )  # fmt: skip
    preset = context.presets.get(values["view"], context.presets["World"])
    return SlideView(
        "map", markers=fm.marker_table(selection.apply(context.facilities), context.capacity_scale), preset=preset
    )


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
    map_chart = fm.facility_map_chart(view.markers, BASEMAP_URL, view.preset.view, None, PROVINCES_URL)
    st.pydeck_chart(map_chart, key=key, height="stretch")
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
    """'Add this view to the deck' (sidebar): the page's current settings become a new slide,
    showing the chart of the open tab on a tabbed page."""
    if page not in slide_pages():
        return
    if st.button("Add this view to the deck", key="add_to_deck", icon=":material/add_to_queue:"):
        params = params_from_settings(all_settings(with_map=page == "map")[page], saved_settings(page))
        tab = params.pop("chart", [""])[0]
        shown = chart_of_tab(page, tab) if tab else None
        if "deck" not in st.session_state:
            st.session_state["deck"] = default_deck(int(reference_table("mine_production")["year"].max()))
        deck = st.session_state["deck"]
        slide = Slide(f"{PAGE_TITLES[page]}: the view you added", "", page, params, shown.name if shown else "")
        st.session_state["deck"] = deck.add(slide)
        instead = (
            f" The {tab} tab is not a chart, so the slide shows the page's first chart." if tab and not shown else ""
        )
        st.toast(
            f"Added as slide {len(deck.slides) + 1} of the deck (Present).{instead} The deck lives in this browser "
            "tab until you export it there."
        )
