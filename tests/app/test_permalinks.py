"""Permalinks in AppTest: a URL's parameters rebuild each page's state, bad parameters fall back
to the defaults with a notice (shown as text), and settings survive switching pages."""

import pytest

from tests.app.helpers import open_page


def _notices(at) -> list[str]:
    return [c.value.replace("\\", "") for c in at.caption if c.value.replace("\\", "").startswith("Ignored")]


@pytest.mark.parametrize(
    ("page", "query", "expected"),
    [
        ("app_pages/overview.py", {"production": "Share"}, {"segmented_control:production": "share"}),
        (
            "app_pages/capacity.py",
            {"year": "2021", "pipeline": "false", "measure": "Share", "west": ["Canada", "India"]},
            {"select_slider:year": 2021, "toggle:pipeline": False, "segmented_control:measure": "share", "multiselect:west": ["Canada", "India"]},
        ),
        (
            "app_pages/demand.py",
            {"scenario": "NZE", "year": "2030", "cut": "80", "oxide_cut": "40", "recovery": "62.5", "sectors": ["EVs", "Robots"]},
            {
                "segmented_control:scenario": "NZE", "select_slider:year": 2030, "slider:cut": 80, "slider:oxide_cut": 40,
                "number_input:recovery": 62.5, "pills:sectors": ["electric_vehicles", "robots"],
            },
        ),
        (
            "app_pages/map.py",
            {"view": "China's hubs", "stage": ["magnets", "separation"], "flows": "true", "facility": "cn-ningbo-yunsheng"},
            {
                "segmented_control:view": "China's hubs", "pills:filter_stages": ["magnets", "separation"],
                "toggle:flows": True, "selectbox:facility": "cn-ningbo-yunsheng",
            },
        ),
    ],
)  # fmt: skip
def test_a_link_rebuilds_the_page_state(page, query, expected):
    at = open_page(page, query)
    assert not at.exception
    for widget, value in expected.items():
        kind, key = widget.split(":")
        assert getattr(at, kind)(key=key).value == value, widget
    assert _notices(at) == []


@pytest.mark.parametrize(
    ("page", "query", "widget", "default"),
    [
        ("app_pages/overview.py", {"production": "<b>x</b>"}, "segmented_control:production", "tonnes"),
        ("app_pages/capacity.py", {"year": "99999"}, "select_slider:year", 2025),
        ("app_pages/demand.py", {"sectors": "Spaceships"}, "pills:sectors", None),
        ("app_pages/demand.py", {"recovery": "[x](javascript:alert(1))"}, "number_input:recovery", 97.0),
        ("app_pages/map.py", {"facility": "<script>alert(1)</script>"}, "selectbox:facility", None),
        ("app_pages/map.py", {"colour": "red"}, "segmented_control:view", "World"),
    ],
)
def test_bad_parameters_fall_back_to_the_default_with_a_notice(page, query, widget, default):
    at = open_page(page, query)
    assert not at.exception
    kind, key = widget.split(":")
    value = getattr(at, kind)(key=key).value
    if default is None and kind == "pills":
        assert len(value) == 8  # every sector: the default
    else:
        assert value == default
    notices = _notices(at)
    assert len(notices) == 1
    raw = next(c.value for c in at.caption if "Ignored" in c.value)
    assert "<" not in raw.replace("\\<", "") and "](" not in raw  # escaped: shown as text


def test_settings_survive_switching_pages():
    at = open_page("app_pages/capacity.py")
    at.segmented_control(key="measure").set_value("share").run()
    at.select_slider(key="year").set_value(2020).run()
    at.switch_page("app_pages/demand.py").run()
    assert at.select_slider(key="year").value == 2035  # Demand's own year, not Capacity's
    at.segmented_control(key="scenario").set_value("APS").run()
    at.switch_page("app_pages/map.py").run()
    at.segmented_control(key="view").set_value("Yangtze River Delta").run()
    at.switch_page("app_pages/sources.py").run()
    at.switch_page("app_pages/capacity.py").run()
    assert (at.select_slider(key="year").value, at.segmented_control(key="measure").value) == (2020, "share")
    at.switch_page("app_pages/demand.py").run()
    assert at.segmented_control(key="scenario").value == "APS"
    at.switch_page("app_pages/map.py").run()
    assert at.segmented_control(key="view").value == "Yangtze River Delta"
