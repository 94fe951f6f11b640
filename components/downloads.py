"""Download buttons, drawn one way everywhere: the file type from the file name, no rerun on
click, and CSV files always through ``to_safe_csv`` (each formula neutralised).

``data`` may be a callable, which Streamlit runs after the script run, in a worker thread with no
session: it must capture plain values when the button is drawn, never read ``st.session_state``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

import pandas as pd
import streamlit as st

from rare_earth_atlas.data.provenance import to_safe_csv

MIME_TYPES = {
    ".csv": "text/csv",
    ".json": "application/json",
    ".png": "image/png",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def download(
    label: str,
    data: str | bytes | Callable[[], str | bytes],
    file_name: str,
    *,
    key: str | None = None,
    icon: str = ":material/download:",
    problem: str | None = None,
    help: str | None = None,
    where=st,
) -> None:
    """A download button in ``where`` (a column or container; the page by default). With a
    ``problem`` (why the file cannot be made here), the button is disabled and says so."""
    where.download_button(
        label,
        data=data,
        file_name=file_name,
        mime=MIME_TYPES[PurePath(file_name).suffix],
        key=key,
        on_click="ignore",
        icon=icon,
        disabled=problem is not None,
        help=problem or help,
    )


def csv_download(label: str, table: pd.DataFrame, file_name: str, *, key: str | None = None) -> None:
    """A CSV of ``table``, made only when clicked."""
    download(label, lambda table=table: to_safe_csv(table), file_name, key=key)
