"""Every chart the app draws, declared once.

A ``Chart`` names its page, its id on that page, what the Sources page calls it, the file name
of its downloads, the function that builds it and the page settings it depends on. Pages draw
their charts from this list in order, slides draw the chart they name, the data-access layer
caches each chart per the settings it depends on, and the Sources page lists which sources each
chart cites. Adding a chart is one entry here plus its builder in the feature's ``views``.

A builder takes the reference data and the settings it names (by their keys in
``sharing.settings``) and returns ``(figure, table)``: the figure with its frame, and the table
behind it, with a ``source_id`` column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from rare_earth_atlas.capacity import views as capacity_views
from rare_earth_atlas.data.reference import ReferenceData
from rare_earth_atlas.demand import views as demand_views
from rare_earth_atlas.overview import views as overview_views


@dataclass(frozen=True)
class Chart:
    page: str  # URL path of the page that shows it ("" is the Overview)
    name: str  # its id on the page, in links and deck files (a slide's ``chart``)
    label: str  # what the Sources page calls it
    file_stem: str  # downloads are named after it
    build: Callable[..., tuple[Any, pd.DataFrame]] | None  # None: the map, drawn by the map's own code
    settings: tuple[str, ...] = ()  # the page settings (and inputs) the builder takes
    key: str = ""  # the element key on the page; the chart's name when empty
    note: str = ""  # a caption the page shows under the chart
    # Tables the chart cites but does not return (for the Sources page): events, bands.
    also_cites: Callable[[ReferenceData], pd.DataFrame] | None = None
    tab: str = ""  # on a page that shows one chart at a time: its tab's label (also its URL value)

    @property
    def element_key(self) -> str:
        return self.key or self.name

    def settings_of(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The settings this chart depends on, from a page's settings and inputs (those missing
        are left to the builder's defaults)."""
        return {k: values[k] for k in self.settings if k in values}


_WESTERN_NOTE = (
    "One axis, one unit: tonnes of magnet rare earths (Nd, Pr, Dy, Tb) a year. Mine output and capacity in t REO "
    "count at 19.8% (the magnet rare earths' share of world mine output: IEA 75.1 kt of USGS's 380 kt, 2024); "
    "magnets, alloy and magnet scrap at 31% rare earth content (scrap also at the recovery rate); NdPr and magnet "
    "rare earth oxides and metals one for one. Plants without a published capacity are counted in the labels, "
    "not the bars. The table lists every plant with its own unit and its conversion."
)
_CONCENTRATION_NOTE = (
    "HHI is the sum of squared market shares (10,000 = one supplier). Where a source lists only the largest "
    "countries, the bar shows the lowest possible value and the whisker the highest."
)
_WHATIF_NOTE = (
    "Where magnets are needed: EVs where cars are built (28% outside China, IEA), wind where it is installed "
    "(32%, GWEC), every other use where magnets are built into products (24%: China's magnet exports and the "
    "magnets made elsewhere); shares held at 2024's. Without a cut, China supplies what producers outside China "
    "cannot; a cut removes that share of its magnet and separated rare earth exports."
)
_DEMAND_INPUTS = ("scenario", "sectors", "assumptions", "recovery")

CHARTS: tuple[Chart, ...] = (
    Chart("", "midstream_gap", "Overview: midstream gap", "rare-earth-atlas_midstream-gap", overview_views.midstream_gap_chart),
    Chart(
        "", "mine_production", "Overview: mine production by country", "rare-earth-atlas_mine-production",
        overview_views.mine_production_chart, ("production",),
    ),
    Chart("map", "map", "Map: facilities", "rare-earth-atlas_map", None),
    Chart(
        "capacity", "ladder", "Capacity: stage ladder", "rare-earth-atlas_stage-ladder",
        capacity_views.ladder_chart, ("west", "year"), tab="Stage by stage",
    ),
    Chart(
        "capacity", "production", "Capacity: mine production by region", "rare-earth-atlas_production-by-region",
        capacity_views.production_chart, ("west", "measure"), also_cites=lambda ref: ref.policy_events,
        tab="Mine output",
    ),
    Chart(
        "capacity", "western", "Capacity: Western mining against processing", "rare-earth-atlas_western-capacity",
        capacity_views.western_chart, ("west", "year", "pipeline"), note=_WESTERN_NOTE,
        also_cites=lambda ref: ref.mine_production, tab="The West's gap",
    ),
    Chart(
        "capacity", "quotas", "Capacity: China's quotas", "rare-earth-atlas_china-quotas", capacity_views.quota_chart,
        tab="China's quotas",
    ),
    Chart(
        "capacity", "concentration", "Capacity: concentration by stage", "rare-earth-atlas_concentration",
        capacity_views.concentration_chart, ("year",), note=_CONCENTRATION_NOTE,
        also_cites=lambda ref: ref.concentration_bands, tab="Concentration",
    ),
    Chart(
        "demand", "demand", "Demand: demand by sector against supply", "rare-earth-atlas_demand-supply",
        demand_views.demand_chart, (*_DEMAND_INPUTS, "scenario_label"), key="demand_demand",
        tab="Demand and supply",
    ),
    Chart(
        "demand", "gap", "Demand: supply gap", "rare-earth-atlas_supply-gap",
        demand_views.gap_chart, _DEMAND_INPUTS, key="demand_gap", tab="Supply gap",
    ),
    Chart(
        "demand", "drivers", "Demand: new demand against published forecasts", "rare-earth-atlas_new-demand",
        demand_views.drivers_chart, _DEMAND_INPUTS, key="demand_drivers", tab="New demand",
    ),
    Chart(
        "demand", "whatif", "Demand: export what-if", "rare-earth-atlas_export-whatif",
        demand_views.whatif_chart, (*_DEMAND_INPUTS, "year", "cut", "oxide_cut"), key="demand_whatif",
        note=_WHATIF_NOTE, tab="Export what-if",
    ),
)  # fmt: skip


def charts_of(page: str) -> tuple[Chart, ...]:
    """The page's charts, in the order it draws them."""
    return tuple(c for c in CHARTS if c.page == page)


# Pages that show one chart at a time, in tabs, and the tabs they add after their charts'.
TABBED_PAGES: dict[str, tuple[str, ...]] = {"capacity": ("Reach abroad",), "demand": ()}


def page_tabs(page: str) -> tuple[str, ...]:
    """A tabbed page's tab labels in order (its charts', then its own); empty for other pages."""
    if page not in TABBED_PAGES:
        return ()
    return (*(c.tab for c in charts_of(page)), *TABBED_PAGES[page])


def chart_of_tab(page: str, tab: str) -> Chart | None:
    """The chart a tab of ``page`` shows, or None for a tab that is not a chart."""
    return next((c for c in charts_of(page) if c.tab and c.tab == tab), None)


def chart(page: str, name: str) -> Chart:
    """The chart ``name`` of ``page``; ``KeyError`` if the page has no such chart."""
    for c in CHARTS:
        if c.page == page and c.name == name:
            return c
    raise KeyError(f"the {page or 'Overview'} page has no chart {name!r}")


def slide_pages() -> dict[str, tuple[str, ...]]:
    """{page: its chart names}, for the pages a slide can show (the first chart is the default)."""
    pages: dict[str, tuple[str, ...]] = {}
    for c in CHARTS:
        pages[c.page] = (*pages.get(c.page, ()), c.name)
    return pages
