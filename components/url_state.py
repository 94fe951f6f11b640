"""Each page's settings, kept in the URL and across page switches.

The settings are declared once, in ``rare_earth_atlas.sharing.settings``; this module applies
them in Streamlit. Widgets are bound to the URL (``bind="query-params"``), so the address bar
always holds the page's state and a copied link opens the same view. Streamlit clears those
parameters, and the widgets' state, when the user moves to another page; ``open_settings``
checks the link and puts the values the user left a page with back before its widgets are
drawn (a link's own parameters win), and ``remember`` records them after. Widgets keep their
real defaults: a bound widget leaves a setting out of the URL exactly when it equals the
default, so the link stays short and still opens the same view.

Bad or hand-edited values are dropped from the URL (``settings.clean_params``), the page falls
back to its defaults, and a short notice (shown as text) says what was ignored.

The map's filters cannot be bound (their labels carry live counts, and a bound widget writes its
label), so the map keeps them in the URL by id itself (``write_unbound``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from components.data_access import map_context, settings_data
from rare_earth_atlas.plotting.escaping import escape_markdown
from rare_earth_atlas.sharing.settings import MapChoices, PageSettings, Setting, clean_params, page_settings

SAVED = "_saved_views"
ARRIVED = "_arrived"  # set by the router: True on the first run of a page after another page


def all_settings(with_map: bool = False) -> PageSettings:
    """Every page's settings; the map's need the map's data, so only when asked."""
    data = settings_data()
    if with_map:
        context = map_context()
        choices = MapChoices(
            presets=tuple(context.presets),
            stages=tuple(context.options["stages"]),
            statuses=tuple(context.options["statuses"]),
            clusters=tuple(context.options["clusters"]),
            countries=tuple(context.options["countries"]),
            facility_ids=tuple(context.facilities["facility_id"]),
        )
        data = replace(data, map_choices=choices)
    return page_settings(data)


def settings_of(page: str) -> dict[str, Setting]:
    """The page's settings by widget key."""
    return {s.key: s for s in all_settings(with_map=page == "map")[page]}


def open_settings(page: str) -> dict[str, Setting]:
    """Before a page's widgets: check the link, restore the page's settings, and return them
    (by widget key) for the widgets to be drawn from."""
    _check_link(page)
    settings = settings_of(page)
    _restore(page, settings.values())
    return settings


def _check_link(page: str) -> None:
    """Drop the URL's invalid parameters for ``page`` and say which. Only on arrival: after that
    the URL holds what the page's own widgets wrote."""
    if not st.session_state.get(ARRIVED, True):
        return
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    if not params:
        return
    kept, notices = clean_params(page, params, all_settings(with_map=page == "map"))
    for name in params:
        if name not in kept:
            del st.query_params[name]
    for notice in notices:
        st.caption(escape_markdown(notice))


def _restore(page: str, settings) -> None:
    """When the user arrives from another page: each setting as the link gives it, else as the
    user left it here, else its default. Pages share key names that are also URL names (``year``
    on Capacity and on Demand), so another page's value is never carried over."""
    if not st.session_state.get(ARRIVED, True):
        return
    saved = st.session_state.setdefault(SAVED, {}).get(page, {})
    for setting in settings:
        if setting.name in st.query_params:
            if setting.bound:
                st.session_state.pop(setting.key, None)  # the bound widget reads the link's value
            else:
                st.session_state[setting.key] = setting.from_url(st.query_params.get_all(setting.name))
        else:
            st.session_state[setting.key] = saved.get(setting.key, setting.default)


def remember(page: str, keys) -> None:
    """After a page's widgets: record their values for the next visit. A widget drawn inside a
    fragment, which reruns on its own, is remembered there."""
    saved = st.session_state.setdefault(SAVED, {}).setdefault(page, {})
    saved.update({k: st.session_state[k] for k in keys if k in st.session_state})


def saved_settings(page: str) -> dict[str, Any]:
    """The settings the user last left ``page`` with, by widget key."""
    return dict(st.session_state.get(SAVED, {}).get(page, {}))


def arrive(url_path: str) -> None:
    """Called by the router on every run: note whether the user has just come from another page."""
    st.session_state[ARRIVED] = st.session_state.get("_page") != url_path
    st.session_state["_page"] = url_path


def write_unbound(page: str, settings: dict[str, Setting]) -> None:
    """After the widgets: the unbound settings that differ from their defaults into the URL."""
    for setting in settings.values():
        if setting.bound:
            continue
        value = st.session_state.get(setting.key)
        if value == setting.default or not setting.to_url(value):
            if setting.name in st.query_params:
                del st.query_params[setting.name]
        else:
            st.query_params[setting.name] = setting.to_url(value)
    remember(page, settings)
