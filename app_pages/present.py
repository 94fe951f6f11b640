"""Present (/present): step through a deck of live views with a clicker, full screen."""

import streamlit as st

from components import present
from components.data_access import reference_table
from rare_earth_atlas.deck import DeckError, deck_from_json, deck_to_json, default_deck
from rare_earth_atlas.exports import export_problem
from rare_earth_atlas.text import escape_markdown

if "deck" not in st.session_state:
    latest = int(reference_table("mine_production")["year"].max())
    st.session_state["deck"] = default_deck(latest)
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


present.hide_chrome()
slide = deck.slides[index]
top_left, top_right = st.columns([6, 2], vertical_alignment="center")
with top_left:
    st.caption(escape_markdown(f"{deck.title} · slide {index + 1} of {count}"))
with top_right:
    previous_col, next_col = st.columns(2)
    previous_col.button(
        "Previous", key="present_previous", on_click=_step, args=(-1,), disabled=index == 0, width="stretch"
    )
    next_col.button(
        "Next",
        key="present_next",
        on_click=_step,
        args=(1,),
        disabled=index == count - 1,
        width="stretch",
        type="primary",
    )

with st.container(key="slide_title"):
    st.title(escape_markdown(slide.title), anchor=False)
present.draw_slide(slide, key=f"slide_chart_{index}")
if slide.talking_point:
    with st.container(key="talking_point"):
        st.markdown(escape_markdown(slide.talking_point))
present.listen_for_clicker()

with st.expander("Edit the deck", icon=":material/edit:"):
    st.caption(
        "Page Down or the right arrow: next slide; Page Up or the left arrow: previous. Add any page's current view from the sidebar."
    )
    for i, item in enumerate(deck.slides):
        title_col, up_col, down_col, delete_col = st.columns([8, 1, 1, 1], vertical_alignment="bottom")
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
    export_col, pptx_col, reset_col = st.columns(3)
    export_col.download_button(
        "Export the deck (JSON)",
        data=deck_to_json(deck),
        file_name="rare-earth-atlas_deck.json",
        mime="application/json",
        key="deck_export",
        on_click="ignore",
        icon=":material/download:",
    )
    problem = export_problem()
    pptx_col.download_button(
        "Download the deck as PowerPoint",
        data=lambda: present.deck_powerpoint(st.session_state["deck"]),
        file_name="rare-earth-atlas_deck.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        key="deck_pptx",
        on_click="ignore",
        icon=":material/slideshow:",
        disabled=problem is not None,
        help=problem or "One slide per deck slide: title, chart, source line; the talking point in the speaker notes.",
    )
    if problem:
        pptx_col.caption(problem)
    if reset_col.button("Back to the default deck", key="deck_reset", icon=":material/restart_alt:"):
        del st.session_state["deck"]
        st.rerun()
    imported = st.file_uploader("Import a deck (JSON exported from this page)", type=["json"], key="deck_import")
    if imported is not None and st.session_state.get("_deck_imported") != imported.file_id:
        from components.url_state import schemas

        try:
            new_deck, notices = deck_from_json(imported.getvalue(), schemas(with_map=True))
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
