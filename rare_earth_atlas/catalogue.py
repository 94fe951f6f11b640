"""Which datasets and charts each source feeds, worked out from the data itself.

A source feeds a chart when its id appears in the ``source_id`` column of the table the chart
is built from (the chart registry's builders, with each page's default settings) or of a table
the chart also cites; the Sources page therefore lists every registered chart and never goes
stale.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from rare_earth_atlas import REFERENCE_FILES
from rare_earth_atlas.charts import CHARTS
from rare_earth_atlas.data.provenance import source_ids_in
from rare_earth_atlas.data.reference import ReferenceData
from rare_earth_atlas.overview.model import headlines
from rare_earth_atlas.sharing.settings import SettingsData, defaults, page_settings


def settings_data(reference: ReferenceData) -> SettingsData:
    """What the pages' settings' choices and defaults come from (the map's excepted)."""
    parameter = reference.model_parameters.set_index("parameter").loc["recycling_recovery_pct"]
    years = tuple(sorted(int(y) for y in reference.mine_production["year"].unique()))
    return SettingsData(years, float(parameter["value"]), str(parameter["reasoning"]))


def _headline_sources(reference: ReferenceData) -> pd.DataFrame:
    return pd.DataFrame({"source_id": [";".join(h.source_ids) for h in headlines(reference)]})


# What the pages show besides their registered charts.
OTHER_TABLES: dict[str, Callable[[ReferenceData], pd.DataFrame]] = {
    "Overview: headline cards": _headline_sources,
    "Map: facilities and cluster summary": lambda ref: ref.facilities,
    "Map: documented flows": lambda ref: ref.flows,
}


def chart_tables(reference: ReferenceData) -> dict[str, pd.DataFrame]:
    """{what the Sources page calls it: the table whose source ids it cites}, every chart drawn
    with its page's default settings."""
    page_defaults = {page: defaults(s) for page, s in page_settings(settings_data(reference)).items()}
    tables = {label: build(reference) for label, build in OTHER_TABLES.items()}
    for chart in CHARTS:
        if chart.build is None:
            continue
        table = chart.build(reference, **chart.settings_of(page_defaults[chart.page]))[1]
        if chart.also_cites is not None:
            table = pd.concat([table, chart.also_cites(reference)])
        tables[chart.label] = table
    return tables


def source_usage(reference: ReferenceData) -> pd.DataFrame:
    """sources.csv plus two columns: the datasets and the charts each source feeds."""
    datasets: dict[str, list[str]] = {}
    for name in REFERENCE_FILES:
        if name == "sources":
            continue
        table = reference.table(name)
        cited = [
            sid
            for column in ("source_id", "capacity_source_id")
            if column in table
            for sid in source_ids_in(table[column])
        ]
        for sid in dict.fromkeys(cited):
            datasets.setdefault(sid, []).append(f"{name}.csv")
    charts: dict[str, list[str]] = {}
    for chart, table in chart_tables(reference).items():
        for sid in source_ids_in(table["source_id"]):
            charts.setdefault(sid, []).append(chart)
    usage = reference.sources.copy()
    usage["datasets"] = usage["source_id"].map(lambda s: ", ".join(datasets.get(s, [])))
    usage["charts"] = usage["source_id"].map(lambda s: "; ".join(charts.get(s, [])))
    return usage


def filter_sources(usage: pd.DataFrame, query: str | None) -> pd.DataFrame:
    """Sources whose id, title, publisher, notes or uses contain every word of ``query``
    (case-insensitive); all sources for an empty query."""
    words = (query or "").lower().split()
    if not words:
        return usage
    haystack = (
        usage[["source_id", "title", "publisher", "notes", "datasets", "charts"]]
        .astype(str)
        .agg(" ".join, axis=1)
        .str.lower()
    )
    mask = pd.Series(True, index=usage.index)
    for word in words:
        mask &= haystack.str.contains(word, regex=False)
    return usage[mask]


def sources_feeding(usage: pd.DataFrame, dataset: str | None) -> pd.DataFrame:
    """Sources cited by ``dataset`` (a key of ``vocabulary.DATASET_LABELS``); all sources for ``None``."""
    if not dataset:
        return usage
    return usage[usage["datasets"].str.split(", ").map(lambda files: f"{dataset}.csv" in files)]


def source_list(usage: pd.DataFrame) -> pd.DataFrame:
    """The source list as the Sources page shows it: one row per source, its link only where it
    is a web address (anything else would not open, or would run as a script), the publication
    date blank where it is not known."""
    web = usage["url"].astype(str).str.match(r"https?://")
    return pd.DataFrame(
        {
            "source_id": usage["source_id"],
            "title": usage["title"],
            "publisher": usage["publisher"],
            "published": usage["published"].where(usage["published"].astype(bool), None),
            "link": usage["url"].where(web, None),
            "licence": usage["licence"],
            "datasets": usage["datasets"],
            "charts": usage["charts"],
            "notes": usage["notes"],
        }
    ).reset_index(drop=True)
