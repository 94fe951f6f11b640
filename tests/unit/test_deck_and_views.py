"""Saved views and the presentation deck: URL parameters are checked against each page's declared
settings, settings round-trip through the URL, and deck files round-trip or are refused with a reason."""

import json
from dataclasses import replace

import pytest

from rare_earth_atlas.catalogue import settings_data
from rare_earth_atlas.data.reference import load_reference
from rare_earth_atlas.facilities import map as fm
from rare_earth_atlas.sharing.deck import MAX_SLIDES, Deck, DeckError, Slide, deck_from_json, deck_to_json, default_deck
from rare_earth_atlas.sharing.settings import MapChoices, clean_params, page_settings
from rare_earth_atlas.vocabulary import SECTOR_LABELS


@pytest.fixture(scope="module")
def schemas():
    reference = load_reference()
    facilities = fm.prepare_facilities(reference.facilities)
    options = fm.filter_options(facilities)
    choices = MapChoices(
        presets=tuple(fm.view_presets(facilities)),
        stages=tuple(options["stages"]),
        statuses=tuple(options["statuses"]),
        clusters=tuple(options["clusters"]),
        countries=tuple(options["countries"]),
        facility_ids=tuple(facilities["facility_id"]),
    )
    return page_settings(replace(settings_data(reference), map_choices=choices))


def test_valid_parameters_are_kept_as_streamlit_writes_them(schemas):
    params = {"scenario": "APS", "sectors": ["EVs", "Drones & low-altitude"], "cut": "80", "recovery": "90"}
    kept, notices = clean_params("demand", params, schemas)
    assert kept == {"scenario": ["APS"], "sectors": ["EVs", "Drones & low-altitude"], "cut": ["80"], "recovery": ["90"]}
    assert notices == []


@pytest.mark.parametrize(
    ("page", "params", "dropped"),
    [
        ("capacity", {"year": "99999"}, "Year = '99999'"),
        ("demand", {"sectors": ["Spaceships"]}, "Sectors shown = 'Spaceships'"),
        ("demand", {"recovery": "lots"}, "not a number"),
        ("demand", {"cut": "500"}, "Cut in China's magnet exports"),
        ("capacity", {"measure": "<script>alert(1)</script>" * 5}, "…"),
        ("capacity", {"colour": "red"}, "no such setting"),
    ],
)
def test_bad_parameters_fall_back_with_a_short_notice(schemas, page, params, dropped):
    kept, notices = clean_params(page, params, schemas)
    assert kept == {}
    assert len(notices) == 1 and dropped in notices[0]
    assert len(notices[0]) < 220  # a long or hostile value is cut short, never echoed whole


def test_a_repeated_parameter_keeps_its_valid_values_like_streamlit(schemas):
    kept, notices = clean_params("capacity", {"west": ["Canada", "Atlantis", "India"]}, schemas)
    assert kept == {"west": ["Canada", "India"]}
    assert notices == [
        "Ignored Countries counted as the West = 'Atlantis' from the link (not one of the options); the other values are used."
    ]


def test_the_default_deck_uses_only_settings_the_pages_understand(schemas):
    deck = default_deck(latest_year=2025)
    assert len(deck.slides) >= 6
    assert {s.page for s in deck.slides} >= {"", "map", "capacity", "demand"}
    for slide in deck.slides:
        kept, notices = clean_params(slide.page, slide.params, schemas)
        assert notices == [] and kept == slide.params, slide.title
    shown = [s.params.get("sectors") for s in deck.slides if s.page == "demand"]
    assert [len(s) for s in shown if s] == sorted(len(s) for s in shown if s)  # sectors switched on one by one
    assert shown[-1] == list(SECTOR_LABELS.values())


def test_a_deck_survives_export_and_import(schemas):
    deck = (
        default_deck(2025)
        .add(Slide("宁波 <b>magnets</b>", "Note: =SUM(1)", "map", {}))
        .move(8, -8)
        .rename(1, "Renamed")
    )
    again, notices = deck_from_json(deck_to_json(deck), schemas)
    assert again == deck and notices == []
    assert again.slides[0].title == "宁波 <b>magnets</b>" and again.slides[1].title == "Renamed"
    assert deck.remove(0).slides == deck.slides[1:]


