"""Figure builders: takeaway titles from the data, estimates drawn differently, sources inside."""

import pandas as pd

from rare_earth_atlas.overview import figures
from rare_earth_atlas.overview import model as overview
from rare_earth_atlas.plotting import frame


def _frame(fig) -> frame.Frame:
    return frame.frame_of(fig.to_dict())


def test_midstream_gap_title_states_the_takeaway_from_the_data(reference):
    gap = overview.midstream_gap(reference)
    fig = figures.midstream_gap_figure(gap, "Source: X.")
    mining = gap.iloc[0]["china_pct"]
    assert f"China mines {mining:.0f}% of rare earths" in fig.layout.title.text
    assert _frame(fig).source == "Source: X."


def test_estimated_bars_are_hatched_and_others_are_not(reference):
    gap = overview.midstream_gap(reference)
    fig = figures.midstream_gap_figure(gap, "Source: X.")
    china = next(t for t in fig.data if t.name == "China")
    assert list(china.marker.pattern.shape) == ["/" if e else "" for e in gap["estimated"]]


def test_labels_from_data_are_escaped():
    gap = pd.DataFrame(
        [
            {
                "stage": "mining",
                "measure": "Mining: <img src=x onerror=alert(1)>",
                "year": 2025,
                "material": "m",
                "china_pct": 50.0,
                "estimated": False,
                "source_id": "s",
                "rest_of_world_pct": 50.0,
            }
        ]
    )
    fig = figures.midstream_gap_figure(gap, "Source: <script>alert(1)</script>")
    assert "<img" not in " ".join(fig.data[0].y)
    assert "&lt;img src=x onerror=alert(1)&gt;" in " ".join(fig.data[0].y)
    # The frame is kept as plain text; wherever it is drawn it is escaped (tests/unit/test_frames.py).
    assert _frame(fig).source == "Source: <script>alert(1)</script>"


def test_production_figure_switches_between_tonnes_and_shares(reference):
    table = overview.as_share_of_world(overview.production_by_country(reference.mine_production))
    trend = overview.production_trend(reference.mine_production)
    tonnes = figures.mine_production_figure(table, trend, "S.", measure="tonnes")
    shares = figures.mine_production_figure(table, trend, "S.", measure="share")
    china_t = next(t for t in tonnes.data if t.name == "China")
    china_s = next(t for t in shares.data if t.name == "China")
    rows = table[table["country"] == "China"]
    assert list(china_t.y) == list(rows["tonnes_reo"] / 1000)
    assert list(china_s.y) == list(rows["share_of_world_pct"])
    assert shares.layout.yaxis.ticksuffix == "%"
