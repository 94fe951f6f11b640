"""Every figure builder produces a figure Plotly accepts. The app builds figures without
Plotly's (slow) property validation, so this test is where invalid properties get caught."""

import plotly.graph_objects as go
import pytest

from rare_earth_atlas import vocabulary
from rare_earth_atlas.capacity import views as capacity_charts
from rare_earth_atlas.data.provenance import source_ids_in, source_line
from rare_earth_atlas.overview import figures
from rare_earth_atlas.overview import model as overview
from rare_earth_atlas.plotting import frame


@pytest.fixture(autouse=True)
def validate(monkeypatch):
    monkeypatch.setattr(frame, "VALIDATE_FIGURES", True)


def _valid(fig: go.Figure) -> None:
    go.Figure(fig.to_dict())  # raises ValueError on any invalid property


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
