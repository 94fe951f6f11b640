"""Draw a page setting's widget from its declaration (``rare_earth_atlas.sharing.settings``):
label, key, default, choices, help and URL binding come from there, so a page only says where
the widget goes."""

from __future__ import annotations

from typing import Any

import streamlit as st

from rare_earth_atlas.sharing.settings import Setting


def setting_widget(setting: Setting, **options) -> Any:
    """The widget for ``setting``, bound to the URL; ``options`` are passed to the widget as they
    are (for example ``width``). Returns the widget's value; for ``tabs``, {label: tab container}
    (a container's ``open`` says whether it is the open tab)."""
    if setting.widget == "tabs":
        # Only the open tab's content is drawn (a tab switch reruns the page, or its fragment).
        labels = list(setting.choices)
        containers = st.tabs(labels, default=setting.default, key=setting.key, bind="query-params", **options)
        return dict(zip(labels, containers, strict=True))
    common = {"key": setting.key, "help": setting.help or None, "bind": "query-params", **options}
    label_of = setting.labels.get if setting.labels else None
    if setting.widget == "select_slider":
        return st.select_slider(setting.label, options=list(setting.choices), value=setting.default, **common)
    if setting.widget == "switch":
        return st.toggle(setting.label, value=setting.default, **common)
    if setting.widget == "segmented":
        extra = {"format_func": label_of} if label_of else {}
        return st.segmented_control(
            setting.label, list(setting.choices), default=setting.default, required=True, **extra, **common
        )
    if setting.widget == "multiselect":
        return st.multiselect(setting.label, list(setting.choices), default=list(setting.default), **common)
    if setting.widget == "pills":
        return st.pills(
            setting.label, list(setting.choices), selection_mode="multi", default=list(setting.default),
            format_func=label_of or str, **common,
        )  # fmt: skip
    if setting.widget == "slider":
        low, high = min(setting.choices), max(setting.choices)
        return st.slider(setting.label, low, high, setting.default, step=setting.step, **common)
    if setting.widget == "number":
        return st.number_input(
            setting.label, min_value=setting.low, max_value=setting.high, value=setting.default,
            step=setting.step, **common,
        )  # fmt: skip
    if setting.widget == "text":
        return st.text_input(setting.label, value=setting.default, max_chars=setting.max_chars, **common)
    if setting.widget == "select":
        choices = list(setting.choices)
        index = choices.index(setting.default) if setting.default in choices else None
        return st.selectbox(setting.label, choices, index=index, format_func=label_of or str, **common)
    raise ValueError(f"setting {setting.key!r}: no widget for {setting.widget!r}")