def _file(**changes) -> str:
    document = json.loads(deck_to_json(default_deck(2025)))
    document.update(changes)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n", "not valid JSON"),
        ("[1, 2, 3]", "not a Rare Earth Atlas deck"),
        (_file(format="powerpoint"), "not a Rare Earth Atlas deck"),
        (_file(version=99), "different version"),
        (_file(slides=[]), "no slides"),
        (_file(slides=[{"title": "x", "page": "map", "params": {}}] * (MAX_SLIDES + 1)), "the limit is 100"),
        (_file(slides=[{"title": "x", "page": "/admin", "params": {}}]), "unknown page"),
        (_file(slides=[{"title": "", "page": "map"}]), "has no title"),
        (_file(slides=[{"title": "x", "page": "demand", "params": {"cut": 5}}]), "not in the expected form"),
        ("x" * 1_000_001, "larger than"),
    ],
)
def test_bad_deck_files_are_refused_with_one_sentence(schemas, data, message):
    with pytest.raises(DeckError, match=message):
        deck_from_json(data, schemas)


def test_an_imported_slide_keeps_its_valid_settings_and_names_the_dropped_ones(schemas):
    data = _file(
        slides=[{"title": "x", "talking_point": "", "page": "demand", "params": {"scenario": "APS", "year": "3000"}}]
    )
    deck, notices = deck_from_json(data, schemas)
    assert deck.slides[0].params == {"scenario": ["APS"]}
    assert notices == [
        "Slide 1: Ignored Year = '3000' from the link (not one of the options (2025, 2026, 2027, 2028, 2029, 2030, ...)); the default is used."
    ]


def test_deck_editing_keeps_the_deck_immutable():
    deck = Deck("d", (Slide("a", "", "map"), Slide("b", "", "demand")))
    moved = deck.move(0, 5)
    assert [s.title for s in moved.slides] == ["b", "a"] and [s.title for s in deck.slides] == ["a", "b"]


def test_settings_and_url_values_round_trip(schemas):
    from rare_earth_atlas.sharing.settings import defaults, params_from_settings, settings_from_params

    demand = {
        "scenario": "APS",
        "year": 2030,
        "cut": 80,
        "oxide_cut": 40,
        "recovery": 90.0,
        "sectors": ["electric_vehicles", "drones"],
        "chart": "Supply gap",
    }
    params = params_from_settings(schemas["demand"], demand)
    assert params["sectors"] == ["EVs", "Drones & low-altitude"]
    assert clean_params("demand", params, schemas) == (params, [])
    assert settings_from_params(schemas["demand"], params) == demand
    capacity = {
        "year": 2021,
        "pipeline": False,
        "measure": "share",
        "west": ["Canada", "India"],
        "chart": "Reach abroad",
    }
    params = params_from_settings(schemas["capacity"], capacity)
    assert params["measure"] == ["Share"] and params["pipeline"] == ["false"]
    assert settings_from_params(schemas["capacity"], clean_params("capacity", params, schemas)[0]) == capacity
    map_view = {"view": "Yangtze River Delta", "filter_stages": ["magnets"], "search": "Ningbo", "flows": True}
    params = params_from_settings(schemas["map"], map_view)
    assert params == {"view": ["Yangtze River Delta"], "stage": ["magnets"], "q": ["Ningbo"], "flows": ["true"]}
    assert settings_from_params(schemas["map"], params) == {**defaults(schemas["map"]), **map_view}


def test_settings_at_their_defaults_stay_out_of_the_link(schemas):
    from rare_earth_atlas.sharing.settings import defaults, params_from_settings

    for page, settings in schemas.items():
        assert params_from_settings(settings, defaults(settings)) == {}, page


def test_a_slide_may_only_ask_for_a_chart_its_page_has(schemas):
    data = _file(slides=[{"title": "x", "page": "capacity", "chart": "whatif", "params": {}}])
    with pytest.raises(DeckError, match="chart the page does not have"):
        deck_from_json(data, schemas)
