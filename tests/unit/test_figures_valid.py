"""Every figure builder produces a figure Plotly accepts. The app builds figures without
Plotly's (slow) property validation, so this test is where invalid properties get caught: every
registered chart at its page's defaults and at other settings, the comparison of an upload with
USGS, and the map snapshot used in PowerPoint decks."""

import plotly.graph_objects as go
import pytest

from rare_earth_atlas import vocabulary
from rare_earth_atlas.capacity import views as capacity_charts
from rare_earth_atlas.catalogue import settings_data
from rare_earth_atlas.charts import CHARTS
from rare_earth_atlas.data.provenance import source_ids_in, source_line
from rare_earth_atlas.data.spatial import STATIC_GEO_DIR
from rare_earth_atlas.demand import views as demand_charts
from rare_earth_atlas.facilities import map as fm
from rare_earth_atlas.overview import figures
from rare_earth_atlas.overview import model as overview
from rare_earth_atlas.plotting import frame
from rare_earth_atlas.sharing import exports
from rare_earth_atlas.sharing.settings import defaults, page_settings
from rare_earth_atlas.uploads.figures import comparison_figure
from rare_earth_atlas.uploads.pipeline import MINE_PRODUCTION, RESERVES, compare_with_usgs, process_upload

BUILT = [c for c in CHARTS if c.build is not None]


@pytest.fixture(autouse=True)
def validate(monkeypatch):
    monkeypatch.setattr(frame, "VALIDATE_FIGURES", True)


def _valid(fig) -> None:
    go.Figure(fig if isinstance(fig, dict) else fig.to_dict())  # raises ValueError on any invalid property


@pytest.mark.parametrize("chart", BUILT, ids=[f"{c.page or 'overview'}-{c.name}" for c in BUILT])
def test_every_registered_chart_is_valid_at_its_page_defaults(reference, chart):
    page_defaults = defaults(page_settings(settings_data(reference))[chart.page])
    figure, table = chart.build(reference, **chart.settings_of(page_defaults))
    _valid(figure)
    assert "source_id" in table.columns


def test_overview_figures_are_valid(reference):
    gap = overview.midstream_gap(reference)
    _valid(figures.midstream_gap_figure(gap, source_line(source_ids_in(gap["source_id"]), reference.sources)))
    table = overview.as_share_of_world(overview.production_by_country(reference.mine_production))
    trend = overview.production_trend(reference.mine_production)
    for measure in ("tonnes", "share"):
        _valid(figures.mine_production_figure(table, trend, "Source: x.", measure=measure))


@pytest.mark.parametrize("west", [vocabulary.DEFAULT_WEST, (*vocabulary.DEFAULT_WEST, "India"), ()])
@pytest.mark.parametrize("year", [2018, 2025])
def test_capacity_figures_are_valid(reference, west, year):
    _valid(capacity_charts.ladder_chart(reference, west, year)[0])
    _valid(capacity_charts.production_chart(reference, west, "share")[0])
    _valid(capacity_charts.western_chart(reference, west, year, True)[0])
    _valid(capacity_charts.western_chart(reference, west, year, False)[0])
    _valid(capacity_charts.concentration_chart(reference, year)[0])
    _valid(capacity_charts.quota_chart(reference)[0])


@pytest.mark.parametrize("scenario", ["STEPS", "NZE"])
@pytest.mark.parametrize("sectors", [("electric_vehicles",), tuple(vocabulary.SECTOR_LABELS)])
def test_demand_figures_are_valid(reference, scenario, sectors):
    _valid(demand_charts.demand_chart(reference, scenario, sectors, scenario_label="Custom")[0])
    _valid(demand_charts.gap_chart(reference, scenario, sectors)[0])
    _valid(demand_charts.drivers_chart(reference, scenario, sectors)[0])
    for cut in (0, 100):
        _valid(demand_charts.whatif_chart(reference, scenario, sectors, 2030, cut, 25.0, recovery=50.0)[0])


def test_the_comparison_of_an_upload_with_usgs_is_valid(reference):
    csv = "country,year,statistic,value,unit\nChina,2024,mine production,280000,t REO\nUnited States,2024,mine production,40000,t REO\nChina,2024,reserves,44000000,t REO\n"
    outcome = process_upload(
        csv.encode(), "figures.csv", reference, subset={"measure": ["mine production", "reserves"]}
    )
    comparison = compare_with_usgs(outcome.result.values, reference.mine_production, reference.reserves)
    assert set(comparison["statistic"]) == {MINE_PRODUCTION, RESERVES}
    for statistic in (MINE_PRODUCTION, RESERVES):
        _valid(comparison_figure(comparison, 2024, "figures.csv", "Sources: x.", statistic))


def test_the_map_snapshot_is_valid(reference):
    facilities = fm.prepare_facilities(reference.facilities)
    markers = fm.marker_table(facilities, fm.capacity_scale(facilities))
    outlines = exports.outline_coordinates(exports.read_geojson(STATIC_GEO_DIR / "countries.geojson"))
    view = fm.view_presets(facilities)["World"].view
    _valid(exports.map_snapshot_figure(markers, outlines, view, "World", "Source: x."))
