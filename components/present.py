"""Presentation mode (issue 7): draw one slide's live view, step with a clicker, hide the chrome.

A slide is a page, its URL settings and the chart to show (``rare_earth_atlas.deck``). Each is
drawn from the same cached builders the pages use, with the slide's settings, so the chart is
live (hover, zoom, Plotly's own image download), never a picture.

Presentation clickers send Page Down / Page Up (some send arrow keys or space). A small
same-origin component listens for those keys on the app's page and presses the Next and
Previous buttons, so keyboard and buttons share one code path. Its listener is replaced, not
added, on every rerun.
"""

from __future__ import annotations

import streamlit as st

from components.data_access import capacity_figure_and_table, demand_view, map_context, reference_data, reference_table
from components.frames import PLOTLY_CONFIG
from components.url_state import page_defaults
from rare_earth_atlas import capacity as cap
from rare_earth_atlas import capacity_charts, figures, overview
from rare_earth_atlas import facility_map as fm
from rare_earth_atlas.deck import Slide
from rare_earth_atlas.provenance import source_ids_in, source_line
from rare_earth_atlas.spatial import BASEMAP_URL, PROVINCES_URL
from rare_earth_atlas.views import settings_from_params

# Streamlit's sidebar, header and toolbar hidden; larger type for a projector. Constant CSS,
# no data in it.
PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.2rem; max-width: 100%; }
.st-key-slide_title h1 { font-size: 2.6rem; line-height: 1.15; }
.st-key-talking_point p { font-size: 1.45rem; }
</style>
"""

_KEYS_HTML = """
<script>
  const parent = window.parent;
  const press = (name) => {
    const button = parent.document.querySelector(`.st-key-present_${name} button`);
    if (button && !button.disabled) button.click();
  };
  const onKey = (event) => {
    const target = event.target;
    if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
    if (["PageDown", "ArrowRight", "ArrowDown", " "].includes(event.key)) { event.preventDefault(); press("next"); }
    if (["PageUp", "ArrowLeft", "ArrowUp"].includes(event.key)) { event.preventDefault(); press("previous"); }
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


def _plotly(figure, key: str) -> None:
    st.plotly_chart(figure, key=key, config=PLOTLY_CONFIG)


def slide_view(slide: Slide):
    """("plotly", figure) or ("map", deck, markers, preset) for a slide, with its settings."""
    sources = reference_table("sources")
    if slide.page == "":
        reference = reference_data()
        settings = settings_from_params("", slide.params, page_defaults(""))
        if slide.chart_name == "midstream_gap":
            gap = overview.midstream_gap(reference)
            return "plotly", figures.midstream_gap_figure(gap, source_line(source_ids_in(gap["source_id"]), sources))
        production = overview.as_share_of_world(overview.production_by_country(reference.mine_production))
        line = source_line(source_ids_in(production["source_id"]), sources)
        trend = overview.production_trend(reference.mine_production)
        return "plotly", figures.mine_production_figure(production, trend, line, measure=settings["production"])
    if slide.page == "capacity":
        s = settings_from_params("capacity", slide.params, page_defaults("capacity"))
        west = tuple(c for c in cap.WEST_CHOICES if c in s["west"])
        chart_settings = capacity_charts.chart_settings(slide.chart_name, west, s["year"], s["pipeline"], s["measure"])
        return "plotly", capacity_figure_and_table(slide.chart_name, **chart_settings)[0]
    if slide.page == "demand":
        s = settings_from_params("demand", slide.params, page_defaults("demand"))
        assumptions = reference_table("demand_assumptions")
        view = demand_view(
            s["scenario"], tuple(s["sectors"]), s["year"], s["cut"], s["outside"], assumptions, s["scenario"]
        )
        return "plotly", view[slide.chart_name][0]
    context = map_context()
    s = settings_from_params("map", slide.params, {"view": "World"})
    selection = fm.FacilityFilter(
        tuple(s.get("stage", ())), tuple(s.get("status", ())), tuple(s.get("country", ())), tuple(s.get("cluster", ())), s.get("q", "")
    )  # fmt: skip
    shown = selection.apply(context.facilities)
    preset = context.presets.get(s["view"], context.presets["World"])
    markers = fm.marker_table(shown, context.capacity_scale)
    deck = fm.facility_deck(markers, BASEMAP_URL, preset.view, None, PROVINCES_URL, height_px=600)
    return "map", deck, markers, preset


def draw_slide(slide: Slide, key: str) -> None:
    """The slide's chart, live, with the slide's settings."""
    view = slide_view(slide)
    if view[0] == "plotly":
        _plotly(view[1], key)
        return
    _kind, deck, markers, preset = view
    st.pydeck_chart(deck, key=key)
    st.caption(
        f"{len(markers)} facilities · {preset.description} Basemap: Natural Earth (public domain), shipped with the app."
    )


def deck_powerpoint(deck) -> bytes:
    """The deck as a .pptx: each slide's chart rendered by kaleido (map slides as a snapshot)."""
    from rare_earth_atlas import exports
    from rare_earth_atlas.provenance import data_as_of
    from rare_earth_atlas.spatial import STATIC_GEO_DIR

    as_of = data_as_of(reference_data()).sentence()
    countries = None
    items = []
    for slide in deck.slides:
        view = slide_view(slide)
        if view[0] == "plotly":
            spec = view[1].to_dict()
        else:
            _kind, _deck, markers, preset = view
            countries = countries or exports.read_geojson(STATIC_GEO_DIR / "countries.geojson")
            line = "Facilities: Rare Earth Atlas reference data (sources listed in the app). Basemap: Natural Earth (public domain)."
            spec = exports.map_snapshot_figure(
                markers, countries, preset.view, f"{preset.name}: {len(markers)} facilities", line
            )
        items.append(
            exports.SlideExport(
                slide.title, slide.talking_point, exports.png(exports.stamped(spec, as_of)), exports.source_text(spec)
            )
        )
    return exports.deck_pptx(deck.title, items)


def add_view_button(page: str) -> None:
    """'Add this view to the deck' (sidebar): the page's current settings become a new slide."""
    from components.url_state import MAP_FIELDS, SAVED
    from rare_earth_atlas.deck import Slide, default_deck
    from rare_earth_atlas.views import CHARTS, PAGES, params_from_settings

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
        st.toast(f"Added as slide {len(deck.slides) + 1} of the deck (Present).")
