"""Each page's settings, kept in the URL and across page switches (issue 7: permalinks).

Widgets are bound to the URL (``bind="query-params"``), so the address bar always holds the
page's state and a copied link opens the same view. Streamlit clears those parameters, and the
widgets' state, when the user moves to another page; ``restore`` puts the values the user left
a page with back before its widgets are drawn (a link's own parameters win), and ``remember``
records them after. Widgets keep their real defaults: a bound widget leaves a setting out of the
URL exactly when it equals the default, so the link stays short and still opens the same view.

``check_link`` reads the URL's parameters through ``views.clean_params``: bad or hand-edited
values are dropped from the URL, the page falls back to its defaults, and a short notice (shown
as text) says what was ignored.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.data_access import map_context, reference_table
from rare_earth_atlas import vocabulary
from rare_earth_atlas.plotting.escaping import escape_markdown
from rare_earth_atlas.sharing.settings import DEMAND_SECTOR_LABELS, MapChoices, clean_params, view_schemas

SAVED = "_saved_views"
ARRIVED = "_arrived"  # set by the router: True on the first run of a page after another page


def schemas(with_map: bool = False) -> dict:
    """Every page's URL parameters; the map's need the map's data, so only when asked."""
    years = sorted(int(y) for y in reference_table("mine_production")["year"].unique())
    if not with_map:
        return view_schemas(years)
    context = map_context()
    choices = MapChoices(
        presets=tuple(context.presets),
        stages=tuple(context.options["stages"]),
        statuses=tuple(context.options["statuses"]),
        clusters=tuple(context.options["clusters"]),
        countries=tuple(context.options["countries"]),
        facility_ids=tuple(context.facilities["facility_id"]),
    )
    return view_schemas(years, choices)


def page_defaults(page: str) -> dict[str, Any]:
    """Each page's settings before the user changes anything (the pages' widgets and the
    presentation's slides both start from these)."""
    if page == "":
        return {"production": "tonnes"}
    if page == "capacity":
        years = sorted(int(y) for y in reference_table("mine_production")["year"].unique())
        return {"year": years[-1], "pipeline": True, "measure": "tonnes", "west": list(vocabulary.DEFAULT_WEST)}
    if page == "demand":
        parameters = reference_table("model_parameters").set_index("parameter")
        return {
            "scenario": "STEPS",
            "year": 2035,
            "cut": 50,
            "outside": float(parameters.loc["demand_outside_china_pct", "value"]),
            "sectors": list(DEMAND_SECTOR_LABELS),
        }
    return {}  # the map's defaults are in MAP_FIELDS, with the URL names they are kept under


def check_link(page: str) -> None:
    """Drop the URL's invalid parameters for ``page`` (before its widgets) and say which. Only on
    arrival: after that the URL holds what the page's own widgets wrote."""
    if not st.session_state.get(ARRIVED, True):
        return
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    if not params:
        return
    kept, notices = clean_params(page, params, schemas(with_map=page == "map"))
    for name in params:
        if name not in kept:
            del st.query_params[name]
    for notice in notices:
        st.caption(escape_markdown(notice))


def restore(page: str, defaults: dict[str, Any]) -> None:
    """Before a page's widgets, when the user arrives from another page: each setting as the user
    left it here (or the page's default). Pages share key names that are also URL names
    (``year`` on Capacity and on Demand), so another page's value is never carried over. A
    link's own parameters win."""
    if not st.session_state.get(ARRIVED, True):
        return
    saved = st.session_state.setdefault(SAVED, {}).get(page, {})
    for key, default in defaults.items():
        if key in st.query_params:
            st.session_state.pop(key, None)  # the bound widget reads the link's value
        else:
            st.session_state[key] = saved.get(key, default)


def remember(page: str, keys) -> None:
    """After a page's widgets: record their values for the next visit."""
    saved = st.session_state.setdefault(SAVED, {}).setdefault(page, {})
    saved.update({k: st.session_state[k] for k in keys if k in st.session_state})


def remember_one(page: str, key: str) -> None:
    """``remember`` for a widget drawn inside a fragment, which reruns on its own."""
    remember(page, [key])


def arrive(url_path: str) -> None:
    """Called by the router on every run: note whether the user has just come from another page."""
    st.session_state[ARRIVED] = st.session_state.get("_page") != url_path
    st.session_state["_page"] = url_path


# Settings kept in the URL by hand, for widgets that cannot be bound: the map's filter labels
# carry live counts, and a bound widget writes its label, so the URL holds ids instead.
# {URL name: (widget key, default)}
MAP_FIELDS: dict[str, tuple[str, Any]] = {
    "view": ("view", "World"),
    "stage": ("filter_stages", []),
    "status": ("filter_statuses", []),
    "cluster": ("filter_clusters", []),
    "country": ("filter_countries", []),
    "q": ("search", ""),
    "flows": ("flows", False),
    "facility": ("facility", None),
}


def restore_unbound(page: str, fields: dict[str, tuple[str, Any]]) -> None:
    """``restore`` for settings kept in the URL by hand: on arrival, the link's (already
    checked) values, else the values the user left, else the defaults."""
    if not st.session_state.get(ARRIVED, True):
        return
    saved = st.session_state.setdefault(SAVED, {}).get(page, {})
    for name, (key, default) in fields.items():
        if name in st.query_params:
            values = st.query_params.get_all(name)
            if isinstance(default, list):
                st.session_state[key] = values
            elif isinstance(default, bool):
                st.session_state[key] = values[0] == "true"
            else:
                st.session_state[key] = values[0]
        else:
            st.session_state[key] = saved.get(key, default)


def write_unbound(page: str, fields: dict[str, tuple[str, Any]]) -> None:
    """After the widgets: the settings that differ from their defaults into the URL, by id."""
    for name, (key, default) in fields.items():
        value = st.session_state.get(key)
        if value is None or value == default or value in ("", [], ()):
            if name in st.query_params:
                del st.query_params[name]
        elif isinstance(value, bool):
            st.query_params[name] = "true" if value else "false"
        elif isinstance(value, (list, tuple)):
            st.query_params[name] = [str(v) for v in value]
        else:
            st.query_params[name] = str(value)
    remember(page, [key for key, _ in fields.values()])
