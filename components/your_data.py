"""The session's own data: uploads kept in ``st.session_state`` so they follow the user across
pages, plus the small pieces every page uses to show or switch them.

An upload is processed once when it arrives and again only when the user changes its kind or
column mapping; pages read the stored outcome. Nothing is written to disk or shared between
sessions: closing the tab forgets the data.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.data_access import reference_data
from rare_earth_atlas.data.provenance import source_ids_in, source_line
from rare_earth_atlas.plotting.escaping import escape_markdown
from rare_earth_atlas.uploads.figures import comparison_figure, comparison_year
from rare_earth_atlas.uploads.pipeline import (
    MINE_PRODUCTION,
    RESERVES,
    UploadOutcome,
    compare_with_usgs,
    process_upload,
)

LOG = logging.getLogger(__name__)
STORE_KEY = "_your_data"
PAGE_FOR_KIND = {
    "facilities": ("app_pages/map.py", "the map"),
    "country_year": ("app_pages/capacity.py", "the Capacity page"),
    "demand_assumptions": ("app_pages/demand.py", "the Demand page"),
}


@dataclass
class StoredUpload:
    upload_id: str
    filename: str
    data: bytes = field(repr=False)
    outcome: UploadOutcome = field(repr=False)
    shown: bool = True
    kind_override: str | None = None
    mapping_override: dict[str, str] | None = None
    sheet_override: str | None = None
    subset_override: dict[str, list[str]] | None = None
    country_override: str | None = None
    derived: dict = field(default_factory=dict, repr=False)  # tables computed from the outcome, per upload

    @property
    def usable(self) -> bool:
        return self.outcome.error is None and self.outcome.result is not None


def store() -> dict[str, StoredUpload]:
    """{upload id: upload}, in the order they arrived."""
    return st.session_state.setdefault(STORE_KEY, {})


def _choices(stored: StoredUpload) -> dict:
    return {
        "kind": stored.kind_override,
        "mapping": stored.mapping_override,
        "sheet": stored.sheet_override,
        "subset": stored.subset_override,
        "country": stored.country_override,
    }


def _process(data: bytes, filename: str, **choices) -> UploadOutcome:
    """``process_upload``, with a last line of defence: any file is arbitrary input, so an
    unforeseen bug on one becomes a message on that file (and a log entry with the traceback),
    never a broken page."""
    try:
        return process_upload(data, filename, reference_data(), **choices)
    except Exception as error:  # noqa: BLE001 - deliberately broad, see above
        LOG.exception("processing upload %r failed", filename)
        return UploadOutcome(
            filename=filename,
            size_bytes=len(data),
            error=(
                f"The atlas could not process this file ({type(error).__name__}); this is a fault in the atlas, not "
                "in your file. The rest of the app keeps working. Try saving the file as CSV UTF-8, and please send "
                "it to the Rare Earth Atlas team so we can fix it."
            ),
        )


def add_upload(filename: str, data: bytes) -> StoredUpload:
    """Process a new file and keep it; the same file uploaded again replaces the first copy."""
    upload_id = hashlib.sha256(filename.encode() + b"\0" + data).hexdigest()[:12]
    outcome = _process(data, filename)
    stored = StoredUpload(upload_id, filename, data, outcome)
    store()[upload_id] = stored
    return stored


def reprocess(upload_id: str, **choices) -> None:
    """Run an upload again with the user's choices: ``kind``, ``mapping`` (columns), ``sheet``,
    ``subset`` (commodities and statistics to use) and ``country`` (for a file without a country
    column). A new sheet starts its kind, columns and subset afresh; a new kind or new columns,
    the subset."""
    stored = store()[upload_id]
    if "sheet" in choices:
        stored.kind_override = stored.mapping_override = stored.subset_override = None
    if "kind" in choices or "mapping" in choices:
        stored.subset_override = None
    for name, value in choices.items():
        setattr(stored, f"{name}_override", value)
    stored.outcome = _process(stored.data, stored.filename, **_choices(stored))
    stored.derived = {}


def remove_upload(upload_id: str) -> None:
    store().pop(upload_id, None)


def country_names() -> list[str]:
    """Every country the atlas can name, for asking which one a file describes."""
    import pycountry

    return sorted(getattr(c, "common_name", None) or c.name for c in pycountry.countries)


def uploads_of_kind(kind: str, shown_only: bool = True) -> list[StoredUpload]:
    """Usable uploads of one kind (those switched on, unless ``shown_only`` is False)."""
    return [u for u in store().values() if u.usable and u.outcome.kind == kind and (u.shown or not shown_only)]


def set_shown(upload_id: str, key: str) -> None:
    """Callback of every 'show' switch: one state per upload, whichever page changed it."""
    if upload_id in store():
        store()[upload_id].shown = bool(st.session_state[key])


def layer_switches(kind: str, what: str) -> list[StoredUpload]:
    """A 'Your data' switch per usable upload of ``kind`` on this page; returns those switched on.
    The switch is the same state as the one on the Your data page."""
    shown = []
    for stored in uploads_of_kind(kind, shown_only=False):
        key = f"show_{kind}_{stored.upload_id}"
        st.session_state[key] = stored.shown
        st.toggle(
            escape_markdown(f"Your data: {stored.filename} ({what(stored)})"),
            key=key,
            on_change=set_shown,
            args=(stored.upload_id, key),
            help="Uploaded on the Your data page; kept only in this browser session.",
        )
        if stored.shown:
            shown.append(stored)
    return shown


def usgs_comparisons(stored: StoredUpload, year: int) -> tuple[list[tuple[str, go.Figure]], pd.DataFrame]:
    """([(statistic, figure)] for each statistic that could be compared, for ``year`` or the upload's latest
    compared year; the full comparison table) for an uploaded country-year series against the
    atlas's USGS mine production and reserves. No figure when nothing was comparable."""
    reference = reference_data()
    if "comparison" not in stored.derived:
        stored.derived["comparison"] = compare_with_usgs(
            stored.outcome.result.values, reference.mine_production, reference.reserves
        )
    comparison = stored.derived["comparison"]
    figures = []
    for statistic in (MINE_PRODUCTION, RESERVES):
        shown_year = comparison_year(comparison, year, statistic)
        if shown_year is None:
            continue
        shown = comparison[(comparison["year"] == shown_year) & (comparison["statistic"] == statistic)]
        line = f"{source_line(source_ids_in(shown['source_id']), reference.sources)} Your data: {stored.filename}."
        figures.append((statistic, comparison_figure(comparison, shown_year, stored.filename, line, statistic)))
    return figures, comparison
