"""Presentation mode in AppTest: every slide of the default deck draws its chart with its frame
and talking point, the deck can be edited, exported and imported, a bad deck file gets one
message, and the page says the deck lives in this tab until exported."""

import json

from rare_earth_atlas.sharing.deck import default_deck
from tests.app.helpers import open_page, open_tab

PRESENT = "app_pages/present.py"


def _titles(at) -> list[str]:
    return [t.value.replace("\\", "") for t in at.title]


def _editor(at):
    at.button(key="deck_edit").click().run()
    assert not at.exception
    return at


def test_every_slide_of_the_default_deck_draws_a_live_chart():
    deck = default_deck(2025)
    at = open_page(PRESENT)
    for number, slide in enumerate(deck.slides, start=1):
        assert not at.exception, slide.title
        assert _titles(at) == [slide.title]
        charts = at.get("deck_gl_json_chart") if slide.page == "map" else at.get("plotly_chart")
        assert len(charts) == 1, slide.title
        assert len(at.subheader) == 1 and at.subheader[0].value  # the chart's takeaway, or the map's view
        assert any(
            c.value.replace("\\", "").startswith(("Source", "Policy")) or "Facilities:" in c.value.replace("\\", "")
            for c in at.caption
        )
        assert slide.talking_point in [m.value.replace("\\", "") for m in at.markdown]
        if number < len(deck.slides):
            at.button(key="present_next").click().run()
    assert at.button(key="present_next").disabled
    at.button(key="present_previous").click().run()
    assert _titles(at) == [deck.slides[-2].title]


def test_a_link_opens_the_deck_at_a_slide_and_bad_numbers_are_clamped():
    deck = default_deck(2025)
    assert _titles(open_page(PRESENT, {"slide": "5"})) == [deck.slides[4].title]
    assert _titles(open_page(PRESENT, {"slide": "999"})) == [deck.slides[-1].title]
    assert _titles(open_page(PRESENT, {"slide": "<script>"})) == [deck.slides[0].title]


def test_the_current_view_of_a_page_can_be_added_to_the_deck():
    at = open_page("app_pages/demand.py")
    at.segmented_control(key="scenario").set_value("APS").run()
    at.button(key="add_to_deck").click().run()
    at.switch_page(PRESENT).run()
    slides = at.session_state["deck"].slides
    assert len(slides) == len(default_deck(2025).slides) + 1
    assert slides[-1].page == "demand" and slides[-1].params["scenario"] == ["APS"]


def test_a_view_added_from_a_tab_shows_that_tabs_chart():
    at = open_tab(open_page("app_pages/capacity.py"), "The West's gap")
    at.button(key="add_to_deck").click().run()
    open_tab(at, "Reach abroad")
    at.button(key="add_to_deck").click().run()
    assert "Reach abroad tab is not a chart" in at.toast[-1].value
    at.switch_page(PRESENT).run()
    western, first = at.session_state["deck"].slides[-2:]
    assert (western.chart, western.params) == ("western", {})
    assert first.chart == "ladder"


def test_slides_can_be_moved_renamed_and_deleted():
    at = _editor(open_page(PRESENT))
    first, second = (s.title for s in at.session_state["deck"].slides[:2])
    at.button(key="deck_down_0").click().run()
    assert [s.title for s in at.session_state["deck"].slides[:2]] == [second, first]
    at.button(key="deck_delete_0").click().run()
    assert at.session_state["deck"].slides[0].title == first
    at.text_input(key=f"deck_title_0_{first}").set_value("My opening slide").run()
    assert at.session_state["deck"].slides[0].title == "My opening slide"
    point = next(t for t in at.text_input if t.key.startswith("deck_point_0_"))
    point.set_value("Say this first.").run()
    assert at.session_state["deck"].slides[0].talking_point == "Say this first."
    at.button(key="deck_done").click().run()
    assert _titles(at) == ["My opening slide"] and "Say this first." in [m.value.replace("\\", "") for m in at.markdown]


def test_a_bad_deck_file_gets_one_message_and_the_deck_is_kept():
    at = _editor(open_page(PRESENT))
    before = at.session_state["deck"]
    at.get("file_uploader")[0].upload("deck.json", b'{"format": "something else"}', "application/json").run()
    assert not at.exception
    assert "not a Rare Earth Atlas deck" in at.error[0].value.replace("\\", "")
    assert at.session_state["deck"] == before


def test_an_exported_deck_imports_back():
    from rare_earth_atlas.sharing.deck import deck_to_json

    deck = default_deck(2025).rename(0, "Imported opening")
    at = _editor(open_page(PRESENT))
    at.get("file_uploader")[0].upload("deck.json", deck_to_json(deck).encode(), "application/json").run()
    assert not at.exception and not at.error
    assert at.session_state["deck"] == deck
    assert json.loads(deck_to_json(at.session_state["deck"]))["slides"][0]["title"] == "Imported opening"


def test_the_page_says_plainly_that_the_deck_lives_in_this_tab():
    at = open_page(PRESENT)
    assert not any("in this tab only" in c.value for c in at.caption)  # the default deck: nothing to lose
    at = open_page("app_pages/demand.py")
    at.button(key="add_to_deck").click().run()
    assert "lives in this browser tab until you export it" in at.toast[0].value
    at.switch_page(PRESENT).run()
    assert any("unsaved, in this tab only" in c.value.replace("\\", "") for c in at.caption)
    _editor(at)
    assert "This deck lives in this browser tab" in at.info[0].value.replace("\\", "")
    assert [b.proto.label for b in at.get("download_button")] == [
        "Export the deck (JSON)",
        "Download the deck as PowerPoint",
    ]
