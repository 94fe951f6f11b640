"""Present (/present): step through a deck of live views with a clicker; each slide fits the screen."""

import streamlit as st

from components import slides
from components.data_access import data_as_of_sentence, reference_table
from components.downloads import download
from components.url_state import all_settings
from rare_earth_atlas.plotting.escaping import escape_markdown
from rare_earth_atlas.sharing.deck import DeckError, deck_from_json, deck_to_json, default_deck
from rare_earth_atlas.sharing.exports import deck_powerpoint, export_problem
from rare_earth_atlas.vocabulary import PAGE_TITLES

EDITING = "_editing_deck"
TAB_ONLY = (
    "This deck lives in this browser tab: refreshing the page, or opening the app in another tab or on another "
    "device, starts again from the default deck. Export it (JSON) to keep it, and import that file to carry on."
)

default = default_deck(int(reference_table("mine_production")["year"].max()))
if "deck" not in st.session_state:
    st.session_state["deck"] = default
deck = st.session_state["deck"]
count = len(deck.slides)

# The slide number lives in the URL (?slide=3), so a link can open the deck at a slide.
try:
    index = min(max(int(st.query_params.get("slide", "1")) - 1, 0), count - 1)
except ValueError:
    index = 0
st.query_params["slide"] = str(index + 1)


def _step(offset: int) -> None:
    st.query_params["slide"] = str(min(max(index + offset, 0), count - 1) + 1)


def _set_editing(editing: bool) -> None:
    st.session_state[EDITING] = editing


slides.hide_chrome()


def slide_view() -> None:
    slide = deck.slides[index]
    with st.container(key="slide", height=slides.SLIDE_FALLBACK_HEIGHT_PX, border=False, gap="small"):
        title_col, nav_col = st.columns([6, 2], vertical_alignment="top")
        with title_col, st.container(key="slide_title"):
            st.title(escape_markdown(slide.title), anchor=False)
        with nav_col, st.container(horizontal=True, horizontal_alignment="right", gap="small"):
            st.button(
                "Previous", key="present_previous", on_click=_step, args=(-1,), disabled=index == 0, shortcut="PageUp"
            )
            st.button(
                "Next",
                key="present_next",
                on_click=_step,
                args=(1,),
                disabled=index == count - 1,
                type="primary",
                shortcut="PageDown",
            )
            slides.listen_for_clicker()
        slides.draw_slide(slide, key=f"slide_chart_{index}")
        point_col, meta_col = st.columns([6, 2], vertical_alignment="bottom")
        with point_col, st.container(key="talking_point"):
            if slide.talking_point:
                st.markdown(escape_markdown(slide.talking_point))
        with meta_col, st.container(horizontal=True, horizontal_alignment="right", vertical_alignment="center"):
            unsaved = " · unsaved, in this tab only" if deck != default else ""
            st.caption(escape_markdown(f"Slide {index + 1} of {count}{unsaved}"))
            st.button(
                "Edit the deck",
                key="deck_edit",
                on_click=_set_editing,
                args=(True,),
                type="tertiary",
                icon=":material/edit:",
                help=TAB_ONLY,
            )


def deck_editor() -> None:
    st.title(escape_markdown(f"Edit the deck: {deck.title}"), anchor=False)
    st.info(TAB_ONLY, icon=":material/info:")
    back_col, export_col, pptx_col, reset_col = st.columns(4)
    back_col.button(
        "Back to the slides",
        key="deck_done",
        on_click=_set_editing,
        args=(False,),
        type="primary",
        icon=":material/slideshow:",
    )
    download(
        "Export the deck (JSON)", deck_to_json(deck), "rare-earth-atlas_deck.json", key="deck_export", where=export_col
    )
    problem = export_problem()
    # The PowerPoint is made after this script run, in a thread with no session: everything it
    # needs is captured here as plain values (the slides' figure specs, the data date).
    exported, as_of = (slides.slide_exports(deck), data_as_of_sentence()) if problem is None else ([], "")
    download(
        "Download the deck as PowerPoint",
        lambda title=deck.title, exported=exported, as_of=as_of: deck_powerpoint(title, exported, as_of),
        "rare-earth-atlas_deck.pptx",
        key="deck_pptx",
        icon=":material/slideshow:",
        problem=problem,
        help="One slide per deck slide: title, chart, source line; the talking point in the speaker notes.",
        where=pptx_col,
    )
    if problem:
        pptx_col.caption(problem)
    if reset_col.button("Back to the default deck", key="deck_reset", icon=":material/restart_alt:"):
        del st.session_state["deck"]
        st.rerun()
    imported = st.file_uploader(
        "Import a deck (JSON exported from this page)", type=["json"], key="deck_import", max_upload_size=1
    )
    if imported is not None and st.session_state.get("_deck_imported") != imported.file_id:
        try:
            new_deck, notices = deck_from_json(imported.getvalue(), all_settings(with_map=True))
        except DeckError as error:
            st.error(escape_markdown(str(error)))
        else:
            st.session_state["deck"] = new_deck
            st.session_state["_deck_imported"] = imported.file_id
            st.session_state["_deck_notices"] = notices
            st.query_params["slide"] = "1"
            st.rerun()
    for notice in st.session_state.get("_deck_notices", []):
        st.caption(escape_markdown(notice))

    for i, item in enumerate(deck.slides):
        with st.container(border=True, key=f"deck_slide_{i}"):
            title_col, up_col, down_col, delete_col = st.columns([8, 1, 1, 1], vertical_alignment="bottom")
            shows = (
                "the map"
                if item.page == "map"
                else f"the {PAGE_TITLES[item.page]} page's {item.chart.replace('_', ' ')} chart"
            )
            st.caption(escape_markdown(f"Shows {shows}"))
            new_title = title_col.text_input(f"Slide {i + 1}", value=item.title, key=f"deck_title_{i}_{item.title}")
            if new_title.strip() and new_title != item.title:
                st.session_state["deck"] = deck.rename(i, new_title.strip())
                st.rerun()
            if up_col.button("↑", key=f"deck_up_{i}", disabled=i == 0, help="Move up"):
                st.session_state["deck"] = deck.move(i, -1)
                st.rerun()
            if down_col.button("↓", key=f"deck_down_{i}", disabled=i == count - 1, help="Move down"):
                st.session_state["deck"] = deck.move(i, 1)
                st.rerun()
            if delete_col.button("✕", key=f"deck_delete_{i}", disabled=count == 1, help="Delete this slide"):
                st.session_state["deck"] = deck.remove(i)
                st.rerun()
            point = st.text_input(
                "Talking point (shown under the chart and in the PowerPoint's speaker notes)",
                value=item.talking_point,
                key=f"deck_point_{i}_{hash(item.talking_point)}",
            )
            if point != item.talking_point:
                st.session_state["deck"] = deck.rename(i, item.title, point.strip())
                st.rerun()


if st.session_state.get(EDITING):
    deck_editor()
else:
    slide_view()
